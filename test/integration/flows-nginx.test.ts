import assert from 'node:assert/strict';
import { afterAll, beforeAll, test } from 'vitest';
import { writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openContext } from '../../src/estate/context.js';
import { importSource, type ImportResult } from '../../src/flows/import.js';
import { summarizeFlows } from '../../src/flows/summary.js';
import { httpRequest } from '../../src/probe/http.js';
import { runCli } from '../helpers/cli.js';
import { startNginx, type RunningNginx } from '../helpers/nginx.js';
import { startHttpServer, type TestServer } from '../helpers/servers.js';

// Debian's nginx proxies /orders/ and /billing/ to two Node upstreams and writes the same requests twice: in the
// extended combined format and as escape=json. Known traffic goes through it; the discovered edges must match.
let nginx: RunningNginx;
let orders: TestServer;
let billing: TestServer;
let gatewayUrl: string;

const ORDERS_DELAY_MS = 40;

beforeAll(async () => {
  orders = await startHttpServer((_req, res) => {
    setTimeout(() => res.end('{"orders":[]}'), ORDERS_DELAY_MS);
  });
  billing = await startHttpServer((req, res) => {
    res.statusCode = req.url?.includes('fail') ? 503 : 200;
    res.end('{"invoices":[]}');
  });
  nginx = await startNginx(
    1,
    ([port], dir) =>
      `
  log_format extended '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent ` +
      `"$http_referer" "$http_user_agent" rt=$request_time urt="$upstream_response_time" ua="$upstream_addr"';
  log_format jsonlog escape=json '{"time_iso8601":"$time_iso8601","remote_addr":"$remote_addr","request":"$request",'
    '"status":$status,"body_bytes_sent":$body_bytes_sent,"request_time":$request_time,"upstream_addr":"$upstream_addr",'
    '"upstream_response_time":"$upstream_response_time","http_user_agent":"$http_user_agent"}';
  server {
    listen 127.0.0.1:${port};
    access_log ${dir}/logs/gateway.log extended;
    access_log ${dir}/logs/gateway.json jsonlog;
    location /orders/ { proxy_pass http://127.0.0.1:${orders.port}; }
    location /billing/ { proxy_pass http://127.0.0.1:${billing.port}; }
  }`,
  );
  gatewayUrl = `http://127.0.0.1:${nginx.ports[0]}`;
});

afterAll(async () => {
  await nginx?.stop();
  await orders?.close();
  await billing?.close();
});

async function send(agent: string, path: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    await httpRequest({ method: 'GET', url: `${gatewayUrl}${path}`, headers: { 'user-agent': agent } });
  }
}

function workspace(source: 'nginx-combined' | 'nginx-json', file: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'junction-flows-nginx-'));
  writeFileSync(
    join(dir, 'junction.yaml'),
    `version: 1
name: Gateway estate
systems:
  - { id: gateway, name: Gateway, baseUrl: "${gatewayUrl}", tags: [gateway] }
  - { id: orders, name: Orders, baseUrl: "${orders.url}" }
  - { id: billing, name: Billing, baseUrl: "${billing.url}" }
  - { id: shop, name: Web shop, baseUrl: "https://shop.example" }
  - { id: crm, name: CRM, baseUrl: "https://crm.example", aliases: [crm-sync] }
flows:
  - { from: shop, to: gateway }
  - { from: gateway, to: orders }
  - { from: crm, to: gateway }
  - { from: gateway, to: billing }
logSources:
  - { id: gateway-log, type: ${source}, path: "${join(nginx.dir, 'logs', file)}", system: gateway, clientIdentity: user-agent }
`,
  );
  return dir;
}

interface ShownEdge {
  from: string;
  to: string;
  count: number;
  serverErrorRate: number;
  clientErrorRate: number;
  rateLimitedRate: number;
  p50: number | null;
  p95: number | null;
  declared: boolean;
}

/** In-process import and summary (the CLI is exercised once below: each spawn costs seconds). */
async function importAll(dir: string): Promise<ImportResult> {
  // nginx writes its log in its own prefix folder, outside the workspace: read on purpose
  const context = openContext(dir, { outsideFiles: 'allow' });
  try {
    return await importSource(context.store, context.workspace.estate, context.workspace.estate.logSources[0], {
      resolvePath: context.workspace.resolvePath,
    });
  } finally {
    context.close();
  }
}

function show(dir: string): { edges: ShownEdge[]; unknownPeers: string[] } {
  const context = openContext(dir, { outsideFiles: 'not-read' });
  try {
    return summarizeFlows(context.store, context.workspace.estate, {
      from: Date.now() - 3_600_000,
      until: Date.now() + 60_000,
    });
  } finally {
    context.close();
  }
}

const edge = (edges: ShownEdge[], from: string, to: string) => {
  const found = edges.find((candidate) => candidate.from === from && candidate.to === to);
  assert.ok(found, `no edge ${from} → ${to} in ${JSON.stringify(edges)}`);
  return found;
};

test('combined and JSON access logs of a real nginx give the edges, counts, error rates and latencies of the traffic', async () => {
  await send('shop/3.1 (web)', '/orders/list', 20);
  await send('crm-sync/2.0', '/billing/invoices', 8);
  await send('crm-sync/2.0', '/billing/fail', 2);
  await send('curl/8.5.0', '/orders/list', 1);

  for (const [type, file] of [
    ['nginx-combined', 'gateway.log'],
    ['nginx-json', 'gateway.json'],
  ] as const) {
    const dir = workspace(type, file);
    const imported = await importAll(dir);
    assert.deepEqual([imported.lines, imported.malformed, imported.records, imported.edges], [31, 0, 62, 5], type);
    const { edges, unknownPeers } = show(dir);
    assert.equal(edges.length, 5, `${type}: ${JSON.stringify(edges)}`);
    assert.equal(edge(edges, 'shop', 'gateway').count, 20);
    assert.equal(edge(edges, 'shop', 'gateway').serverErrorRate, 0);
    assert.equal(edge(edges, 'crm', 'gateway').count, 10);
    assert.equal(edge(edges, 'crm', 'gateway').serverErrorRate, 0.2);
    assert.equal(edge(edges, 'gateway', 'billing').serverErrorRate, 0.2);
    const toOrders = edge(edges, 'gateway', 'orders');
    assert.equal(toOrders.count, 21);
    assert.equal(toOrders.declared, true);
    // the upstream's own latency, from $upstream_response_time: the 40 ms delay within the histogram's 2.5 %
    assert.ok(toOrders.p50! >= ORDERS_DELAY_MS * 0.97 && toOrders.p50! < 250, `${type}: orders p50 ${toOrders.p50}`);
    assert.ok(edge(edges, 'gateway', 'billing').p50! < ORDERS_DELAY_MS, `${type}: billing answers at once`);
    assert.deepEqual(unknownPeers, ['curl']);
    assert.equal(edge(edges, 'curl', 'gateway').declared, false);

    assert.equal((await importAll(dir)).records, 0, 'a second import counts nothing twice');
    assert.equal(edge(show(dir).edges, 'shop', 'gateway').count, 20);
  }

  // Appended traffic is read incrementally, through the CLI as a user runs it: only the new lines count.
  const dir = workspace('nginx-combined', 'gateway.log');
  await importAll(dir);
  await send('shop/3.1 (web)', '/orders/list', 5);
  const more = await runCli(['flows', 'import', dir, '--allow-outside-workspace']);
  assert.match(
    more.stdout,
    /gateway-log \(nginx-combined\): 5 lines read, 0 malformed, 10 calls \(5 proxied lines count/,
  );
  assert.match(
    more.stdout,
    /twice: the client → the gateway, and the gateway → the upstream it forwarded to\), 2 edges\n/,
  );
  const shown = await runCli(['flows', 'show', dir, '--json']);
  const json = JSON.parse(shown.stdout) as { edges: ShownEdge[]; unknownPeers: string[] };
  assert.equal(edge(json.edges, 'shop', 'gateway').count, 25);
  assert.deepEqual(Object.keys(json.edges[0]).sort(), [
    'clientErrorRate',
    'count',
    'declared',
    'from',
    'p50',
    'p95',
    'p99',
    'protocol',
    'rateLimitedRate',
    'serverErrorRate',
    'to',
  ]);
});
