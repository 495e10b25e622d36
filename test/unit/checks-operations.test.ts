/**
 * The endpoint-level checks (#18) on flows artifacts with operations (test/fixtures/artifacts/flows): every verdict of
 * documentation.shadow-endpoints and documentation.unused-operations, with the reason and the evidence it shows.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../checks/contract.js';
import { documentationShadowEndpoints } from '../../checks/documentation-shadow-endpoints.js';
import { documentationUnusedOperations } from '../../checks/documentation-unused-operations.js';
import type { SpecArtifact } from '../../src/model/artifacts/spec.js';
import type { Evidence, Verdict } from '../../src/model/finding.js';
import { makeSystem } from '../helpers/estate.js';
import { recordedArtifact } from '../helpers/recorded.js';

const WINDOW = 'traffic 2025-11-24 16:00 – 2025-12-01 16:00 UTC';
const system = (id: string, spec: string | null = 'openapi.yaml') =>
  makeSystem({ id, name: id, baseUrl: `http://127.0.0.1:8080/${id}`, ...(spec ? { spec } : {}) });

/** A readable spec (recorded from a real one) documenting the given operations, PATCH deprecated. */
function specOf(operations: { method: string; path: string; deprecated?: boolean }[]): SpecArtifact {
  const spec = recordedArtifact('spec', 'express-undocumented-429');
  const [template] = spec.operations;
  return {
    ...spec,
    operations: operations.map((operation) => ({
      ...template,
      ...operation,
      method: operation.method as SpecArtifact['operations'][number]['method'],
      deprecated: operation.deprecated ?? false,
    })),
  };
}
const SPEC = specOf([
  { method: 'GET', path: '/orders' },
  { method: 'GET', path: '/orders/{orderId}' },
  { method: 'POST', path: '/orders' },
  { method: 'PATCH', path: '/orders/{orderId}', deprecated: true },
  { method: 'GET', path: '/orders/{orderId}/history' },
]);
const UNREAD = recordedArtifact('spec', 'catch-all-200');

const tableOf = (verdict: Verdict, title: RegExp): Extract<Evidence, { kind: 'table' }> => {
  const found = verdict.evidence.find((evidence) => evidence.title !== undefined && title.test(evidence.title));
  assert.ok(found, `no evidence titled ${title}; got ${verdict.evidence.map((evidence) => evidence.title).join(', ')}`);
  assert.equal(found.kind, 'table');
  return found;
};
const names = (evidence: Extract<Evidence, { kind: 'table' }>) =>
  evidence.rows.map((row) => `${row.method} ${row.path}`);

describe('documentation.shadow-endpoints', () => {
  const judge = (id: string, flows = recordedArtifact('flows', 'operations-estate'), spec = SPEC) =>
    documentationShadowEndpoints.judge({ spec, flows }, system(id), DEFAULT_SETTINGS);

  it('fails on undocumented operations called, the most called first with their callers', () => {
    const verdict = judge('orders');
    assert.equal(verdict.status, 'fail');
    assert.equal(
      verdict.summary,
      `3 undocumented operations received 45 of 260 calls over ${WINDOW}; most called: ` +
        'GET /internal/export (crm ×40), DELETE /orders/{orderId} (shop ×3), GET /debug/{id} (curl/8.5.0 ×2)',
    );
    const shadow = tableOf(verdict, /^Undocumented operations of orders by calls$/);
    assert.deepEqual(names(shadow), ['GET /internal/export', 'DELETE /orders/{orderId}', 'GET /debug/{id}']);
    assert.deepEqual(
      shadow.rows.map((row) => [row.count, row.errorRate, row.p95, row.consumers]),
      [
        [40, 0, 420, 'crm ×40'],
        [3, 0, 8, 'shop ×3'],
        [2, 50, 4, 'curl/8.5.0 ×2'],
      ],
    );
    assert.deepEqual(names(tableOf(verdict, /^Documented operations called$/)), [
      'GET /orders',
      'GET /orders/{orderId}',
      'POST /orders',
    ]);
    assert.match(verdict.remediation ?? '', /Document each endpoint .* in openapi\.yaml/);
  });

  it('counts the templates past the cardinality cap as shadow traffic, and says they are pooled', () => {
    const verdict = judge('catalog');
    assert.equal(verdict.status, 'fail');
    assert.match(verdict.summary, /^2 undocumented operations received 930 of 1430 calls/);
    assert.match(verdict.summary, /\(templates past the cardinality cap are counted under \(other\)\)/);
    assert.match(
      verdict.summary,
      /most called: GET \(other\) \(shop ×870, crawler ×30\), GET \/products\/\{sku\}\/reviews/,
    );
  });

  it('passes only when traffic was seen and all of it is documented', () => {
    const verdict = judge('payments');
    assert.equal(verdict.status, 'pass');
    assert.equal(
      verdict.summary,
      `Every operation called over ${WINDOW} is documented in openapi.yaml (2 operations, 104 calls)`,
    );
    assert.deepEqual(names(tableOf(verdict, /^Operations of payments called/)), [
      'POST /payments',
      'GET /payments/{paymentId}',
    ]);
  });

  it('skips with the true reason: not observed, nothing recorded, or flows from before operations were kept', () => {
    const billing = judge('billing');
    assert.equal(billing.status, 'skip');
    assert.equal(
      billing.summary,
      `billing's incoming traffic is not observed over ${WINDOW}: no log source or trace covers it`,
    );
    const quiet = recordedArtifact('flows', 'operations-estate');
    quiet.operations!.find((entry) => entry.system === 'payments')!.operations = [];
    assert.equal(
      judge('payments', quiet).summary,
      `No call to payments was seen over ${WINDOW}: no traffic to compare with its spec`,
    );
    const absent = judge('shop');
    assert.equal(absent.status, 'skip');
    assert.equal(absent.summary, `No endpoint-level traffic of shop was recorded over ${WINDOW}`);
    const legacy = judge('orders', recordedArtifact('flows', 'before-operations'));
    assert.equal(legacy.status, 'skip');
    assert.match(legacy.summary, /carry no endpoint-level traffic: they were read by a Junction that did not keep/);
  });

  it('skips a system without a spec, and cannot judge one whose spec is unreadable', () => {
    assert.equal(documentationShadowEndpoints.appliesTo(system('orders', null)), 'no spec declared (systems[].spec)');
    const verdict = judge('orders', undefined, UNREAD);
    assert.equal(verdict.status, 'error');
    assert.match(verdict.summary, /could not be read: no spec declared/);
  });
});

describe('documentation.unused-operations', () => {
  const judge = (id: string, flows = recordedArtifact('flows', 'operations-estate'), spec = SPEC) =>
    documentationUnusedOperations.judge({ spec, flows }, system(id), DEFAULT_SETTINGS);

  it('warns listing the documented operations nobody called, with whether the spec deprecates them', () => {
    const verdict = judge('orders');
    assert.equal(verdict.status, 'warn');
    assert.equal(
      verdict.summary,
      `2 of 5 documented operations had no call over ${WINDOW}: PATCH /orders/{orderId}, GET /orders/{orderId}/history`,
    );
    const unused = tableOf(verdict, /^Documented operations with no call/);
    assert.deepEqual(
      unused.rows.map((row) => [row.method, row.path, row.operationId, row.deprecated]),
      [
        ['PATCH', '/orders/{orderId}', 'updateOrder', 'yes'],
        ['GET', '/orders/{orderId}/history', null, 'no'],
      ],
    );
    // the shadow endpoints are no documented operation, called or not
    assert.deepEqual(names(tableOf(verdict, /^Documented operations called/)), [
      'GET /orders',
      'GET /orders/{orderId}',
      'POST /orders',
    ]);
    assert.match(verdict.remediation ?? '', /deprecate it/);
  });

  it('passes when every documented operation was called', () => {
    const verdict = judge('payments');
    assert.equal(verdict.status, 'pass');
    assert.equal(verdict.summary, `Every documented operation was called over ${WINDOW} (2 operations)`);
    const catalog = judge('catalog');
    assert.equal(catalog.status, 'pass', 'shadow and pooled traffic are not documented operations');
    assert.equal(catalog.summary, `Every documented operation was called over ${WINDOW} (1 operation)`);
  });

  it('warns on every documented operation of an observed system nobody called at all', () => {
    const quiet = recordedArtifact('flows', 'operations-estate');
    const payments = quiet.operations!.find((entry) => entry.system === 'payments')!;
    payments.unused = payments.operations.map(({ method, path, operationId }) => ({ method, path, operationId }));
    payments.operations = [];
    const verdict = judge('payments', quiet);
    assert.equal(verdict.status, 'warn');
    assert.match(
      verdict.summary,
      /^2 of 2 documented operations had no call .*: POST \/payments, GET \/payments\/\{paymentId\}$/,
    );
    assert.equal(verdict.evidence.length, 1, 'no empty table of called operations');
  });

  it('skips where traffic is not observed, where nothing is recorded and on flows from before operations', () => {
    const billing = judge('billing');
    assert.equal(billing.status, 'skip', 'billing lists an unused operation, but nobody watches its traffic');
    assert.equal(
      billing.summary,
      `billing's incoming traffic is not observed over ${WINDOW}: no log source or trace covers it, so an ` +
        'uncalled operation cannot be told from an unseen one',
    );
    assert.equal(judge('shop').status, 'skip');
    const legacy = judge('orders', recordedArtifact('flows', 'before-operations'));
    assert.equal(legacy.status, 'skip');
    assert.match(legacy.summary, /no endpoint-level traffic/);
    const empty = recordedArtifact('flows', 'operations-estate');
    const payments = empty.operations!.find((entry) => entry.system === 'payments')!;
    payments.operations = [];
    assert.equal(judge('payments', empty).summary, 'openapi.yaml documents no operation to look for in traffic');
    assert.equal(judge('orders', undefined, UNREAD).status, 'error');
  });
});
