import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, test } from 'vitest';
import { estateSchema } from '../../src/model/estate.js';
import { importSource } from '../../src/flows/import.js';
import { summarizeFlows } from '../../src/flows/summary.js';
import { openStore } from '../../src/store/store.js';
import { startHttpServer, type TestServer } from '../helpers/servers.js';

// Grafana Loki and Elasticsearch cannot be installed here: these servers answer in their documented response shapes
// (Loki query_range streams; Elasticsearch point-in-time + search_after), paging included, from fixed entries.
const servers: TestServer[] = [];
afterAll(async () => {
  for (const server of servers) await server.close();
});

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const T0 = NOW - 3_600_000;
const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString()));
  });

function combinedLine(ms: number, agent: string, status: number): string {
  const d = new Date(ms);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return (
    `10.0.0.9 - - [${p(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:` +
    `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ` +
    `+0000] "GET /x HTTP/1.1" ${status} 10 "-" "${agent}" rt=0.020 urt="0.018" ua="10.0.0.20:8080"`
  );
}

const estate = (sources: unknown[]) =>
  estateSchema.parse({
    version: 1,
    name: 'Remote logs',
    systems: [
      { id: 'gateway', name: 'Gateway', baseUrl: 'http://gw.internal' },
      { id: 'orders', name: 'Orders', baseUrl: 'http://orders.internal', aliases: ['10.0.0.20:8080'] },
      { id: 'shop', name: 'Shop', baseUrl: 'http://shop.internal' },
    ],
    logSources: sources,
  });

test('Loki query_range is paged forward by time, entries at the page boundary are not counted twice, and re-imports are incremental', async () => {
  // 25 entries, 3 of them sharing the nanosecond at which the first page (limit 10) ends
  const entries: [string, string][] = Array.from({ length: 25 }, (_, i) => {
    const ms = T0 + (i < 8 ? i : i < 11 ? 8 : i) * 1000;
    return [`${BigInt(ms) * 1_000_000n}`, combinedLine(ms, i % 5 === 0 ? 'crm/1' : 'shop/2', i % 5 === 0 ? 502 : 200)];
  });
  const requests: URLSearchParams[] = [];
  const loki = await startHttpServer((req, res) => {
    const url = new URL(req.url!, 'http://loki');
    assert.equal(url.pathname, '/loki/api/v1/query_range');
    requests.push(url.searchParams);
    const start = BigInt(url.searchParams.get('start')!);
    const end = BigInt(url.searchParams.get('end')!);
    const limit = Number(url.searchParams.get('limit'));
    const page = entries.filter(([ns]) => BigInt(ns) >= start && BigInt(ns) <= end).slice(0, limit);
    // two streams, as Loki answers per label set
    const result = [0, 1].map((stream) => ({
      stream: { job: 'nginx', pod: `gw-${stream}` },
      values: page.filter((_, i) => i % 2 === stream),
    }));
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ status: 'success', data: { resultType: 'streams', result, stats: {} } }));
  });
  servers.push(loki);
  const sources = [
    {
      id: 'loki',
      type: 'loki',
      url: loki.url,
      query: '{job="nginx"}',
      system: 'gateway',
      clientIdentity: 'user-agent',
      pageSize: 10,
      since: '2h',
    },
  ];
  const store = openStore(mkdtempSync(join(tmpdir(), 'junction-loki-')));
  try {
    const result = await importSource(store, estate(sources), estate(sources).logSources[0], {
      resolvePath: (p) => p,
      now: NOW,
    });
    assert.equal(result.lines, 25, 'every entry once, none twice across pages');
    assert.equal(result.malformed, 0);
    assert.ok(requests.length >= 3, `paged (${requests.length} requests)`);
    assert.equal(requests[0].get('direction'), 'forward');
    const summary = summarizeFlows(store, estate(sources), { from: T0 - 60_000, until: NOW });
    const find = (from: string, to: string) => summary.edges.find((edge) => edge.from === from && edge.to === to);
    assert.equal(find('shop', 'gateway')?.count, 20);
    assert.equal(find('crm', 'gateway')?.serverErrorRate, 1);
    assert.equal(find('gateway', 'orders')?.count, 25, 'the upstream address maps to orders by its alias');

    entries.push([`${BigInt(T0 + 30_000) * 1_000_000n}`, combinedLine(T0 + 30_000, 'shop/2', 200)]);
    const again = await importSource(store, estate(sources), estate(sources).logSources[0], {
      resolvePath: (p) => p,
      now: NOW,
    });
    assert.equal(again.lines, 1, 'only the new entry');
  } finally {
    store.close();
  }
});

test('Elasticsearch _search is paged with a point in time and search_after; documents map through the field mapping', async () => {
  const docs = Array.from({ length: 23 }, (_, i) => ({
    _id: `doc-${i}`,
    _source: {
      '@timestamp': new Date(T0 + Math.floor(i / 2) * 1000).toISOString(),
      caller: i < 20 ? 'shop' : 'unknown-batch',
      callee: 'orders',
      http: { status: i % 4 === 0 ? 500 : 200 },
      took_ms: 12 + i,
    },
  }));
  docs.push({ _id: 'bad', _source: { caller: 'shop' } as never });
  const calls: string[] = [];
  const es = await startHttpServer(async (req, res) => {
    const url = new URL(req.url!, 'http://es');
    calls.push(`${req.method} ${url.pathname}`);
    const body = JSON.parse((await readBody(req)) || '{}') as {
      size: number;
      search_after?: [number, number];
      pit?: { id: string };
    };
    res.setHeader('content-type', 'application/json');
    if (url.pathname === '/logs-app/_pit') return res.end(JSON.stringify({ id: 'pit-1' }));
    if (req.method === 'DELETE') return res.end(JSON.stringify({ succeeded: true, num_freed: 1 }));
    assert.equal(url.pathname, '/_search');
    assert.equal(body.pit?.id, 'pit-1');
    const sorted = docs.map((doc, index) => ({
      ...doc,
      sort: [Date.parse((doc._source as { '@timestamp'?: string })['@timestamp'] ?? new Date(T0).toISOString()), index],
    }));
    const after = body.search_after;
    const rest = after
      ? sorted.filter((doc) => doc.sort[0] > after[0] || (doc.sort[0] === after[0] && doc.sort[1] > after[1]))
      : sorted;
    const sortedRest = rest.sort((a, b) => a.sort[0] - b.sort[0] || a.sort[1] - b.sort[1]);
    res.end(JSON.stringify({ pit_id: 'pit-1', took: 1, hits: { hits: sortedRest.slice(0, body.size) } }));
  });
  servers.push(es);
  const sources = [
    {
      id: 'es',
      type: 'elasticsearch',
      url: `${es.url}/logs-app`,
      fields: { source: 'caller', target: 'callee', time: '@timestamp', status: 'http.status', latency: 'took_ms' },
      pageSize: 5,
      since: '2h',
    },
  ];
  const store = openStore(mkdtempSync(join(tmpdir(), 'junction-es-')));
  try {
    const result = await importSource(store, estate(sources), estate(sources).logSources[0], {
      resolvePath: (p) => p,
      now: NOW,
    });
    assert.equal(result.lines, 24);
    assert.equal(result.malformed, 1, 'a document without a time is counted and sampled, not fatal');
    assert.match(result.malformedSamples[0].reason, /no readable time/);
    assert.equal(calls[0], 'POST /logs-app/_pit');
    assert.equal(calls.at(-1), 'DELETE /_pit', 'the point in time is closed');
    assert.ok(calls.filter((call) => call === 'POST /_search').length >= 5, 'paged by 5');
    const summary = summarizeFlows(store, estate(sources), { from: T0 - 60_000, until: NOW });
    const shop = summary.edges.find((edge) => edge.from === 'shop' && edge.to === 'orders')!;
    assert.equal(shop.count, 20);
    assert.equal(shop.serverErrorRate, 0.25);
    assert.ok(shop.p50! >= 20 && shop.p50! <= 23, `p50 ${shop.p50}`);
    assert.deepEqual(summary.unknownPeers, ['unknown-batch']);
  } finally {
    store.close();
  }
});
