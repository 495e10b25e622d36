import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { decodeTraceRequest, encodeStatus, encodeTraceResponse } from '../flows/otlp-protobuf.js';
import type { OtlpResponse } from '../flows/otlp-receiver.js';
import { BodyTooLarge, readBytes } from './body.js';

const gunzipAsync = promisify(gunzip);

const JSON_TYPE = 'application/json';
const PROTOBUF_TYPE = 'application/x-protobuf';
/** gRPC codes OTLP/HTTP puts in its Status answers */
const INVALID_ARGUMENT = 3;
const RESOURCE_EXHAUSTED = 8;

/** The encoding an OTLP/HTTP request asked for: its answer comes in the same one. */
export type OtlpEncoding = 'json' | 'protobuf';

/** An OTLP answer in the request's encoding (protobuf: ExportTraceServiceResponse, or google.rpc.Status on error). */
export function sendOtlp(res: ServerResponse, encoding: OtlpEncoding, answer: OtlpResponse): void {
  if (encoding === 'json') {
    res.writeHead(answer.status, { 'content-type': JSON_TYPE, 'cache-control': 'no-store' });
    res.end(JSON.stringify(answer.body));
    return;
  }
  const body =
    'code' in answer.body ? encodeStatus(answer.body.code, answer.body.message) : encodeTraceResponse(answer.body);
  res.writeHead(answer.status, { 'content-type': PROTOBUF_TYPE, 'cache-control': 'no-store' });
  res.end(body);
}

/**
 * The export request of `POST /v1/traces`, decoded: OTLP/HTTP JSON or protobuf, identity or gzip. `maxBytes` caps
 * the body both as sent and once decompressed, so a gzip bomb gets 413 like any body too large. Anything else gets
 * 415 (another media type or content coding) or 400 (unreadable); then the answer is sent and undefined returned.
 */
export async function readOtlpRequest(
  req: IncomingMessage,
  res: ServerResponse,
  maxBytes: number,
): Promise<{ encoding: OtlpEncoding; value: unknown } | undefined> {
  const type = (req.headers['content-type'] ?? JSON_TYPE).split(';')[0].trim().toLowerCase();
  const encoding: OtlpEncoding | undefined =
    type === JSON_TYPE ? 'json' : type === PROTOBUF_TYPE ? 'protobuf' : undefined;
  const coding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const refuse = (answerEncoding: OtlpEncoding, status: number, code: number, message: string) => {
    req.resume();
    sendOtlp(res, answerEncoding, { status, body: { code, message } });
    return undefined;
  };
  if (!encoding)
    return refuse(
      'json',
      415,
      INVALID_ARGUMENT,
      `unsupported Content-Type "${type}": send ${JSON_TYPE} or ${PROTOBUF_TYPE}`,
    );
  if (coding !== 'identity' && coding !== 'gzip')
    return refuse(encoding, 415, INVALID_ARGUMENT, `unsupported Content-Encoding "${coding}": send gzip or none`);
  let bytes: Buffer;
  try {
    bytes = await readBytes(req, maxBytes);
    if (coding === 'gzip') bytes = await gunzipAsync(bytes, { maxOutputLength: maxBytes });
  } catch (error) {
    if (error instanceof BodyTooLarge || (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      return refuse(encoding, 413, RESOURCE_EXHAUSTED, `the request is over ${maxBytes} bytes (decompressed)`);
    return refuse(encoding, 400, INVALID_ARGUMENT, `the body is not valid gzip: ${(error as Error).message}`);
  }
  try {
    if (encoding === 'protobuf') return { encoding, value: decodeTraceRequest(bytes) };
    const text = bytes.toString('utf8');
    return { encoding, value: text === '' ? {} : JSON.parse(text) };
  } catch (error) {
    return refuse(
      encoding,
      400,
      INVALID_ARGUMENT,
      `the body is not an OTLP ExportTraceServiceRequest in ${type}: ${(error as Error).message}`,
    );
  }
}
