import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ROOT_CONTEXT, SpanKind, trace, type Context, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { traceparent } from '../../assets/demo/telemetry.js';
import { openContext } from '../../src/estate/context.js';
import type { FlowsArtifact } from '../../src/model/artifacts/flows.js';
import type { SpecArtifact } from '../../src/model/artifacts/spec.js';
import { ENDPOINT_EVIDENCE, type OperationTraffic } from '../../src/model/artifacts/operations.js';
import type { Evidence, Finding } from '../../src/model/finding.js';
import { httpRequest } from '../../src/probe/http.js';
import type { Report } from '../../src/report/schema.js';
import { BIN, runCli } from '../helpers/cli.js';
import { gatewayEstateYaml } from '../helpers/gateway-estate.js';
import { callAs, startGateway, type RunningGateway } from '../helpers/nginx.js';
import { recordArtifact } from '../helpers/recorded.js';
import { startHttpServer, type TestServer } from '../helpers/servers.js';

/**
 * The Verify of issue #18, through the built CLI: a real nginx as the gateway in front of two Node services whose
 * specs the test writes (orders in an old and a new version with two breaking changes: one on an operation shop
 * calls, one on an operation nobody calls), two clients known by their User-Agents calling documented and
 * undocumented paths through it, then `junction flows import`, `flows show --operations --json` and `audit`. And
 * OTLP from the OpenTelemetry SDK: an instrumented service's `http.route`s sent to `junction serve` become
 * operations matched to its spec. Shadow endpoints, unused operations and the consumers of each breaking change
 * must be exactly those driven here.
 */

const SHOP = 'svc/shop 2.3';
const CRM = 'svc/crm 1.0';

/** GET /orders gains a required query parameter (shop calls it); DELETE /orders/{orderId} goes (nobody calls it). */
const ordersSpec = (server: string, version: '1.0.0' | '1.1.0') => `openapi: 3.0.3
info: { title: Orders, version: ${version} }
servers:
  - url: ${server}
paths:
  /orders:
    get:
      operationId: listOrders
      parameters:
        - { name: status, in: query, required: ${version === '1.1.0'}, schema: { type: string } }
      responses: { '200': { description: the orders } }
    post:
      operationId: createOrder
      responses: { '201': { description: created } }
  /orders/{orderId}:
    parameters:
      - { name: orderId, in: path, required: true, schema: { type: string } }
    get:
      operationId: getOrder
      responses: { '200': { description: one order } }
${
  version === '1.0.0'
    ? `    delete:
      operationId: cancelOrder
      responses: { '204': { description: cancelled } }
`
    : ''
}  /orders/{orderId}/history:
    parameters:
      - { name: orderId, in: path, required: true, schema: { type: string } }
    get:
      operationId: orderHistory
      responses: { '200': { description: its history } }
`;

const billingSpec = (server: string) => `openapi: 3.0.3
info: { title: Billing, version: 1.0.0 }
servers:
  - url: ${server}
paths:
  /invoices:
    get:
      operationId: listInvoices
      responses: { '200': { description: the invoices } }
  /invoices/{invoiceId}:
    get:
      operationId: getInvoice
      parameters:
        - { name: invoiceId, in: path, required: true, schema: { type: string } }
      responses: { '200': { description: one invoice } }
  /refunds:
    post:
      operationId: createRefund
      responses: { '201': { description: refunded } }
`;

/** A service answering every path 200 with `{}`, and these paths with their status. */
const service = (statuses: Record<string, number> = {}) =>
  startHttpServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.statusCode = statuses[req.url ?? ''] ?? 200;
    res.end('{}');
  });

type Table = Extract<Evidence, { kind: 'table' }>;
const tableOf = (finding: Finding, id: string): Table => {
  const found = finding.evidence.find((evidence) => evidence.kind === 'table' && evidence.id === id);
  assert.ok(found, `${finding.checkId} on ${finding.systemId}: no table ${id}; ${finding.summary}`);
  return found as Table;
};
/** `METHOD path` of each row, with the cells asked for. */
const rows = (table: Table, ...keys: string[]) =>
  table.rows.map((row) => [`${row.method} ${row.path}`, ...keys.map((key) => row[key])]);
const sorted = <T>(list: T[]) => [...list].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe(
  'endpoint-level traffic through a real nginx gateway, via the built CLI (#18 Verify)',
  { timeout: 120_000 },
  () => {
    const services: TestServer[] = [];
    let nginx: RunningGateway | undefined;
    let dir: string;
    let report: Report;
    const finding = (system: string, check: string) => {
      const found = report.findings.find((candidate) => candidate.systemId === system && candidate.checkId === check);
      assert.ok(found, `no ${check} finding for ${system}`);
      return found;
    };

    beforeAll(async () => {
      const orders = await service();
      const billing = await service({ '/debug/vars': 500 });
      services.push(orders, billing);
      dir = mkdtempSync(join(tmpdir(), 'junction-operations-verify-'));
      nginx = await startGateway(join(dir, 'gateway.log'), [
        `location /orders { proxy_pass http://127.0.0.1:${orders.port}; }`,
        `location /internal/ { proxy_pass http://127.0.0.1:${orders.port}; }`,
        `location /invoices { proxy_pass http://127.0.0.1:${billing.port}; }`,
        `location /debug/ { proxy_pass http://127.0.0.1:${billing.port}; }`,
      ]);
      const gateway = nginx.url;
      // documented calls
      await callAs(gateway, SHOP, '/orders?page=2&token=s3cr3t', { times: 5 });
      await callAs(gateway, SHOP, ['/orders/1001', '/orders/1002', '/orders/1003']);
      await callAs(gateway, SHOP, '/orders', { times: 2, method: 'POST' });
      await callAs(gateway, CRM, '/orders/2001');
      await callAs(gateway, CRM, '/invoices', { times: 3 });
      await callAs(gateway, CRM, ['/invoices/7001', '/invoices/7002']);
      // undocumented (shadow) calls: an export job of shop's, and crm reading billing's debug page, which fails
      await callAs(gateway, SHOP, '/internal/export', { times: 4 });
      await callAs(gateway, CRM, '/debug/vars', { times: 2 });

      writeFileSync(join(dir, 'orders.yaml'), ordersSpec(gateway, '1.1.0'));
      writeFileSync(join(dir, 'orders-1.0.yaml'), ordersSpec(gateway, '1.0.0'));
      writeFileSync(join(dir, 'billing.yaml'), billingSpec(gateway));
      writeFileSync(
        join(dir, 'junction.yaml'),
        gatewayEstateYaml({
          name: 'Operations verify',
          gatewayUrl: gateway,
          ordersUrl: orders.url,
          billingUrl: billing.url,
          extra: {
            orders: 'spec: orders.yaml, specPrevious: orders-1.0.yaml, healthPath: /health',
            billing: 'spec: billing.yaml, healthPath: /health',
          },
        }),
      );
      const imported = await runCli(['flows', 'import', dir], { timeoutMs: 60_000 });
      assert.equal(imported.code, 0, `junction flows import: ${imported.stderr}`);
    });

    afterAll(async () => {
      await nginx?.stop();
      await Promise.all(services.map((running) => running.close()));
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('flows show --operations --json lists exactly the operations driven, and the documented ones nobody called', async () => {
      const shown = await runCli(['flows', 'show', dir, '--operations', '--json'], { timeoutMs: 60_000 });
      assert.equal(shown.code, 0, shown.stderr);
      const json = JSON.parse(shown.stdout) as {
        operations: OperationTraffic[];
        unused: { system: string; method: string; path: string }[];
      };
      // the upstreams' operations (the gateway's own hop from each client is listed too, under gateway)
      const upstreams = json.operations
        .filter((operation) => operation.system !== 'gateway')
        .map((operation) => [
          `${operation.system} ${operation.method} ${operation.path}`,
          operation.documented,
          operation.count,
          operation.errorRate,
          operation.consumers.map((consumer) => `${consumer.system} ${consumer.count}`).join(', '),
        ]);
      assert.deepEqual(
        sorted(upstreams),
        sorted([
          ['orders GET /orders', true, 5, 0, 'shop 5'],
          ['orders GET /orders/{orderId}', true, 4, 0, 'shop 3, crm 1'],
          ['orders POST /orders', true, 2, 0, 'shop 2'],
          ['orders GET /internal/export', false, 4, 0, 'shop 4'],
          ['billing GET /invoices', true, 3, 0, 'crm 3'],
          ['billing GET /invoices/{invoiceId}', true, 2, 0, 'crm 2'],
          ['billing GET /debug/vars', false, 2, 1, 'crm 2'],
        ]),
      );
      assert.deepEqual(
        sorted(json.unused.map((operation) => `${operation.system} ${operation.method} ${operation.path}`)),
        ['billing POST /refunds', 'orders GET /orders/{orderId}/history'],
      );
      assert.doesNotMatch(shown.stdout, /s3cr3t|page=2/, 'queries are never kept');
    });

    it('audit: shadow endpoints, unused operations and the consumers of each breaking change are those driven', async () => {
      const out = join(dir, 'report');
      const audit = await runCli(
        [
          'audit',
          dir,
          '--systems',
          'orders,billing',
          '--checks',
          'documentation.shadow-endpoints,documentation.unused-operations,versioning.breaking-changes,monitoring.latency',
          '--format',
          'json,md',
          '--out',
          out,
        ],
        { timeoutMs: 90_000 },
      );
      assert.equal(audit.code, 1, `the shadow endpoints and the breaking change fail: ${audit.stderr}`);
      report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
      // what the run judged, for the unit tests of the checks (test/unit/checks-operations.test.ts)
      const stored = openContext(dir);
      try {
        const artifacts = stored.store.runs.artifacts(report.run.id, 'orders');
        recordArtifact('flows', 'operations-gateway', artifacts.flows.artifact as FlowsArtifact);
        recordArtifact('spec', 'operations-gateway-orders', artifacts.spec.artifact as SpecArtifact);
      } finally {
        stored.close();
      }

      const ordersShadow = finding('orders', 'documentation.shadow-endpoints');
      assert.equal(ordersShadow.status, 'fail', ordersShadow.summary);
      assert.deepEqual(rows(tableOf(ordersShadow, ENDPOINT_EVIDENCE.shadow), 'count', 'consumers'), [
        ['GET /internal/export', 4, 'shop ×4'],
      ]);
      const billingShadow = finding('billing', 'documentation.shadow-endpoints');
      assert.equal(billingShadow.status, 'fail', billingShadow.summary);
      assert.deepEqual(rows(tableOf(billingShadow, ENDPOINT_EVIDENCE.shadow), 'count', 'errorRate', 'consumers'), [
        ['GET /debug/vars', 2, 100, 'crm ×2'],
      ]);

      for (const [system, unused] of [
        ['orders', 'GET /orders/{orderId}/history'],
        ['billing', 'POST /refunds'],
      ]) {
        const found = finding(system, 'documentation.unused-operations');
        assert.equal(found.status, 'warn', found.summary);
        assert.deepEqual(rows(tableOf(found, ENDPOINT_EVIDENCE.unused)), [[unused]], system);
      }

      const breaking = finding('orders', 'versioning.breaking-changes');
      assert.equal(breaking.status, 'fail', breaking.summary);
      const changes = tableOf(breaking, ENDPOINT_EVIDENCE.breakingConsumers);
      const window = report.flowWindow!.text;
      assert.deepEqual(
        sorted(changes.rows.map((row) => [row.rule, row.operation, row.calls, row.consumers])),
        sorted([
          ['request-parameter-became-required', 'GET /orders', 5, 'shop ×5'],
          ['api-removed-without-deprecation', 'DELETE /orders/{orderId}', 0, `nobody over ${window} (lower risk)`],
        ]),
      );
      assert.match(
        breaking.summary,
        new RegExp(`1 on operations called by shop ×5, 1 on an operation nobody called over .* \\(lower risk\\)$`),
      );
      assert.equal(finding('billing', 'versioning.breaking-changes').status, 'skip', 'billing has no previous spec');

      // the per-operation latency table: billing's debug page failed every time nginx relayed it
      const latency = finding('billing', 'monitoring.latency');
      assert.deepEqual(rows(tableOf(latency, ENDPOINT_EVIDENCE.failing), 'errorRate', 'consumers'), [
        ['GET /debug/vars', 100, 'crm ×2'],
      ]);
      assert.deepEqual(
        sorted(rows(tableOf(finding('orders', 'monitoring.latency'), ENDPOINT_EVIDENCE.slowest), 'count')),
        sorted([
          ['GET /orders', 5],
          ['GET /orders/{orderId}', 4],
          ['GET /internal/export', 4],
          ['POST /orders', 2],
        ]),
      );

      // the Markdown report's endpoint section says the same, per system
      const markdown = readFileSync(join(out, 'report.md'), 'utf8');
      const section = markdown.slice(markdown.indexOf('## Endpoints per system'), markdown.indexOf('## Findings'));
      assert.match(section, /### Orders service[\s\S]*Shadow endpoints[\s\S]*\| GET \| \/internal\/export \| 4 \|/);
      assert.match(section, /\| DELETE \/orders\/\{orderId\} \| 0 \| nobody over .* \(lower risk\) \|/);
      assert.match(section, /\| GET \/orders \| 5 \| shop ×5 \|/);
      assert.match(section, /### Billing service[\s\S]*\| POST \| \/refunds \|/);
    });
  },
);

describe(
  'OTLP from the OpenTelemetry SDK, received by junction serve, matched to the spec (#18 Verify)',
  { timeout: 120_000 },
  () => {
    const servers: TestServer[] = [];
    const providers: NodeTracerProvider[] = [];
    let junction: ChildProcess | undefined;
    let dir: string;

    afterAll(async () => {
      await Promise.all(providers.map((provider) => provider.shutdown()));
      await Promise.all(servers.map((server) => server.close()));
      junction?.kill('SIGKILL');
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    /** `junction serve` on a free port; resolves with its origin and token once it prints its URL. */
    function serve(workspace: string): Promise<{ origin: string; token: string }> {
      junction = spawn(process.execPath, [BIN, 'serve', workspace, '--port', '0', '--no-monitor'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`junction serve printed no URL:\n${output}`)), 60_000);
        const read = (chunk: Buffer) => {
          output += chunk.toString();
          const line = /^(http:\/\/127\.0\.0\.1:\d+)\/\?token=([\w-]+)$/m.exec(output);
          if (line) {
            clearTimeout(timer);
            resolve({ origin: line[1], token: line[2] });
          }
        };
        junction!.stdout!.on('data', read);
        junction!.stderr!.on('data', read);
      });
    }

    function tracerFor(service: string, origin: string, token: string): Tracer {
      const provider = new NodeTracerProvider({
        resource: resourceFromAttributes({ 'service.name': service }),
        spanProcessors: [
          new SimpleSpanProcessor(
            new OTLPTraceExporter({ url: `${origin}/v1/traces`, headers: { authorization: `Bearer ${token}` } }),
          ),
        ],
      });
      providers.push(provider);
      return provider.getTracer('operations-verify');
    }

    it("an instrumented service's http.routes become operations of its spec: documented, shadow and unused", async () => {
      dir = mkdtempSync(join(tmpdir(), 'junction-operations-otlp-'));
      writeFileSync(
        join(dir, 'catalog.yaml'),
        `openapi: 3.0.3
info: { title: Catalog, version: 1.0.0 }
paths:
  /products:
    get: { operationId: listProducts, responses: { '200': { description: ok } } }
  /products/{sku}:
    get: { operationId: getProduct, responses: { '200': { description: ok } } }
    delete: { operationId: deleteProduct, responses: { '204': { description: gone } } }
`,
      );
      writeFileSync(
        join(dir, 'junction.yaml'),
        `version: 1
name: Traced catalog
systems:
  - { id: storefront, name: Storefront, baseUrl: "http://127.0.0.1:9" }
  - { id: catalog, name: Catalog, baseUrl: "http://127.0.0.1:9", spec: catalog.yaml }
`,
      );
      const { origin, token } = await serve(dir);
      const catalogTracer = tracerFor('catalog', origin, token);
      const storefrontTracer = tracerFor('storefront', origin, token);
      // the catalog's routes, as an Express app declares them; a SERVER span per request, child of the caller's
      const routes: [RegExp, string][] = [
        [/^\/products$/, '/products'],
        [/^\/products\/[^/]+$/, '/products/:sku'],
        [/^\/admin\/reindex$/, '/admin/reindex'],
      ];
      const catalog = await startHttpServer((req, res) => {
        const path = new URL(req.url ?? '/', 'http://catalog').pathname;
        const match = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/.exec(String(req.headers.traceparent));
        const parent = match
          ? trace.setSpanContext(ROOT_CONTEXT, { traceId: match[1], spanId: match[2], traceFlags: 1, isRemote: true })
          : ROOT_CONTEXT;
        const route = routes.find(([pattern]) => pattern.test(path))?.[1];
        const span = catalogTracer.startSpan(
          `${req.method} ${route ?? path}`,
          {
            kind: SpanKind.SERVER,
            attributes: {
              'http.request.method': req.method ?? 'GET',
              'url.path': path,
              ...(route ? { 'http.route': route } : {}),
              'http.response.status_code': 200,
            },
          },
          parent,
        );
        res.end('{}');
        span.end();
      });
      servers.push(catalog);
      const call = async (method: 'GET' | 'POST', path: string) => {
        const root = storefrontTracer.startSpan('page', { kind: SpanKind.INTERNAL });
        const context: Context = trace.setSpan(ROOT_CONTEXT, root);
        const span = storefrontTracer.startSpan(
          `${method}`,
          {
            kind: SpanKind.CLIENT,
            attributes: {
              'http.request.method': method,
              'url.full': `${catalog.url}${path}`,
              'server.port': catalog.port,
            },
          },
          context,
        );
        await httpRequest({ method, url: `${catalog.url}${path}`, headers: { traceparent: traceparent(span) } });
        span.end();
        root.end();
      };
      for (const sku of ['sku-1', 'sku-2', 'sku-3']) await call('GET', `/products/${sku}`);
      await call('GET', '/products?q=shoes');
      await call('POST', '/admin/reindex');
      await call('POST', '/admin/reindex');
      await Promise.all(providers.map((provider) => provider.forceFlush()));

      // the spec was read when the first traces came, once for this workspace load: documenting the reindex now
      // changes nothing for the exports that follow (a reload of the workspace would read it again)
      writeFileSync(
        join(dir, 'catalog.yaml'),
        readFileSync(join(dir, 'catalog.yaml'), 'utf8') +
          "  /admin/reindex:\n    post: { operationId: reindex, responses: { '202': { description: ok } } }\n",
      );
      await call('POST', '/admin/reindex');
      await Promise.all(providers.map((provider) => provider.forceFlush()));

      const shown = await runCli(['flows', 'show', dir, '--operations', '--json'], { timeoutMs: 60_000 });
      assert.equal(shown.code, 0, shown.stderr);
      const json = JSON.parse(shown.stdout) as {
        operations: OperationTraffic[];
        unused: { system: string; method: string; path: string; operationId?: string }[];
      };
      assert.deepEqual(
        sorted(
          json.operations.map((operation) => [
            operation.system,
            `${operation.method} ${operation.path}`,
            operation.documented,
            operation.operationId ?? null,
            operation.count,
            operation.consumers.map((consumer) => `${consumer.system} ${consumer.count}`).join(', '),
          ]),
        ),
        sorted([
          ['catalog', 'GET /products/{sku}', true, 'getProduct', 3, 'storefront 3'],
          ['catalog', 'GET /products', true, 'listProducts', 1, 'storefront 1'],
          ['catalog', 'POST /admin/reindex', false, null, 3, 'storefront 3'],
        ]),
      );
      assert.deepEqual(json.unused, [
        { system: 'catalog', method: 'DELETE', path: '/products/{sku}', operationId: 'deleteProduct' },
      ]);
    });
  },
);
