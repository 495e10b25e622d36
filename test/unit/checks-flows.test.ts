import assert from 'node:assert/strict';
import { test } from 'vitest';
import { architectureTopology } from '../../checks/architecture-topology.js';
import { architectureUndocumentedFlows } from '../../checks/architecture-undocumented-flows.js';
import { DEFAULT_SETTINGS } from '../../checks/contract.js';
import { monitoringCoverage } from '../../checks/monitoring-coverage.js';
import { monitoringSilentFlows } from '../../checks/monitoring-silent-flows.js';
import type { FlowEdgeSummary, FlowsArtifact } from '../../src/model/artifacts/flows.js';
import { summarizeTopology } from '../../src/flows/topology.js';
import { systemSchema } from '../../src/model/estate.js';
import { makeSystem } from '../helpers/estate.js';

const SYSTEMS = ['shop', 'orders', 'billing', 'crm', 'bus'];
const edge = (from: string, to: string, declared: boolean): FlowEdgeSummary => ({
  from,
  to,
  protocol: 'http',
  count: 10,
  serverErrors: 1,
  clientErrors: 2,
  rateLimited: 3,
  serverErrorRate: 0.1,
  clientErrorRate: 0.2,
  rateLimitedRate: 0.3,
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
const EDGES = [
  edge('shop', 'orders', true),
  edge('shop', 'billing', false),
  edge('shop', 'crm', true),
  edge('crm', 'bus', true),
  edge('bus', 'orders', true),
  edge('nightly-batch', 'orders', false),
];
const flows: FlowsArtifact = {
  window: { from: 1_764_000_000_000, until: 1_764_604_800_000, anchor: 'traffic' },
  systems: SYSTEMS,
  edges: EDGES,
  declared: [
    { from: 'shop', to: 'orders', protocol: 'http', seen: true, covered: true },
    { from: 'shop', to: 'crm', protocol: 'http', seen: true, covered: false },
    { from: 'crm', to: 'bus', protocol: 'http', seen: true, covered: false },
    { from: 'bus', to: 'orders', protocol: 'http', seen: true, covered: true },
    { from: 'orders', to: 'billing', protocol: 'http', seen: false, covered: true },
    { from: 'billing', to: 'ledger-x', protocol: 'batch', seen: false, covered: false },
  ],
  unknownPeers: ['nightly-batch'],
  topology: summarizeTopology(
    EDGES,
    SYSTEMS.map((id) => makeSystem({ id, name: id, baseUrl: `https://${id}.example` })),
  ),
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
  assert.match(
    shop.summary,
    /estate: hub-and-spoke around shop: 3 of 5 links through a hub; 1 unknown caller not counted \(nightly-batch\)/,
  );
  const list = shop.evidence[0];
  assert.ok(list.kind === 'list' && list.items.some((item) => item.label === 'Direct pairs' && item.value === 5));
  const orders = judge(architectureTopology, 'orders');
  assert.equal(orders.status, 'warn', 'shop and bus; the unknown nightly-batch is no integration');
  assert.match(orders.summary, /2 direct integrations \(bus, shop\); 1 unknown caller not counted/);
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
  const quiet = architectureUndocumentedFlows.judge(
    { flows: { ...flows, edges: [] } },
    makeSystem({ id: 'crm', baseUrl: 'https://c' }),
    DEFAULT_SETTINGS,
  );
  assert.equal(quiet.status, 'skip', 'no traffic seen is nothing judged, not a pass');
  assert.match(quiet.summary, /over traffic 2025-11-24 16:00 – 2025-12-01 16:00 UTC/);
});

test('monitoring.silent-flows: silence fails only where a source covering the flow was read; unwatched is a skip', () => {
  const orders = judge(monitoringSilentFlows, 'orders');
  assert.equal(orders.status, 'fail');
  assert.match(orders.summary, /No traffic on orders → billing over traffic 2025-11-24 16:00 – 2025-12-01 16:00 UTC/);
  assert.equal(judge(monitoringSilentFlows, 'shop').status, 'pass');
  assert.equal(judge(monitoringSilentFlows, 'crm').status, 'pass');
  const billing = judge(monitoringSilentFlows, 'billing');
  assert.equal(billing.status, 'skip', 'no source covering billing → ledger-x was read: not judged');
  assert.match(billing.summary, /Not judged: no log or trace source covering both ends was read/);
  assert.equal(judge(monitoringSilentFlows, 'ledger-x').status, 'skip', 'no declared flow starts there');
});

test('monitoring.coverage: no monitor fails; a monitor that never ran or alerts nobody warns', () => {
  assert.equal(judge(monitoringCoverage, 'shop').status, 'pass');
  const orders = judge(monitoringCoverage, 'orders');
  assert.equal(orders.status, 'warn');
  assert.match(orders.summary, /never run.*no alert target/);
  assert.equal(judge(monitoringCoverage, 'crm').status, 'fail');
});

test('flows through a broker: the publisher and the consumer each have the broker as their one peer', () => {
  const via = (from: string, to: string, declared: boolean): FlowEdgeSummary => ({
    ...edge(from, to, declared),
    protocol: 'amqp',
    via: 'bus',
    routes: [{ exchange: 'orders', queue: `${to}.orders`, perSecond: 2 }],
  });
  const edges = [via('shop', 'billing', true), via('shop', 'crm', false), via('orders', 'billing', true)];
  const systems = SYSTEMS.map((id) =>
    id === 'bus'
      ? systemSchema.parse({
          id,
          name: id,
          broker: { kind: 'rabbitmq', managementUrl: 'https://bus.example:15671', credential: 'c' },
        })
      : makeSystem({ id, name: id, baseUrl: `https://${id}.example` }),
  );
  const brokered: FlowsArtifact = { ...flows, edges, topology: summarizeTopology(edges, systems) };
  assert.equal(brokered.topology.text, 'hub-and-spoke around bus: 4 of 4 links through a hub');
  const judged = (check: typeof architectureTopology, id: string) =>
    check.judge(
      { flows: brokered },
      systems.find((system) => system.id === id)!,
      DEFAULT_SETTINGS,
    );
  const shop = judged(architectureTopology, 'shop');
  assert.equal(shop.status, 'pass', 'two consumers through one broker are one integration, not two');
  assert.equal(shop.summary, 'Integrates only through bus: no point-to-point integration');
  assert.equal(judged(architectureTopology, 'bus').summary, 'Integration hub with 4 spokes');
  assert.equal(
    judged(architectureUndocumentedFlows, 'shop').summary,
    'Calls not declared in junction.yaml: shop → crm',
  );
  const bus = judged(architectureUndocumentedFlows, 'bus');
  assert.equal(bus.status, 'warn');
  assert.equal(bus.summary, 'undeclared flows through bus: shop → crm');
});
