import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeTracerProvider, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-node';
import { createApiContext } from '../../src/api/context.js';
import { settleWaitingSpans } from '../../src/flows/otlp-receiver.js';
import { hostRoutes } from '../../src/server/routes.js';
import { startHost, type RunningHost } from '../../src/server/server.js';

// Junction's headless host receives traces as instrumented services send them: the OpenTelemetry SDK's protobuf
// exporter with gzip (what most SDKs and the collector default to), and its JSON exporter with gzip. A recording
// proxy in front of the host proves what went over the wire.
let dir: string;
let ctx: ReturnType<typeof createApiContext>;
let host: RunningHost;
let proxy: http.Server;
let proxyUrl: string;
const seen: { contentType?: string; contentEncoding?: string; status?: number; answerType?: string }[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'junction-otlp-enc-'));
  writeFileSync(
    join(dir, 'junction.yaml'),
    `version: 1
name: Traced
systems:
  - { id: web, name: Web, baseUrl: "http://web.internal" }
  - { id: api, name: API, baseUrl: "http://api.internal" }
  - { id: jsonweb, name: JSON web, baseUrl: "http://jsonweb.internal" }
`,
  );
  ctx = createApiContext(dir);
  host = await startHost({ ctx, rendererDir: join(dir, 'no-renderer'), routes: hostRoutes() });
  proxy = http.createServer((req, res) => {
    const record: (typeof seen)[number] = {
      contentType: req.headers['content-type'],
      contentEncoding: req.headers['content-encoding'],
    };
    seen.push(record);
    const upstream = http.request(
      {
        host: '127.0.0.1',
        port: host.port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: `127.0.0.1:${host.port}` },
      },
      (answer) => {
        record.status = answer.statusCode;
        record.answerType = answer.headers['content-type'];
        res.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
});

afterAll(async () => {
  await host?.close();
  await new Promise((resolve) => proxy?.close(resolve));
  ctx?.close();
});

/** One CLIENT span of `caller` and the SERVER span of `callee` under it, exported by each service's own SDK. */
async function tracedCall(caller: string, callee: string, exporter: () => SpanExporter): Promise<void> {
  const providers = [caller, callee].map(
    (service) =>
      new NodeTracerProvider({
        resource: resourceFromAttributes({ 'service.name': service }),
        spanProcessors: [new SimpleSpanProcessor(exporter())],
      }),
  );
  const client = providers[0].getTracer('t').startSpan('GET /items', { kind: SpanKind.CLIENT });
  const server = providers[1]
    .getTracer('t')
    .startSpan('GET /items', { kind: SpanKind.SERVER }, trace.setSpan(ROOT_CONTEXT, client));
  server.end();
  client.end();
  await Promise.all(providers.map((provider) => provider.forceFlush()));
  await Promise.all(providers.map((provider) => provider.shutdown()));
}

const callsOf = (from: string, to: string) =>
  ctx.store.flows.edges(0).find((edge) => edge.source === from && edge.target === to)?.count ?? 0;

describe('POST /v1/traces', () => {
  test('the SDK protobuf exporter with gzip is read with the official definitions and answered in protobuf', async () => {
    const exporter = () =>
      new ProtobufExporter({
        url: `${proxyUrl}/v1/traces`,
        headers: { authorization: `Bearer ${host.token}` },
        compression: CompressionAlgorithm.GZIP,
      });
    for (let i = 0; i < 3; i++) await tracedCall('web', 'api', exporter);
    const sent = seen.splice(0);
    assert.equal(sent.length, 6, 'one export per span');
    for (const request of sent) {
      assert.deepEqual(
        [request.contentType, request.contentEncoding, request.status, request.answerType],
        ['application/x-protobuf', 'gzip', 200, 'application/x-protobuf'],
      );
    }
    assert.equal(callsOf('web', 'api'), 3, 'each CLIENT span paired with its SERVER span across two exports');
  });

  test('the SDK JSON exporter with gzip is read too', async () => {
    const exporter = () =>
      new JsonExporter({
        url: `${proxyUrl}/v1/traces`,
        headers: { authorization: `Bearer ${host.token}` },
        compression: CompressionAlgorithm.GZIP,
      });
    await tracedCall('jsonweb', 'api', exporter);
    const sent = seen.splice(0);
    assert.deepEqual(
      sent.map((request) => [request.contentType, request.contentEncoding, request.status]),
      [
        ['application/json', 'gzip', 200],
        ['application/json', 'gzip', 200],
      ],
    );
    assert.equal(callsOf('jsonweb', 'api'), 1);
    settleWaitingSpans({ store: ctx.store, estate: ctx.workspace.estate }, true);
  });

  const post = (body: Buffer | string, headers: Record<string, string>) =>
    fetch(`${host.url.replace(/\/\?token=.*/, '')}/v1/traces`, {
      method: 'POST',
      headers: { authorization: `Bearer ${host.token}`, ...headers },
      body,
    });

  test('other media types and content codings get 415; a gzip bomb gets 413; broken bodies 400', async () => {
    assert.equal((await post('{}', { 'content-type': 'text/plain' })).status, 415);
    assert.equal((await post('a=1', { 'content-type': 'application/x-www-form-urlencoded' })).status, 415);
    const deflate = await post('{}', { 'content-type': 'application/json', 'content-encoding': 'deflate' });
    assert.equal(deflate.status, 415);
    assert.match(((await deflate.json()) as { message: string }).message, /unsupported Content-Encoding "deflate"/);
    // 64 MB of zeros compress to ~64 kB: under the 20 MB wire cap, over it once inflated
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
    assert.ok(bomb.length < 1024 * 1024, `bomb of ${bomb.length} bytes`);
    const refused = await post(bomb, { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' });
    assert.equal(refused.status, 413);
    assert.equal(
      refused.headers.get('content-type'),
      'application/x-protobuf',
      'a protobuf client gets a google.rpc.Status',
    );
    assert.equal(
      (await post('not gzip', { 'content-type': 'application/json', 'content-encoding': 'gzip' })).status,
      400,
    );
    assert.equal(
      (await post(Buffer.from([0x0a, 0xff, 0xff]), { 'content-type': 'application/x-protobuf' })).status,
      400,
    );
    assert.equal(
      (await post(gzipSync('{"resourceSpans":[]}'), { 'content-type': 'application/json', 'content-encoding': 'gzip' }))
        .status,
      200,
    );
  });
});
