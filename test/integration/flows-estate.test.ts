import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, test } from 'vitest';
import { runAudit } from '../../src/audit/runner.js';
import { openContext } from '../../src/estate/context.js';
import { importSource } from '../../src/flows/import.js';
import { estateSchema } from '../../src/model/estate.js';
import type { Finding } from '../../src/model/finding.js';
import { httpRequest } from '../../src/probe/http.js';
import { renderHtml } from '../../src/report/html.js';
import { storedReport } from '../../src/report/stored.js';
import { runCli } from '../helpers/cli.js';
import { startNginx, type RunningNginx } from '../helpers/nginx.js';
import { startHttpServer, type TestServer } from '../helpers/servers.js';

// A first real audit, rebuilt: a real nginx in front of an orders service (a deprecated API: Deprecation, Sunset,
// successor Link), run under libfaketime so its access log is 30 days old; two clients naming themselves
// `svc/shop 2.3` and `svc/crm 1.0`, 429s above a rate and 404s; Junction's own audit requests through the same nginx;
// and traces saved as one OTLP document without a final newline. Nothing here was written by hand but the traces.
const DAY = 86_400_000;
let nginx: RunningNginx;
let orders: TestServer;
let dir: string;
let gateway: string;

beforeAll(async () => {
  let served = 0;
  orders = await startHttpServer((req, res) => {
    served++;
    res.setHeader('content-type', 'application/json');
    if (req.url?.startsWith('/missing')) res.statusCode = 404;
    else if (req.url?.startsWith('/orders') && served % 5 === 0) res.statusCode = 429;
    res.end('{}');
  });
  nginx = await startNginx(
    1,
    ([port], logs) =>
      `
  log_format extended '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent ` +
      `"$http_referer" "$http_user_agent" rt=$request_time urt="$upstream_response_time" ua="$upstream_addr"';
  server {
    listen 127.0.0.1:${port};
    access_log ${logs}/logs/orders.log extended;
    add_header Deprecation "@1793318400" always;
    add_header Sunset "Sat, 01 May 2027 00:00:00 GMT" always;
    add_header Link "<http://127.0.0.1:${port}/v2/>; rel=\\"successor-version\\"" always;
    location / { proxy_pass http://127.0.0.1:${orders.port}; }
  }`,
    { faketime: '-30d' },
  );
  gateway = `http://127.0.0.1:${nginx.ports[0]}`;
  dir = mkdtempSync(join(tmpdir(), 'junction-estate-'));
  writeFileSync(join(dir, 'traces.json'), JSON.stringify(traces(Date.now() - 30 * DAY)));
  writeFileSync(
    join(dir, 'junction.yaml'),
    `version: 1
name: First real audit
systems:
  - { id: orders, name: Orders, baseUrl: "${gateway}", healthPath: /health }
  - { id: shop, name: Shop, baseUrl: "https://shop.example", aliases: [svc/shop] }
  - { id: crm, name: CRM, baseUrl: "https://crm.example", aliases: [svc/crm] }
  - { id: legacy, name: Legacy, baseUrl: "http://legacy.example" }
flows:
  - { from: shop, to: orders }
  - { from: crm, to: orders }
  - { from: orders, to: legacy }
logSources:
  - { id: orders-log, type: nginx-combined, path: "${join(nginx.dir, 'logs', 'orders.log')}", system: orders, clientIdentity: user-agent }
  - { id: traces, type: otlp-json, path: traces.json }
`,
  );
});

afterAll(async () => {
  await nginx?.stop();
  await orders?.close();
});

/** One ExportTraceServiceRequest, as `curl -o` saves it: crm calling legacy 4 times (undeclared), at `at`. */
function traces(at: number) {
  const resource = (service: string) => ({ attributes: [{ key: 'service.name', value: { stringValue: service } }] });
  const nanos = (ms: number) => String(BigInt(Math.round(ms)) * 1_000_000n);
  return {
    resourceSpans: [0, 1, 2, 3].flatMap((i) => [
      {
        resource: resource('crm'),
        scopeSpans: [
          {
            spans: [
              {
                traceId: `${i + 1}`.padStart(32, 'a'),
                spanId: `${i + 1}`.padStart(16, 'c'),
                kind: 3,
                startTimeUnixNano: nanos(at + i * 1000),
                endTimeUnixNano: nanos(at + i * 1000 + 30),
              },
            ],
          },
        ],
      },
      {
        resource: resource('legacy'),
        scopeSpans: [
          {
            spans: [
              {
                traceId: `${i + 1}`.padStart(32, 'a'),
                spanId: `${i + 1}`.padStart(16, 'd'),
                parentSpanId: `${i + 1}`.padStart(16, 'c'),
                kind: 2,
                startTimeUnixNano: nanos(at + i * 1000 + 2),
                endTimeUnixNano: nanos(at + i * 1000 + 25),
              },
            ],
          },
        ],
      },
    ]),
  };
}

async function send(agent: string, path: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++)
    await httpRequest({ method: 'GET', url: `${gateway}${path}`, headers: { 'user-agent': agent } });
}

async function audit(checks: string[]): Promise<(system: string, check: string) => Finding> {
  const context = openContext(dir, { outsideFiles: 'allow' });
  try {
    const result = await runAudit(context.workspace, { store: context.store, vault: context.vault }, { checks });
    return (system, check) => result.findings.find((f) => f.systemId === system && f.checkId === check)!;
  } finally {
    context.close();
  }
}

const FLOW_CHECKS = ['monitoring.silent-flows', 'architecture.undocumented-flows', 'architecture.topology'];

test('an old gateway log and a saved trace document: the window, the clients, the errors and the verdicts are right', async () => {
  // before any import nothing is judged: no source covering a flow was read
  const before = await audit([...FLOW_CHECKS, 'versioning.deprecation']);
  assert.equal(before('orders', 'monitoring.silent-flows').status, 'skip');
  assert.match(
    before('orders', 'monitoring.silent-flows').summary,
    /Not judged: no log or trace source covering both ends/,
  );
  assert.equal(before('shop', 'architecture.undocumented-flows').status, 'skip');
  assert.equal(before('orders', 'architecture.topology').status, 'skip');
  // the deprecation headers are live facts: judged without a spec (the sunset is 183 days after the deprecation)
  const deprecation = before('orders', 'versioning.deprecation');
  assert.equal(deprecation.status, 'pass', deprecation.summary);
  assert.match(deprecation.summary, /announces its deprecation: Deprecation @1793318400, Sunset Sat, 01 May 2027/);

  await send('svc/shop 2.3', '/orders', 60);
  await send('svc/crm 1.0', '/orders', 25);
  await send('svc/crm 1.0', '/missing', 15);
  const log = readFileSync(join(nginx.dir, 'logs', 'orders.log'), 'utf8')
    .trim()
    .split('\n');
  const own = log.filter((line) => line.includes('"Junction/')).length;
  assert.ok(own >= 5, `the audit's own baseline requests went through nginx (${own})`);
  const stamp = /\[(\d{2})\/(\w{3})\/(\d{4})/.exec(log[0])!;
  const logged = Date.parse(`${stamp[2]} ${stamp[1]} ${stamp[3]} UTC`);
  assert.ok(Math.abs(Date.now() - 30 * DAY - logged) < 2 * DAY, `nginx logged ${stamp[0]}: 30 days ago`);

  const imported = await runCli(['flows', 'import', dir, '--allow-outside-workspace']);
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(
    imported.stdout,
    new RegExp(
      `orders-log \\(nginx-combined\\): ${log.length} lines read, 0 malformed, ${own} of Junction's own probe requests left out, 100 calls, 2 edges`,
    ),
  );
  assert.match(imported.stdout, /traces \(otlp-json\): 1 lines read, 0 malformed, 4 calls, 1 edges/);
  assert.equal(imported.stderr, '', 'no warning');

  const shown = JSON.parse((await runCli(['flows', 'show', dir, '--json'])).stdout) as {
    window: { from: string; until: string; anchor: string; text: string; outside?: string };
    edges: {
      from: string;
      to: string;
      count: number;
      serverErrorRate: number;
      clientErrorRate: number;
      rateLimitedRate: number;
    }[];
    unknownPeers: string[];
    topology: { text: string; unknownCallers: string[] };
  };
  assert.equal(shown.window.anchor, 'traffic', 'the window ends at the latest imported call, not at the clock');
  assert.ok(Math.abs(Date.parse(shown.window.until) - (Date.now() - 30 * DAY)) < 3_600_000, shown.window.until);
  assert.match(shown.window.text, /^traffic \d{4}-\d\d-\d\d \d\d:\d\d – \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
  const edge = (from: string, to: string) =>
    shown.edges.find((candidate) => candidate.from === from && candidate.to === to)!;
  assert.deepEqual(
    shown.edges.map((e) => `${e.from}>${e.to}:${e.count}`).sort(),
    ['crm>legacy:4', 'crm>orders:40', 'shop>orders:60'],
    "two clients by their product token; no Junction edge; orders' own upstream is no integration",
  );
  // 429s every fifth request to /orders (85 of them: 17), 404s on /missing: apart from the 5xx rate
  const shopCalls = edge('shop', 'orders');
  const crmCalls = edge('crm', 'orders');
  assert.equal(shopCalls.serverErrorRate + crmCalls.serverErrorRate, 0);
  assert.equal(Math.round(crmCalls.clientErrorRate * 40), 15, '15 × 404 of crm');
  assert.equal(Math.round(shopCalls.rateLimitedRate * 60) + Math.round(crmCalls.rateLimitedRate * 40), 17, '17 × 429');
  assert.deepEqual(shown.unknownPeers, []);
  assert.equal(shown.topology.text, 'point-to-point: 3 direct links between 4 systems (spaghetti score 1)');

  const now = await runCli(['flows', 'show', dir, '--until', new Date().toISOString().slice(0, 16), '--window', '1d']);
  assert.match(now.stdout, /No traffic in this window\./);
  assert.match(
    now.stdout,
    /traffic was also seen outside this window .*--window 3\dd or pick one with --from\/--until/,
  );

  const reopened = openContext(dir, { outsideFiles: 'allow' });
  const again = await importSource(
    reopened.store,
    estateSchema.parse({
      version: 1,
      name: 'x',
      logSources: [{ id: 'traces', type: 'otlp-json', path: join(dir, 'traces.json') }],
    }),
    { id: 'traces', type: 'otlp-json', path: join(dir, 'traces.json') },
    { resolvePath: (path) => path },
  );
  reopened.close();
  assert.equal(again.records, 0, 'the same whole-document file imported twice counts its calls once');

  const after = await audit(FLOW_CHECKS);
  const silent = after('orders', 'monitoring.silent-flows');
  assert.equal(silent.status, 'fail', 'the traces cover orders → legacy, and it carried nothing');
  assert.ok(silent.summary.includes(`No traffic on orders → legacy over ${shown.window.text}`), silent.summary);
  assert.equal(after('shop', 'monitoring.silent-flows').status, 'pass');
  assert.equal(after('crm', 'architecture.undocumented-flows').status, 'fail');
  assert.match(after('crm', 'architecture.undocumented-flows').summary, /crm → legacy/);
  const topology = after('orders', 'architecture.topology');
  assert.equal(topology.status, 'warn', topology.summary);
  assert.equal(topology.summary, '2 direct integrations (crm, shop)');

  const context = openContext(dir, { outsideFiles: 'allow' });
  try {
    const report = storedReport(context);
    assert.equal(report.flowWindow?.text, shown.window.text);
    assert.ok(renderHtml(report).includes(`Observed over ${shown.window.text}.`));
    const observed = report.flows?.find((flow) => flow.from === 'crm' && flow.to === 'orders')?.observed;
    assert.equal(Math.round((observed?.clientErrorRate ?? 0) * 40), 15);
  } finally {
    context.close();
  }
});

test('an alias pattern that matches several distinct clients is a warning, not a silent merge', async () => {
  const context = openContext(dir, { outsideFiles: 'allow' });
  try {
    const estate = estateSchema.parse({
      version: 1,
      name: 'x',
      systems: [
        { id: 'clients', name: 'Clients', baseUrl: 'https://c.example', aliases: ['svc/*'] },
        { id: 'orders', name: 'Orders', baseUrl: gateway },
      ],
      logSources: [
        {
          id: 'pattern-log',
          type: 'nginx-combined',
          path: join(nginx.dir, 'logs', 'orders.log'),
          system: 'orders',
          clientIdentity: 'user-agent',
        },
      ],
    });
    const result = await importSource(context.store, estate, estate.logSources[0], { resolvePath: (path) => path });
    assert.deepEqual(result.warnings, [
      'alias "svc/*" of clients matches 2 distinct peers (svc/crm, svc/shop): their calls are all counted as one ' +
        'system; use exact aliases if they are different clients',
    ]);
  } finally {
    context.close();
  }
});
