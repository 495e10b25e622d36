import assert from 'node:assert/strict';
import { test } from 'vitest';
import { architectureTopology } from '../../checks/architecture-topology.js';
import { architectureUndocumentedFlows } from '../../checks/architecture-undocumented-flows.js';
import { DEFAULT_SETTINGS } from '../../checks/contract.js';
import { monitoringCoverage } from '../../checks/monitoring-coverage.js';
import { monitoringSilentFlows } from '../../checks/monitoring-silent-flows.js';
import type { FlowEdgeSummary, FlowsArtifact } from '../../src/model/artifacts/flows.js';
import { makeSystem } from '../helpers/estate.js';

const SYSTEMS = ['shop', 'orders', 'billing', 'crm', 'bus'];
const edge = (from: string, to: string, declared: boolean): FlowEdgeSummary => ({
  from,
  to,
  protocol: 'http',
  count: 10,
  errors: 1,
  errorRate: 0.1,
  ratePerMin: 1,
  bytes: 100,
  p50: 10,
  p95: 20,
  p99: 30,
  clientP95: 22,
  firstSeen: 1_764_150_000_000,
  lastSeen: 1_764_150_060_000,
  declared,
  fromKnown: SYSTEMS.includes(from),
  toKnown: SYSTEMS.includes(to),
});

// A recorded estate: shop is wired to three peers directly, crm talks through the bus, an unknown batch job calls orders.
const flows: FlowsArtifact = {
  window: { from: 1_764_000_000_000, until: 1_764_604_800_000 },
  systems: SYSTEMS,
  edges: [
    edge('shop', 'orders', true),
    edge('shop', 'billing', false),
    edge('shop', 'crm', true),
    edge('crm', 'bus', true),
    edge('bus', 'orders', true),
    edge('nightly-batch', 'orders', false),
  ],
  declared: [
    { from: 'shop', to: 'orders', protocol: 'http', seen: true },
    { from: 'shop', to: 'crm', protocol: 'http', seen: true },
    { from: 'crm', to: 'bus', protocol: 'http', seen: true },
    { from: 'bus', to: 'orders', protocol: 'http', seen: true },
    { from: 'orders', to: 'billing', protocol: 'http', seen: false },
    { from: 'billing', to: 'ledger-x', protocol: 'batch', seen: false },
  ],
  unknownPeers: ['nightly-batch'],
  logSources: [{ id: 'gw', type: 'nginx-combined', system: 'orders' }],
  monitors: [
    { id: 'shop', system: 'shop', samples: 100, errors: 0, lastTs: 1_764_600_000_000, openAlerts: 0, alertTargets: 1 },
    { id: 'orders', system: 'orders', samples: 0, errors: 0, openAlerts: 0, alertTargets: 0 },
  ],
};

const judge = (check: typeof architectureTopology, id: string, extra: Record<string, unknown> = {}) =>
  check.judge({ flows }, makeSystem({ id, name: id, baseUrl: `https://${id}.example`, ...extra }), DEFAULT_SETTINGS);

test('architecture.topology: direct peers per system, hubs exempt, estate summary in the evidence', () => {
  const shop = judge(architectureTopology, 'shop');
  assert.equal(shop.status, 'fail');
  assert.match(shop.summary, /3 direct point-to-point integrations \(billing, crm, orders\)/);
  const list = shop.evidence[0];
  assert.ok(list.kind === 'list' && list.items.some((item) => item.label === 'Direct pairs' && item.value === 6));
  assert.equal(judge(architectureTopology, 'orders').status, 'fail', 'shop, bus, nightly-batch');
  assert.equal(judge(architectureTopology, 'orders', { tags: ['hub'] }).status, 'pass');
  assert.equal(judge(architectureTopology, 'crm').status, 'warn');
  assert.equal(judge(architectureTopology, 'billing').status, 'pass');
  assert.equal(
    architectureTopology.judge(
      { flows: { ...flows, edges: [] } },
      makeSystem({ id: 'shop', baseUrl: 'https://s' }),
      DEFAULT_SETTINGS,
    ).status,
    'skip',
  );
});

test('architecture.undocumented-flows: undeclared calls fail the caller, warn the callee, unknown peers warn', () => {
  const shop = judge(architectureUndocumentedFlows, 'shop');
  assert.equal(shop.status, 'fail');
  assert.match(shop.summary, /shop → billing/);
  const billing = judge(architectureUndocumentedFlows, 'billing');
  assert.equal(billing.status, 'warn');
  assert.match(billing.summary, /undeclared callers: shop → billing/);
  assert.match(
    judge(architectureUndocumentedFlows, 'orders').summary,
    /unknown peers \(no system of the estate\): nightly-batch/,
  );
  assert.equal(judge(architectureUndocumentedFlows, 'crm').status, 'pass');
});

test('monitoring.silent-flows: silence where logs watch an end fails, unobserved silence warns', () => {
  assert.equal(judge(monitoringSilentFlows, 'orders').status, 'fail');
  assert.equal(judge(monitoringSilentFlows, 'shop').status, 'pass');
  assert.equal(judge(monitoringSilentFlows, 'crm').status, 'pass');
  const withoutLogs: FlowsArtifact = {
    ...flows,
    logSources: [],
    edges: flows.edges.filter((e) => e.from !== 'billing' && e.to !== 'billing'),
  };
  const billing = monitoringSilentFlows.judge(
    { flows: withoutLogs },
    makeSystem({ id: 'billing', baseUrl: 'https://b' }),
    DEFAULT_SETTINGS,
  );
  assert.equal(billing.status, 'warn');
});

test('monitoring.coverage: no monitor fails; a monitor that never ran or alerts nobody warns', () => {
  assert.equal(judge(monitoringCoverage, 'shop').status, 'pass');
  const orders = judge(monitoringCoverage, 'orders');
  assert.equal(orders.status, 'warn');
  assert.match(orders.summary, /never run.*no alert target/);
  assert.equal(judge(monitoringCoverage, 'crm').status, 'fail');
});
