import assert from 'node:assert/strict';
import { Graphviz } from '@hpcc-js/wasm-graphviz';
import { describe, test } from 'vitest';
import { exportFlowGraph } from '../../src/model/flow-graph-export.js';
import {
  rateText,
  rateUnitOf,
  segmentLabel,
  segmentsOf,
  type FlowEdge,
  type FlowGraph,
} from '../../src/model/flow-graph.js';

const WEEK_MS = 7 * 86_400_000;
const UNTIL = Date.parse('2026-12-04T10:00:00Z');

function edge(from: string, to: string, count: number, extra: Partial<FlowEdge> = {}): FlowEdge {
  return {
    id: `${from}>${to}>${extra.protocol ?? 'http'}`,
    from,
    to,
    protocol: 'http',
    documented: true,
    silent: false,
    unwatched: false,
    count,
    ratePerMin: count / (WEEK_MS / 60_000),
    serverErrorRate: count ? 0.05 : null,
    clientErrorRate: count ? 0.1 : null,
    rateLimitedRate: count ? 0 : null,
    p95Ms: count ? 42 : null,
    ...extra,
  };
}

/** A gateway estate with a broker, a silent flow, an undocumented caller and names DOT must escape. */
const graph: FlowGraph = {
  window: {
    from: UNTIL - WEEK_MS,
    until: UNTIL,
    anchor: 'traffic',
    text: 'traffic 2026-11-27 10:00 – 2026-12-04 10:00 UTC',
  },
  nodes: [
    { id: 'shop', name: 'Web "shop" \\ front', known: true, kind: 'http-api' },
    { id: 'gateway', name: 'Gateway', known: true, kind: 'http-api' },
    { id: 'orders', name: 'Orders\nservice', known: true, kind: 'http-api' },
    { id: 'rabbit', name: 'Rabbit', known: true, kind: 'broker' },
    { id: 'billing', name: 'Billing', known: true, kind: 'http-api' },
    { id: 'curl', name: 'curl', known: false },
  ],
  edges: [
    edge('shop', 'gateway', 2016),
    edge('gateway', 'orders', 2016),
    edge('curl', 'gateway', 7, { documented: false }),
    edge('orders', 'billing', 0, { silent: true }),
    edge('orders', 'billing', 70, {
      id: 'orders>billing>amqp',
      protocol: 'amqp',
      via: 'rabbit',
      routes: [{ exchange: 'orders', queue: 'billing.orders', perSecond: 0.1 }],
    }),
  ],
  topology: {
    shape: 'hub-and-spoke',
    hubs: ['gateway'],
    systems: 4,
    pairs: 3,
    direct: 0,
    spaghetti: 1,
    unknownCallers: ['curl'],
    text: 'hub-and-spoke around gateway',
  },
};

describe('rates on a flow graph', () => {
  test('one unit for the whole graph: the smallest in which the busiest flow reads at least 1', () => {
    assert.equal(rateUnitOf([{ ratePerMin: 2 }, { ratePerMin: 0.001 }]), 'min');
    assert.equal(rateUnitOf([{ ratePerMin: 0.5 }]), 'h');
    assert.equal(rateUnitOf([{ ratePerMin: 1 / 60 }]), 'h');
    assert.equal(rateUnitOf([{ ratePerMin: 0.01 }]), 'day');
    assert.equal(rateUnitOf([]), 'day');
    // 2016 calls in a week are 0.2 a minute, 12 an hour
    assert.equal(rateUnitOf(graph.edges), 'h');
    assert.equal(rateText(2016 / (WEEK_MS / 60_000), 'h'), '12/h');
    assert.equal(rateText(7 / (WEEK_MS / 60_000), 'h'), '0.0/h');
    assert.equal(rateText(7 / (WEEK_MS / 60_000), 'day'), '1.0/day');
  });

  test('hops carrying the same calls over the same window read the same', () => {
    const [first, second] = segmentsOf(graph.edges);
    assert.deepEqual(segmentLabel(first, 'h'), segmentLabel(second, 'h'));
    assert.deepEqual(segmentLabel(first, 'h'), ['2,016 calls · 12/h · p95 42 ms', '5xx 5.0% · 4xx 10.0% · 429 0.0%']);
  });

  test('a brokered flow is drawn as its two legs through the broker, labelled with messages and routes', () => {
    const legs = segmentsOf(graph.edges).filter((segment) => segment.flows[0].via);
    assert.deepEqual(
      legs.map((leg) => [leg.from, leg.to, segmentLabel(leg, 'h')]),
      [
        ['orders', 'rabbit', ['70 msg · 0.4/h', 'orders']],
        ['rabbit', 'billing', ['70 msg · 0.4/h', 'billing.orders']],
      ],
    );
  });
});

describe('exportFlowGraph', () => {
  test('JSON holds every node and flow with its measures and the window as ISO times', () => {
    const document = JSON.parse(exportFlowGraph(graph, 'json')) as {
      format: string;
      window: { from: string; until: string; text: string };
      rateUnit: string;
      topology: string;
      nodes: unknown[];
      edges: FlowEdge[];
    };
    assert.equal(document.format, 'junction-flow-graph');
    assert.deepEqual(document.window, {
      from: '2026-11-27T10:00:00.000Z',
      until: '2026-12-04T10:00:00.000Z',
      anchor: 'traffic',
      text: graph.window.text,
    });
    assert.equal(document.rateUnit, 'h');
    assert.equal(document.topology, 'hub-and-spoke around gateway');
    assert.deepEqual(document.nodes, graph.nodes);
    assert.deepEqual(document.edges, graph.edges);
  });

  test('DOT is read back by Graphviz with the nodes, the drawn segments, the labels and the looks', async () => {
    const dot = exportFlowGraph(graph, 'dot');
    const graphviz = await Graphviz.load();
    const read = JSON.parse(graphviz.dot(dot, 'json')) as {
      label: string;
      objects: { name: string; label: string; style?: string }[];
      edges: { tail: number; head: number; label: string; style?: string; color: string }[];
    };
    assert.equal(read.label, 'rates are calls per hour, averaged over traffic 2026-11-27 10:00 – 2026-12-04 10:00 UTC');
    const names = read.objects.map((object) => object.name);
    assert.deepEqual(names, ['shop', 'gateway', 'orders', 'rabbit', 'billing', 'curl']);
    // quotes, backslashes and line breaks in a name survive the round trip (Graphviz keeps \n as its line break)
    assert.equal(read.objects[0].label, 'Web "shop" \\\\ front\\nshop');
    assert.equal(read.objects[2].label, 'Orders\\nservice\\norders');
    assert.equal(read.objects[3].label, 'Rabbit\\nrabbit · broker');
    assert.equal(read.objects[5].style, 'rounded,dashed', 'an unknown peer is dashed');
    const edges = read.edges.map((e) => ({ hop: `${names[e.tail]}>${names[e.head]}`, label: e.label, style: e.style }));
    assert.deepEqual(edges, [
      {
        hop: 'shop>gateway',
        label: '2,016 calls · 12/h · p95 42 ms\\n5xx 5.0% · 4xx 10.0% · 429 0.0%',
        style: undefined,
      },
      {
        hop: 'gateway>orders',
        label: '2,016 calls · 12/h · p95 42 ms\\n5xx 5.0% · 4xx 10.0% · 429 0.0%',
        style: undefined,
      },
      { hop: 'curl>gateway', label: '7 calls · 0.0/h · p95 42 ms\\n5xx 5.0% · 4xx 10.0% · 429 0.0%', style: 'dashed' },
      { hop: 'orders>billing', label: 'silent', style: undefined },
      { hop: 'orders>rabbit', label: '70 msg · 0.4/h\\norders', style: undefined },
      { hop: 'rabbit>billing', label: '70 msg · 0.4/h\\nbilling.orders', style: undefined },
    ]);
  });

  test('a graph without flows is still a valid DOT graph', async () => {
    const empty = { ...graph, nodes: [], edges: [] };
    const graphviz = await Graphviz.load();
    const read = JSON.parse(graphviz.dot(exportFlowGraph(empty, 'dot'), 'json')) as { objects?: unknown[] };
    assert.equal(read.objects, undefined);
  });
});
