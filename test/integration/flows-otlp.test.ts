import assert from 'node:assert/strict';
import http, { type IncomingMessage } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, test } from 'vitest';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { traceparent } from '../../assets/demo/telemetry.js';
import { estateSchema } from '../../src/model/estate.js';
import {
  PENDING_SPAN_MS,
  receiveOtlpTraces,
  settleWaitingSpans,
  startSpanSettling,
} from '../../src/flows/otlp-receiver.js';
import { summarizeFlows } from '../../src/flows/summary.js';
import { httpRequest } from '../../src/probe/http.js';
import { openStore, type Store } from '../../src/store/store.js';
import { startHttpServer, type TestServer } from '../helpers/servers.js';

// Three Node services instrumented with the OpenTelemetry SDK (manual spans, W3C traceparent between them) export
// OTLP/HTTP JSON to Junction's receiver, mounted in a tiny HTTP server as the headless server mounts it.
const estate = estateSchema.parse({
  version: 1,
  name: 'Traced estate',
  systems: [
    { id: 'frontend', name: 'Frontend', baseUrl: 'http://frontend.internal' },
    { id: 'checkout', name: 'Checkout', baseUrl: 'http://checkout.internal' },
    { id: 'inventory', name: 'Inventory', baseUrl: 'http://inventory.internal', aliases: ['inventory-svc'] },
  ],
  flows: [{ from: 'frontend', to: 'checkout' }],
});

let store: Store;
let receiver: TestServer;
const services: TestServer[] = [];
const providers: NodeTracerProvider[] = [];
const responses: { status: number; body: unknown }[] = [];

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function tracerFor(service: string): Tracer {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${receiver.url}/v1/traces` }))],
  });
  providers.push(provider);
  return provider.getTracer('test');
}

/** A traced service: a SERVER span per request (child of the caller's traceparent), then `work`. */
async function tracedService(
  tracer: Tracer,
  work: (parent: ReturnType<typeof trace.setSpan>, path: string) => Promise<number>,
): Promise<TestServer> {
  const server = await startHttpServer((req, res) => {
    const match = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/.exec(String(req.headers.traceparent));
    const parent = match
      ? trace.setSpanContext(ROOT_CONTEXT, { traceId: match[1], spanId: match[2], traceFlags: 1, isRemote: true })
      : ROOT_CONTEXT;
    const span = tracer.startSpan(`GET ${req.url}`, { kind: SpanKind.SERVER }, parent);
    void work(trace.setSpan(parent, span), req.url ?? '/').then((status) => {
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      res.statusCode = status;
      res.end();
    });
  });
  services.push(server);
  return server;
}

async function call(tracer: Tracer, parent: ReturnType<typeof trace.setSpan>, url: string): Promise<number> {
  const span = tracer.startSpan(
    `GET ${new URL(url).pathname}`,
    {
      kind: SpanKind.CLIENT,
      attributes: { 'server.address': new URL(url).hostname, 'server.port': Number(new URL(url).port) },
    },
    parent,
  );
  const response = await httpRequest({ method: 'GET', url, headers: { traceparent: traceparent(span) } });
  if (response.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
  return response.status;
}

beforeAll(async () => {
  store = openStore(mkdtempSync(join(tmpdir(), 'junction-otlp-')));
  const server = http.createServer(async (req, res) => {
    const text = await body(req);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const answer = receiveOtlpTraces(parsed, { store, estate });
    responses.push(answer);
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver = {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    port: 0,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
});

afterAll(async () => {
  await Promise.all(providers.map((provider) => provider.shutdown()));
  for (const service of services) await service.close();
  await receiver?.close();
  store?.close();
});

test('spans exported by OpenTelemetry SDK services pair into client → server edges, with client and server latency apart', async () => {
  const inventoryTracer = tracerFor('inventory-svc');
  const checkoutTracer = tracerFor('checkout');
  const frontendTracer = tracerFor('frontend');
  const inventory = await tracedService(inventoryTracer, async (_parent, path) => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    return path.includes('sold-out') ? 500 : 200;
  });
  const checkout = await tracedService(checkoutTracer, async (parent, path) => {
    // an uninstrumented database: only checkout's CLIENT span knows about it
    const db = checkoutTracer.startSpan(
      'SELECT carts',
      {
        kind: SpanKind.CLIENT,
        attributes: { 'db.system': 'postgresql', 'server.address': 'carts-db', 'server.port': 5432 },
      },
      parent,
    );
    db.end();
    return call(checkoutTracer, parent, `${inventory.url}${path}`);
  });
  for (let i = 0; i < 8; i++) {
    const root = frontendTracer.startSpan('page', { kind: SpanKind.INTERNAL });
    await call(frontendTracer, trace.setSpan(ROOT_CONTEXT, root), `${checkout.url}/${i < 2 ? 'sold-out' : 'item'}`);
    root.end();
  }
  await Promise.all(providers.map((provider) => provider.forceFlush()));

  assert.ok(
    responses.length > 0 && responses.every((response) => response.status === 200),
    JSON.stringify(responses.slice(0, 2)),
  );
  assert.equal(
    settleWaitingSpans({ store, estate }, true),
    8,
    'the unpaired database calls are settled by their peer attributes',
  );
  const summary = summarizeFlows(store, estate, { from: Date.now() - 600_000, until: Date.now() + 60_000 });
  const edge = (from: string, to: string) =>
    summary.edges.find((candidate) => candidate.from === from && candidate.to === to);
  assert.equal(edge('frontend', 'checkout')?.count, 8);
  assert.equal(edge('frontend', 'checkout')?.declared, true);
  assert.equal(edge('checkout', 'inventory')?.count, 8, 'service.name inventory-svc maps to the system by its alias');
  assert.equal(edge('checkout', 'inventory')?.serverErrorRate, 0.25);
  const toInventory = edge('checkout', 'inventory')!;
  assert.ok(toInventory.p50! >= 19, `server-side p50 ${toInventory.p50}`);
  assert.ok(toInventory.clientP95! >= toInventory.p50!, 'the caller waits at least as long as the callee works');
  assert.equal(edge('checkout', 'carts-db:5432')?.protocol, 'db');
  assert.deepEqual(summary.unknownPeers, ['carts-db:5432']);
});

test('the receiver refuses what is not an OTLP export request, and rejects malformed spans in a partial success', () => {
  assert.equal(receiveOtlpTraces({ resourceSpans: 'nope' }, { store, estate }).status, 400);
  const partial = receiveOtlpTraces(
    {
      resourceSpans: [
        {
          resource: { attributes: [] },
          scopeSpans: [{ spans: [{ traceId: '', spanId: 'x', startTimeUnixNano: '1', endTimeUnixNano: '2' }] }],
        },
      ],
    },
    { store, estate },
  );
  assert.equal(partial.status, 200);
  assert.deepEqual((partial.body as { partialSuccess: { rejectedSpans: number } }).partialSuccess.rejectedSpans, 1);
});

test('while the host runs, client spans whose server half never comes are settled on a timer, and the rest at stop', async () => {
  const lone = (spanId: string, peer: string) => ({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'frontend' } }] },
        scopeSpans: [
          {
            spans: [
              {
                traceId: `${spanId}${spanId}`,
                spanId,
                kind: 3,
                startTimeUnixNano: `${Date.now()}000000`,
                endTimeUnixNano: `${Date.now() + 5}000000`,
                attributes: [{ key: 'peer.service', value: { stringValue: peer } }],
              },
            ],
          },
        ],
      },
    ],
  });
  const edgeTo = (peer: string) =>
    store.flows.edges(0).find((edge) => edge.source === 'frontend' && edge.target === peer)?.count ?? 0;
  // a span still waiting for its server half, and one received long enough ago to settle at the first turn
  assert.equal(receiveOtlpTraces(lone('bbbbbbbbbbbbbbbb', 'sms-gateway'), { store, estate }).status, 200);
  assert.equal(
    receiveOtlpTraces(lone('aaaaaaaaaaaaaaaa', 'mail-relay'), {
      store,
      estate,
      now: Date.now() - PENDING_SPAN_MS - 1000,
    }).status,
    200,
  );
  assert.equal(edgeTo('mail-relay'), 0, 'nothing settles it but time');
  const settling = startSpanSettling(() => ({ store, estate }), 20);
  const deadline = Date.now() + 10_000;
  while (edgeTo('mail-relay') === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(edgeTo('mail-relay'), 1, 'settled by the timer');
  assert.equal(edgeTo('sms-gateway'), 0, 'still waiting: it is young');
  assert.equal(settling.stop(), 1);
  assert.equal(edgeTo('sms-gateway'), 1, 'settled at stop');
});
