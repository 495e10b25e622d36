import protobuf from 'protobufjs/light.js';
import { OTLP_TRACE_DESCRIPTOR } from './generated/otlp-trace.js';

const requestType = protobuf.Root.fromJSON(OTLP_TRACE_DESCRIPTOR).lookupType(
  'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest',
);

/**
 * What the receiver answers, declared here by their field numbers in the OTLP specification: the published .proto
 * files we generate from predate ExportTraceServiceResponse's partial_success (opentelemetry-proto 0.19), and
 * google.rpc.Status (the error answer of OTLP/HTTP protobuf) is no part of them.
 */
const answers = new protobuf.Root()
  .add(
    new protobuf.Type('ExportTracePartialSuccess')
      .add(new protobuf.Field('rejectedSpans', 1, 'int64'))
      .add(new protobuf.Field('errorMessage', 2, 'string')),
  )
  .add(
    new protobuf.Type('ExportTraceServiceResponse').add(
      new protobuf.Field('partialSuccess', 1, 'ExportTracePartialSuccess'),
    ),
  )
  .add(
    new protobuf.Type('Status')
      .add(new protobuf.Field('code', 1, 'int32'))
      .add(new protobuf.Field('message', 2, 'string')),
  );
const responseType = answers.lookupType('ExportTraceServiceResponse');
const statusType = answers.lookupType('Status');

/**
 * An OTLP/HTTP protobuf ExportTraceServiceRequest as the OTLP/JSON mapping spells it (camelCase fields, int64 as
 * decimal strings, ids as base64, enums as numbers), so one reader serves both encodings. Throws on bytes that are
 * not such a message.
 */
export function decodeTraceRequest(bytes: Uint8Array): unknown {
  return requestType.toObject(requestType.decode(bytes), { longs: String, bytes: String, enums: Number });
}

/** ExportTraceServiceResponse (a partial success, when spans were rejected). */
export function encodeTraceResponse(body: {
  partialSuccess?: { rejectedSpans: number; errorMessage: string };
}): Buffer {
  return Buffer.from(responseType.encode(responseType.fromObject(body)).finish());
}

/** An error answer: google.rpc.Status with the gRPC code and message. */
export function encodeStatus(code: number, message: string): Buffer {
  return Buffer.from(statusType.encode(statusType.fromObject({ code, message })).finish());
}
