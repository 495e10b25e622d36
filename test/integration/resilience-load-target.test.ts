import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { stringify } from 'yaml';
import { DEFAULT_SETTINGS } from '../../checks/contract.js';
import { rateLimitsEnforced } from '../../checks/rate-limits-enforced.js';
import { burstGatherer } from '../../src/gather/burst.js';
import type { BurstArtifact } from '../../src/model/artifacts/resilience.js';
import { makeSystem } from '../helpers/estate.js';
import { gatherWith } from '../helpers/gather.js';
import { okBackend, startNginx, type RunningNginx } from '../helpers/nginx.js';

const LOAD = { maxRps: 60, maxRequests: 120, maxSeconds: 3 };

/** Requests nginx logged per path, from its own access log. */
function arrivals(nginx: RunningNginx): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of readFileSync(join(nginx.dir, 'logs', 'access.log'), 'utf8').split('\n')) {
    const path = /"GET ([^ ?]+)/.exec(line)?.[1];
    if (path) counts.set(path, (counts.get(path) ?? 0) + 1);
  }
  return counts;
}

describe('the burst goes where the limit is: allow.load.path, else the GET the spec documents 429 for', () => {
  let nginx: RunningNginx;
  let base: string;
  let dir: string;
  beforeAll(async () => {
    // only /orders is limited, as on a gateway that guards the expensive listing and not the health check
    // (limit_req runs before the content phase: a `return` in the location would bypass it, so a backend answers)
    nginx = await startNginx(2, ([port, backend]) => {
      return `
  limit_req_zone $binary_remote_addr zone=orders:1m rate=5r/s;
  server {
    listen 127.0.0.1:${port};
    location = /orders {
      limit_req zone=orders burst=2 nodelay;
      limit_req_status 429;
      add_header Retry-After 1 always;
      proxy_pass http://127.0.0.1:${backend};
    }
    location / { proxy_pass http://127.0.0.1:${backend}; }
  }
${okBackend(backend)}`;
    });
    base = `http://127.0.0.1:${nginx.ports[0]}`;
    dir = mkdtempSync(join(tmpdir(), 'junction-load-target-'));
    const ok = { '200': { description: 'ok' } };
    writeFileSync(
      join(dir, 'orders.yaml'),
      stringify({
        openapi: '3.0.3',
        info: { title: 'Orders', version: '1.0.0' },
        paths: {
          '/health': { get: { operationId: 'health', responses: ok } },
          '/orders/{id}': {
            // documents 429 but needs an id nobody gave an example for: not a target
            get: {
              operationId: 'getOrder',
              parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
              responses: { ...ok, '429': { description: 'slow down' } },
            },
          },
          '/orders': {
            get: { operationId: 'listOrders', responses: { ...ok, '429': { description: 'slow down' } } },
          },
        },
      }),
    );
  });
  afterAll(() => nginx.stop());

  const burst = async (fields: Record<string, unknown>): Promise<BurstArtifact & { ran: true }> => {
    const system = makeSystem({ baseUrl: base, healthPath: '/health', spec: 'orders.yaml', ...fields });
    const artifact = await gatherWith(burstGatherer, system, undefined, dir);
    assert.ok(artifact.ran, JSON.stringify(artifact));
    return artifact;
  };

  it("defaults to the spec's GET that documents 429 and can be called, and sees the limit there", async () => {
    const before = arrivals(nginx);
    const artifact = await burst({ allow: { load: LOAD } });
    assert.equal(artifact.url, `${base}/orders`);
    assert.equal(artifact.target, 'GET /orders: the spec documents 429 for it');
    assert.ok(
      artifact.firstLimited,
      `the limit on /orders was reached: ${JSON.stringify(artifact.timeline.slice(0, 40))} ${JSON.stringify(artifact.load.statuses)}`,
    );
    const after = arrivals(nginx);
    assert.equal((after.get('/health') ?? 0) - (before.get('/health') ?? 0), 0, 'the health path got none of it');
    assert.ok((after.get('/orders') ?? 0) - (before.get('/orders') ?? 0) >= artifact.load.sent);
    const verdict = rateLimitsEnforced.judge({ burst: artifact }, makeSystem({ baseUrl: base }), DEFAULT_SETTINGS);
    assert.equal(verdict.status, 'pass', verdict.summary);
    const list = verdict.evidence.find((item) => item.kind === 'list' && item.title === 'Burst');
    assert.ok(list?.kind === 'list');
    assert.deepEqual(list.items[0], {
      label: 'Target',
      value: `${base}/orders (GET /orders: the spec documents 429 for it)`,
    });
    const table = verdict.evidence.find((item) => item.kind === 'table' && item.title === 'Burst load');
    assert.ok(table?.kind === 'table');
    assert.ok(table.columns.some((column) => /^Late \(sent >10 ms after due, or never\)$/.test(column.label)));
  });

  it('allow.load.path wins over the spec; without a spec the health path is loaded', async () => {
    const chosen = await burst({ allow: { load: { ...LOAD, path: '/health' } } });
    assert.equal(chosen.url, `${base}/health`);
    assert.equal(chosen.target, 'allow.load.path');
    assert.equal(chosen.firstLimited, undefined, 'the health path is not limited');

    const system = makeSystem({ baseUrl: base, healthPath: '/health', allow: { load: LOAD } });
    const plain = await gatherWith(burstGatherer, system, undefined, dir);
    assert.ok(plain.ran);
    assert.equal(plain.url, `${base}/health`);
    assert.equal(plain.target, 'the health path');
  });
});
