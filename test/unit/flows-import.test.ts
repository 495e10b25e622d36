import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'vitest';
import { estateSchema } from '../../src/model/estate.js';
import { parseEstate } from '../../src/estate/workspace.js';
import { importSource } from '../../src/flows/import.js';
import { openStore } from '../../src/store/store.js';
import { ConfigError } from '../../src/estate/errors.js';
import { OTHER_OPERATION_PATH } from '../../src/model/artifacts/operations.js';

const line = (second: number, agent = 'shop/1', status = 200) =>
  `10.0.0.1 - - [26/Nov/2026:10:00:${String(second).padStart(2, '0')} +0000] "GET / HTTP/1.1" ${status} ` +
  `5 "-" "${agent}" rt=0.010 urt="0.008" ua="10.0.0.9:80"\n`;

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'junction-import-'));
  const file = join(dir, 'access.log');
  const estate = estateSchema.parse({
    version: 1,
    name: 'x',
    systems: [{ id: 'gw', name: 'Gateway', baseUrl: 'http://gw.internal', tags: ['gateway'] }],
    logSources: [{ id: 'gw-log', type: 'nginx-combined', path: file, system: 'gw', clientIdentity: 'user-agent' }],
  });
  const store = openStore(dir);
  const run = () => importSource(store, estate, estate.logSources[0], { resolvePath: (p) => p });
  const count = () => store.flows.edges(0).find((edge) => edge.source === 'shop')?.count ?? 0;
  return { file, store, run, count };
}

test('imports are incremental and idempotent; a partial last line waits; a rotated file is read from its start', async () => {
  const { file, store, run, count } = setup();
  try {
    writeFileSync(file, line(1) + line(2) + 'garbage\n' + line(3).slice(0, 20));
    const first = await run();
    assert.deepEqual([first.lines, first.malformed, first.records, first.forwarded], [3, 1, 4, 2]);
    assert.equal(first.heldBytes, 20, 'the last line, without its newline yet, is held');
    assert.equal(first.malformedSamples[0].text, 'garbage');
    appendFileSync(file, line(3).slice(20));
    assert.equal((await run()).lines, 1, 'the completed line is read once');
    assert.equal((await run()).lines, 0, 'nothing new: nothing counted twice');
    assert.equal(count(), 3);
    const operations = () => store.flows.operations(0).filter((o) => o.consumer === 'shop' && o.target === 'gw');
    assert.deepEqual(
      operations().map((o) => [o.method, o.path, o.count]),
      [['GET', '/', 3]],
      'the operations too, written with the edges and the cursor',
    );
    const series = store.flows.edgeSeries('shop', 'gw', 'http', 0, Date.UTC(2027, 0, 1));
    assert.deepEqual(
      series.map((point) => [point.t, point.count, point.errors]),
      [[Date.UTC(2026, 10, 26, 10, 0), 3, 0]],
      'one minute of traffic, one point',
    );
    assert.ok(Math.abs(series[0].p95Ms! - 10) < 0.3, `p95 ${series[0].p95Ms}`);
    // logrotate: a new file at the same path
    writeFileSync(file, line(9, 'shop/1', 503));
    const rotated = await run();
    assert.equal(rotated.lines, 1);
    assert.equal(count(), 4);
    assert.deepEqual(
      operations().map((o) => [o.count, o.errors]),
      [[4, 1]],
    );
    assert.equal(store.flows.edges(0).find((edge) => edge.source === 'shop')!.errors, 1);
  } finally {
    store.close();
  }
});

test('log sources are a discriminated union: each type names what it needs', () => {
  const estate = (source: string) => `version: 1\nname: x\nsystems: []\nlogSources:\n  - ${source}\n`;
  assert.throws(
    () => parseEstate(estate('{ id: a, type: jsonl, path: x.jsonl }'), 'junction.yaml'),
    ConfigError,
    'jsonl needs a field mapping',
  );
  assert.throws(
    () => parseEstate(estate('{ id: a, type: loki, path: x.log }'), 'junction.yaml'),
    ConfigError,
    'loki needs a url and a query',
  );
  assert.throws(
    () => parseEstate(estate('{ id: a, type: nginx-combined, path: x.log, system: nope }'), 'junction.yaml'),
    /no system with id "nope"/,
  );
  const loki = parseEstate(
    estate('{ id: a, type: loki, url: "http://loki:3100", query: "{job=\\"nginx\\"}", since: 2h }'),
    'junction.yaml',
  ).logSources[0];
  assert.equal(loki.type === 'loki' && loki.since, 7_200_000);
  assert.equal(loki.type === 'loki' && loki.format, 'nginx-combined');
});

test('a last line without a newline is read once the file has stopped growing, and only once', async () => {
  const { file, store, run, count } = setup();
  try {
    writeFileSync(file, line(1) + line(2).trimEnd());
    const first = await run();
    assert.deepEqual([first.lines, first.records, first.heldBytes], [1, 2, line(2).length - 1]);
    const second = await run();
    assert.deepEqual(
      [second.lines, second.records, second.heldBytes],
      [1, 2, 0],
      'the file did not grow: the line is whole',
    );
    assert.equal((await run()).lines, 0);
    assert.equal(count(), 2);
    appendFileSync(file, '\n' + line(3));
    assert.equal((await run()).lines, 1, 'what is appended later is read, nothing twice');
    assert.equal(count(), 3);
  } finally {
    store.close();
  }
});

test('calls through a gateway are matched to the upstream spec at import; undocumented templates overflow past the cap', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'junction-operations-'));
  const file = join(dir, 'access.log');
  const estate = estateSchema.parse({
    version: 1,
    name: 'x',
    systems: [
      { id: 'gw', name: 'Gateway', baseUrl: 'http://gw.internal', tags: ['gateway'] },
      { id: 'orders', name: 'Orders', baseUrl: 'http://10.0.0.9:80' },
    ],
    logSources: [{ id: 'gw-log', type: 'nginx-combined', path: file, system: 'gw', clientIdentity: 'user-agent' }],
  });
  const specs = new Map([
    [
      'orders',
      [
        { method: 'GET' as const, path: '/orders/{orderId}', operationId: 'getOrder', servers: ['http://orders/api'] },
        { method: 'POST' as const, path: '/orders', servers: ['http://orders/api'] },
        { method: 'DELETE' as const, path: '/orders/{orderId}', servers: ['http://orders/api'] },
      ],
    ],
  ]);
  const call = (second: number, request: string, agent = 'shop/1', status = 200, ms = 8) =>
    `10.0.0.1 - - [26/Nov/2026:10:00:${String(second % 60).padStart(2, '0')} +0000] "${request}" ${status} ` +
    `5 "-" "${agent}" rt=0.010 urt="${ms / 1000}" ua="10.0.0.9:80"\n`;
  const store = openStore(dir);
  const run = () =>
    importSource(store, estate, estate.logSources[0], { resolvePath: (p) => p, specs, parallel: { workers: 0 } });
  const orders = () =>
    store.flows
      .operations(0)
      .filter((operation) => operation.target === 'orders')
      .map((o) => [o.method, o.path, o.documented, o.consumer, o.via, o.count, o.errors, o.clientErrors]);
  try {
    writeFileSync(
      file,
      call(1, 'GET /api/orders/61033?token=s3cret HTTP/1.1') +
        call(2, 'GET /api/orders/9 HTTP/1.1', 'billing/2') +
        call(3, 'GET /api/orders/9 HTTP/1.1', 'shop/1', 503, 40) +
        call(4, 'POST /api/orders HTTP/1.1', 'shop/1', 404) +
        call(5, 'GET /api/admin/debug/42 HTTP/1.1'),
    );
    const first = await run();
    assert.deepEqual(first.warnings, []);
    assert.deepEqual(orders(), [
      ['GET', '/admin/debug/{id}', false, 'shop', 'gw', 1, 0, 0],
      ['GET', '/orders/{orderId}', true, 'billing', 'gw', 1, 0, 0],
      ['GET', '/orders/{orderId}', true, 'shop', 'gw', 2, 1, 0],
      ['POST', '/orders', true, 'shop', 'gw', 1, 0, 1],
    ]);
    const slow = store.flows.operations(0).find((o) => o.consumer === 'shop' && o.path === '/orders/{orderId}')!;
    assert.ok(
      Math.abs(slow.client.percentile(99)! - 40) < 1,
      `the upstream latency: p99 ${slow.client.percentile(99)}`,
    );
    assert.equal(JSON.stringify(store.flows.operations(0)).includes('s3cret'), false, 'the query is never stored');
    assert.deepEqual(
      store.flows.specOperations().map((o) => `${o.system} ${o.method} ${o.path}`),
      ['orders POST /orders', 'orders DELETE /orders/{orderId}', 'orders GET /orders/{orderId}'],
    );

    // re-importing reads nothing new and counts nothing twice
    assert.equal((await run()).lines, 0);
    assert.deepEqual(orders()[2], ['GET', '/orders/{orderId}', true, 'shop', 'gw', 2, 1, 0]);

    // 2,000 undocumented templates are kept per system (with the one stored before); the rest count as "other"
    const word = (n: number) => n.toString(26).replace(/./g, (digit) => String.fromCharCode(97 + parseInt(digit, 26)));
    appendFileSync(
      file,
      Array.from({ length: 2_010 }, (_, i) => call(i, `GET /api/page-${word(i)} HTTP/1.1`)).join(''),
    );
    const overflowing = await run();
    // the gateway was called on the same paths, and it has no spec
    assert.deepEqual(
      overflowing.warnings.map(
        (warning) => /^calls to (\S+) reached 2,000 distinct undocumented endpoint templates/.exec(warning)?.[1],
      ),
      ['gw', 'orders'],
    );
    const undocumented = store.flows.operations(0).filter((o) => o.target === 'orders' && !o.documented);
    assert.equal(new Set(undocumented.map((o) => o.path)).size, 2_001, '2,000 templates and (other)');
    assert.equal(undocumented.find((o) => o.path === OTHER_OPERATION_PATH)?.count, 11);
    assert.equal(
      undocumented.reduce((sum, o) => sum + o.count, 0),
      2_011,
      'every call is counted once, named or not',
    );
  } finally {
    store.close();
  }
});
