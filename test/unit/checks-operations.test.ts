/**
 * The endpoint-level checks (#18) on flows artifacts with operations (test/fixtures/artifacts/flows): every verdict of
 * documentation.shadow-endpoints and documentation.unused-operations, and who versioning.breaking-changes says each
 * breaking change reaches, and monitoring.latency's per-operation tables, with the reason and the evidence each shows.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../checks/contract.js';
import { documentationShadowEndpoints } from '../../checks/documentation-shadow-endpoints.js';
import { documentationUnusedOperations } from '../../checks/documentation-unused-operations.js';
import { monitoringLatency } from '../../checks/monitoring-latency.js';
import { versioningBreakingChanges } from '../../checks/versioning-breaking-changes.js';
import { windowText, type FlowsArtifact } from '../../src/model/artifacts/flows.js';
import { ENDPOINT_EVIDENCE } from '../../src/model/artifacts/operations.js';
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

describe('versioning.breaking-changes names who each breaking change reaches', () => {
  type Change = NonNullable<Extract<SpecArtifact['previous'], { diff: unknown }>>['diff']['changes'][number];
  const change = (id: string, message: string, operation?: { method: string; path: string }): Change => ({
    id,
    level: 'ERR',
    breaking: true,
    message,
    ...(operation ? { operation } : {}),
    old: { pointer: '/paths', line: 3 },
  });
  const REMOVED = change(
    'api-removed-without-deprecation',
    'DELETE /orders/{id} was removed without being deprecated first',
    {
      method: 'DELETE',
      path: '/orders/{id}',
    },
  );
  const NARROWED = change('response-property-removed', 'GET /orders/{orderId}: response property total removed', {
    method: 'GET',
    path: '/orders/{orderId}',
  });
  const UNCALLED = change(
    'new-required-request-parameter',
    'GET /orders/{orderId}/history: new required query parameter "since"',
    {
      method: 'GET',
      path: '/orders/{orderId}/history',
    },
  );
  const SECURITY = change('api-global-security-added', 'security requirement bearer added to the document');
  const withChanges = (changes: Change[], version = '1.0.0'): SpecArtifact => ({
    ...SPEC,
    version: '1.1.0',
    previous: {
      source: 'openapi-1.0.yaml',
      specVersion: '3.0.3',
      title: 'Orders',
      version,
      hash: 'b'.repeat(64),
      bytes: 1,
      files: 1,
      diff: { breaking: changes.length, changes },
    },
  });
  const judge = (
    id: string,
    spec: SpecArtifact,
    flows: FlowsArtifact | undefined = recordedArtifact('flows', 'operations-estate'),
  ) => versioningBreakingChanges.judge({ spec, ...(flows ? { flows } : {}) }, system(id), DEFAULT_SETTINGS);
  const reachOf = (verdict: Verdict) =>
    tableOf(verdict, /^Breaking changes$/).rows.map((row) => [row.operation, row.calls, row.consumers]);

  it('names the consumers of each change with their volume, and says which reach nobody (lower risk)', () => {
    const verdict = judge('orders', withChanges([REMOVED, NARROWED, UNCALLED, SECURITY]));
    assert.equal(verdict.status, 'fail');
    assert.equal(
      verdict.summary,
      '4 breaking changes while info.version goes 1.0.0 → 1.1.0; first: DELETE /orders/{id} was removed without ' +
        'being deprecated first; 2 on operations called by shop ×83, ' +
        `1 on an operation nobody called over ${WINDOW} (lower risk), 1 whose consumers are unknown`,
    );
    const breaking = tableOf(verdict, /^Breaking changes$/);
    assert.equal(breaking.id, ENDPOINT_EVIDENCE.breakingConsumers);
    assert.deepEqual(reachOf(verdict), [
      // the removed DELETE is no longer documented: its calls kept the old template, whatever the parameter's name
      ['DELETE /orders/{id}', 3, 'shop ×3'],
      ['GET /orders/{orderId}', 80, 'shop ×80'],
      ['GET /orders/{orderId}/history', 0, `nobody over ${WINDOW} (lower risk)`],
      [null, null, 'unknown: the change is to no single operation'],
    ]);
    const consumers = tableOf(verdict, /^Consumers of orders that called an operation a breaking change affects/);
    assert.deepEqual(consumers.rows, [{ consumer: 'shop', calls: 83, changes: 2 }]);
    assert.match(verdict.remediation ?? '', /Tell the consumers listed before the version ships\.$/);
  });

  it('a change to a shared schema says the other operations using it are not counted, and never says nobody', () => {
    const shared = (operation: { method: string; path: string }) =>
      change(
        'response-property-type-changed',
        `${operation.method} ${operation.path}: response property total: type number → string (and 2 more operations using the same schema)`,
        operation,
      );
    assert.deepEqual(reachOf(judge('orders', withChanges([shared({ method: 'GET', path: '/orders/{orderId}' })]))), [
      ['GET /orders/{orderId}', 80, 'shop ×80 (and the callers of 2 more operations using the schema, not named)'],
    ]);
    const verdict = judge('orders', withChanges([shared({ method: 'GET', path: '/orders/{orderId}/history' })]));
    assert.deepEqual(reachOf(verdict), [
      [
        'GET /orders/{orderId}/history',
        null,
        'unknown: nobody called GET /orders/{orderId}/history, but 2 more operations using the same schema are not named by the diff',
      ],
    ]);
    assert.equal(verdict.status, 'fail', 'not lower risk: the other operations may be called');
    assert.match(verdict.summary, /; 1 whose consumers are unknown$/);
  });

  it('matches an undocumented path to a removed template, unless a more specific known template takes it', () => {
    const wildcard = change('api-path-removed-without-deprecation', 'GET /internal/{job} was removed', {
      method: 'GET',
      path: '/internal/{job}',
    });
    assert.deepEqual(reachOf(judge('orders', withChanges([wildcard]))), [['GET /internal/{job}', 40, 'crm ×40']]);
    const literal = change('api-path-removed-without-deprecation', 'GET /internal/export was removed', {
      method: 'GET',
      path: '/internal/export',
    });
    assert.deepEqual(reachOf(judge('orders', withChanges([wildcard, literal]))), [
      ['GET /internal/{job}', 0, `nobody over ${WINDOW} (lower risk)`],
      ['GET /internal/export', 40, 'crm ×40'],
    ]);
  });

  it('warns, not fails, when every breaking change is on an operation nobody called, and says so', () => {
    const verdict = judge('orders', withChanges([UNCALLED]));
    assert.equal(verdict.status, 'warn');
    assert.match(verdict.summary, new RegExp(`; 1 on an operation nobody called over ${WINDOW} \\(lower risk\\)$`));
    assert.match(verdict.remediation ?? '', /^No consumer called the affected operations over .*: lower risk/);
    assert.ok(!verdict.evidence.some((evidence) => evidence.title?.startsWith('Consumers of')), 'no empty table');
  });

  it('says the consumers are unknown, never nobody, where traffic is not observed or not recorded', () => {
    const cases: [string, FlowsArtifact | undefined, RegExp][] = [
      ['billing', undefined, /; consumers unknown: billing's incoming traffic is not observed over .*: no log source/],
      ['shop', undefined, /; consumers unknown: no endpoint-level traffic of shop was recorded over /],
      [
        'orders',
        recordedArtifact('flows', 'before-operations'),
        /; consumers unknown: the run's flows carry no endpoint-level traffic: they were read by a Junction that/,
      ],
    ];
    for (const [id, flows, summary] of cases) {
      const verdict = judge(id, withChanges([REMOVED, UNCALLED]), flows);
      assert.equal(verdict.status, 'fail', `${id}: an unknown reach is not lower risk`);
      assert.match(verdict.summary, summary);
      assert.doesNotMatch(verdict.summary, /nobody/);
      assert.ok(
        reachOf(verdict).every(([, calls, consumers]) => calls === null && /^unknown: /.test(String(consumers))),
      );
    }
    const unread = versioningBreakingChanges.judge(
      { spec: withChanges([REMOVED]) },
      system('orders'),
      DEFAULT_SETTINGS,
    );
    assert.equal(unread.status, 'fail');
    assert.match(
      unread.summary,
      /; consumers unknown: the flows were not read in this run, so no consumer can be named$/,
    );
  });

  it('keeps the major-version verdict, with the consumers', () => {
    const verdict = judge('orders', { ...withChanges([REMOVED]), version: '2.0.0' });
    assert.equal(verdict.status, 'warn');
    assert.match(
      verdict.summary,
      /in a new major version \(1\.0\.0 → 2\.0\.0\); first: .*; 1 on operations called by shop ×3$/,
    );
  });
});

describe('monitoring.latency lists the slowest and the most failing operations', () => {
  const http = recordedArtifact('http', 'slow-250ms');
  // null: no flows artifact (a default parameter would take undefined for the fixture)
  const judge = (id: string, flows: FlowsArtifact | null = recordedArtifact('flows', 'operations-estate')) =>
    monitoringLatency.judge({ http, ...(flows ? { flows } : {}) }, system(id), DEFAULT_SETTINGS);

  it('puts the five slowest by p95 and the most failing by 5xx rate beside the baseline, same verdict', () => {
    const verdict = judge('orders');
    const baseline = judge('orders', null);
    assert.equal(verdict.status, baseline.status);
    assert.equal(verdict.summary, baseline.summary);
    const slowest = tableOf(verdict, /^Slowest operations of orders by p95/);
    assert.equal(slowest.title, `Slowest operations of orders by p95 over ${WINDOW} (top 5 of 6)`);
    assert.equal(slowest.id, ENDPOINT_EVIDENCE.slowest);
    assert.deepEqual(
      slowest.rows.map((row) => [`${row.method} ${row.path}`, row.p95]),
      [
        ['GET /orders/{orderId}', 610],
        ['GET /internal/export', 420],
        ['POST /orders', 95],
        ['GET /orders', 38.5],
        ['DELETE /orders/{orderId}', 8],
      ],
    );
    const failing = tableOf(verdict, /^Most failing operations of orders by 5xx rate/);
    assert.equal(failing.id, ENDPOINT_EVIDENCE.failing);
    assert.deepEqual(
      failing.rows.map((row) => [`${row.method} ${row.path}`, row.errorRate, row.consumers]),
      [
        ['GET /debug/{id}', 50, 'curl/8.5.0 ×2'],
        ['POST /orders', 20, 'shop ×15'],
        ['GET /orders/{orderId}', 2.5, 'shop ×80'],
      ],
    );
    assert.equal(verdict.evidence.length, baseline.evidence.length + 2);
  });

  it('adds nothing where no endpoint-level traffic of the system was recorded, or nothing failed', () => {
    const baseline = judge('orders', null).evidence.length;
    assert.equal(judge('shop').evidence.length, baseline);
    assert.equal(judge('orders', recordedArtifact('flows', 'before-operations')).evidence.length, baseline);
    const payments = judge('payments');
    assert.equal(payments.evidence.length, baseline + 2);
    const clean = recordedArtifact('flows', 'operations-estate');
    for (const row of clean.operations!.find((entry) => entry.system === 'payments')!.operations) row.errorRate = 0;
    const quiet = judge('payments', clean);
    assert.equal(quiet.evidence.length, baseline + 1, 'no table of failing operations when none failed');
    assert.ok(quiet.evidence.some((evidence) => evidence.title?.startsWith('Slowest operations of payments')));
  });
});

describe('the endpoint checks on the artifacts of the nginx gateway run (test/integration/operations-verify.test.ts)', () => {
  const flows = recordedArtifact('flows', 'operations-gateway');
  const spec = recordedArtifact('spec', 'operations-gateway-orders');
  const orders = makeSystem({
    id: 'orders',
    name: 'Orders',
    baseUrl: 'http://127.0.0.1:8080',
    spec: 'orders.yaml',
    specPrevious: 'orders-1.0.yaml',
  });
  const window = windowText(flows.window);

  it('names the shadow endpoint, the unused operation and who each breaking change reaches, as driven', () => {
    const shadow = documentationShadowEndpoints.judge({ spec, flows }, orders, DEFAULT_SETTINGS);
    assert.equal(shadow.status, 'fail');
    assert.deepEqual(
      tableOf(shadow, /^Undocumented operations of orders/).rows.map((row) => [row.method, row.path, row.consumers]),
      [['GET', '/internal/export', 'shop ×4']],
    );
    const unused = documentationUnusedOperations.judge({ spec, flows }, orders, DEFAULT_SETTINGS);
    assert.equal(unused.status, 'warn');
    assert.deepEqual(names(tableOf(unused, /^Documented operations with no call/)), ['GET /orders/{orderId}/history']);
    const breaking = versioningBreakingChanges.judge({ spec, flows }, orders, DEFAULT_SETTINGS);
    assert.equal(breaking.status, 'fail');
    assert.deepEqual(
      tableOf(breaking, /^Breaking changes$/)
        .rows.map((row) => [row.operation, row.calls, row.consumers])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      [
        ['DELETE /orders/{orderId}', 0, `nobody over ${window} (lower risk)`],
        ['GET /orders', 5, 'shop ×5'],
      ],
    );
  });
});
