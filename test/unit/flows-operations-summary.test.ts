import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'vitest';
import { estateSchema } from '../../src/model/estate.js';
import { importSource } from '../../src/flows/import.js';
import { summarizeOperations } from '../../src/flows/operations-summary.js';
import { summarizeFlows } from '../../src/flows/summary.js';
import { openStore } from '../../src/store/store.js';

/** An extended combined line at 10:00:<second> on 26 Nov 2026; `upstream` is nginx's $upstream_addr. */
const call = (second: number, request: string, agent: string, status = 200, ms = 8, upstream = '10.0.0.9:80') =>
  `10.0.0.1 - - [26/Nov/2026:10:00:${String(second % 60).padStart(2, '0')} +0000] "${request}" ${status} ` +
  `5 "-" "${agent}" rt=${(ms + 1) / 1000} urt="${ms / 1000}" ua="${upstream}"\n`;

test('operations per system: consumers by volume, error rates, documented operations nobody called, where a source covers it, one edge at a time', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'junction-operations-summary-'));
  const gatewayLog = join(dir, 'gateway.log');
  const ordersLog = join(dir, 'orders.log');
  const estate = estateSchema.parse({
    version: 1,
    name: 'x',
    systems: [
      { id: 'gw', name: 'Gateway', baseUrl: 'http://gw.internal', tags: ['gateway'] },
      // orders and billing have a spec (below); shop and crm call, known by their user agents' product tokens
      ...[
        ['orders', '10.0.0.9'],
        ['billing', '10.0.0.7'],
        ['shop', '10.0.0.5', 'svc/shop'],
        ['crm', '10.0.0.6', 'svc/crm'],
      ].map(([id, address, agent]) => ({
        id,
        name: id,
        baseUrl: `http://${address}:80`,
        ...(agent ? { aliases: [agent] } : {}),
      })),
    ],
    logSources: [
      { id: 'gw-log', type: 'nginx-combined', path: gatewayLog, system: 'gw', clientIdentity: 'user-agent' },
      { id: 'orders-log', type: 'nginx-combined', path: ordersLog, system: 'orders', clientIdentity: 'user-agent' },
    ],
  });
  const servers = ['http://orders/api'];
  const specs = new Map([
    [
      'orders',
      [
        { method: 'GET' as const, path: '/orders', operationId: 'listOrders', servers },
        { method: 'GET' as const, path: '/orders/{orderId}', operationId: 'getOrder', servers },
        { method: 'DELETE' as const, path: '/orders/{orderId}', operationId: 'cancelOrder', servers },
      ],
    ],
    ['billing', [{ method: 'GET' as const, path: '/invoices', servers: ['http://billing'] }]],
  ]);
  writeFileSync(
    gatewayLog,
    call(1, 'GET /api/orders/61033?token=s3cret HTTP/1.1', 'svc/shop 2.3') +
      call(2, 'GET /api/orders/9 HTTP/1.1', 'svc/shop 2.3', 200, 40) +
      call(3, 'GET /api/orders/9 HTTP/1.1', 'svc/crm 1.0', 503, 20) +
      call(4, 'GET /api/orders HTTP/1.1', 'svc/shop 2.3', 429, 2) +
      call(5, 'GET /api/orders HTTP/1.1', 'svc/shop 2.3', 404, 2) +
      call(6, 'GET /api/admin/debug/42 HTTP/1.1', 'svc/crm 1.0'),
  );
  // orders' own log also sees a caller that bypasses the gateway
  writeFileSync(ordersLog, call(7, 'GET /api/orders/3 HTTP/1.1', 'svc/crm 1.0', 200, 10, '-'));
  const store = openStore(dir);
  try {
    for (const source of estate.logSources)
      await importSource(store, estate, source, { resolvePath: (p) => p, specs, parallel: { workers: 0 } });
    const window = { from: Date.UTC(2026, 10, 26, 9), until: Date.UTC(2026, 10, 26, 11) };
    const systems = summarizeOperations(store, estate, window);
    const orders = systems.find((system) => system.system === 'orders')!;
    assert.deepEqual(
      orders.operations.map((o) => [o.method, o.path, o.documented, o.count, o.consumers]),
      [
        [
          'GET',
          '/orders/{orderId}',
          true,
          4,
          [
            { system: 'crm', count: 2 },
            { system: 'shop', count: 2 },
          ],
        ],
        ['GET', '/orders', true, 2, [{ system: 'shop', count: 2 }]],
        ['GET', '/admin/debug/{id}', false, 1, [{ system: 'crm', count: 1 }]],
      ],
      'most called first; ids in paths become the template; the query is gone',
    );
    const getOrder = orders.operations[0];
    assert.equal(getOrder.operationId, 'getOrder');
    assert.equal(getOrder.errorRate, 1 / 4, 'one 503 of four calls');
    assert.equal(orders.operations[1].clientErrorRate, 1, 'the 429 and the 404 are both client errors');
    assert.ok(
      getOrder.p99 !== null && Math.abs(getOrder.p99 - 40) < 1,
      `p99 is the slowest call, as the gateway timed orders: ${getOrder.p99}`,
    );
    assert.deepEqual(orders.unused, [{ method: 'DELETE', path: '/orders/{orderId}', operationId: 'cancelOrder' }]);
    assert.equal(orders.observed, true);
    assert.equal(orders.overflowed, false);

    const billing = systems.find((system) => system.system === 'billing')!;
    assert.deepEqual(
      [billing.observed, billing.operations.length, billing.unused.map((o) => o.path)],
      [false, 0, ['/invoices']],
      'no source covers billing: its uncalled operation cannot be told from an unseen one',
    );
    assert.equal(
      systems.some((system) => system.system === 'shop'),
      false,
      'a system with no spec and no incoming call has nothing to list',
    );
    assert.equal(JSON.stringify(systems).includes('s3cret'), false);

    const direct = summarizeOperations(store, estate, window, { edge: { from: 'crm', to: 'orders' } });
    assert.deepEqual(
      direct.flatMap((system) => system.operations.map((o) => [o.path, o.count])),
      [['/orders/{orderId}', 1]],
      'crm → orders is the call that bypassed the gateway, not those the gateway relayed',
    );
    assert.deepEqual(direct[0].unused, [], 'an edge lists what travelled it, not what did not');
    const relayed = summarizeOperations(store, estate, window, { edge: { from: 'gw', to: 'orders' } });
    assert.deepEqual(
      relayed[0].operations.map((o) => [o.path, o.count]),
      [
        ['/orders/{orderId}', 3],
        ['/orders', 2],
        ['/admin/debug/{id}', 1],
      ],
    );
    assert.deepEqual(
      summarizeOperations(store, estate, window, { system: 'billing' }).map((system) => system.system),
      ['billing'],
    );
    assert.deepEqual(
      summarizeOperations(store, estate, window, { system: 'shop' }),
      [{ system: 'shop', observed: false, overflowed: false, operations: [], unused: [] }],
      'a system asked for is answered, with nothing to list',
    );
    const later = summarizeOperations(store, estate, { from: Date.UTC(2026, 10, 27), until: Date.UTC(2026, 10, 28) });
    assert.deepEqual(
      later.find((system) => system.system === 'orders')?.operations,
      [],
      'a window without the calls has none',
    );

    assert.deepEqual(
      summarizeFlows(store, estate, window).operations?.map((system) => system.system),
      systems.map((system) => system.system),
      'the flows artifact carries the same operations',
    );
  } finally {
    store.close();
  }
});
