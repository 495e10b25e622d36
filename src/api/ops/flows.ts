import { kindOf } from '../../model/estate.js';
import type { ApiContext } from '../context.js';

export interface FlowNode {
  id: string;
  name: string;
  /** false for a peer seen in traffic that is no system of the estate */
  known: boolean;
  kind?: string;
}

export interface FlowEdge {
  id: string;
  from: string;
  to: string;
  protocol: string;
  documented: boolean;
  /** documented, but no traffic in the window */
  silent: boolean;
  count: number;
  /** requests per minute between the first and the last request seen in the window */
  ratePerMin: number;
  errorRate: number | null;
  p95Ms: number | null;
  description?: string;
}

export interface FlowGraph {
  windowMs: number;
  nodes: FlowNode[];
  edges: FlowEdge[];
  summary: { shape: 'hub-and-spoke' | 'point-to-point' | 'empty'; hubs: string[]; directEdges: number };
}

const DAY = 24 * 3600_000;

/**
 * A hub touches at least half of the edges; an estate whose edges mostly go through hubs is hub-and-spoke,
 * otherwise point-to-point.
 */
export function summarize(
  nodes: readonly FlowNode[],
  edges: readonly Pick<FlowEdge, 'from' | 'to'>[],
): FlowGraph['summary'] {
  if (edges.length === 0) return { shape: 'empty', hubs: [], directEdges: 0 };
  const degree = new Map<string, number>();
  for (const edge of edges) {
    degree.set(edge.from, (degree.get(edge.from) ?? 0) + 1);
    degree.set(edge.to, (degree.get(edge.to) ?? 0) + 1);
  }
  const hubs = nodes
    .filter((node) => (degree.get(node.id) ?? 0) >= Math.max(3, edges.length / 2))
    .map((node) => node.id);
  const direct = edges.filter((edge) => !hubs.includes(edge.from) && !hubs.includes(edge.to)).length;
  return {
    shape: hubs.length > 0 && direct < edges.length / 2 ? 'hub-and-spoke' : 'point-to-point',
    hubs,
    directEdges: direct,
  };
}

/** Declared flows of the estate merged with the flows seen in traffic over the window (default one day). */
export async function getFlowGraph(ctx: ApiContext, input: { windowMs?: number }): Promise<FlowGraph> {
  const { workspace, store } = ctx.workspace;
  const windowMs = input.windowMs ?? DAY;
  const since = Date.now() - windowMs;
  const observed = store.flows.edges(since);
  const nodes = new Map<string, FlowNode>(
    workspace.estate.systems.map((system) => [
      system.id,
      { id: system.id, name: system.name, known: true, kind: kindOf(system) },
    ]),
  );
  const edges = new Map<string, FlowEdge>();
  for (const flow of workspace.estate.flows) {
    const id = `${flow.from}>${flow.to}>${flow.protocol}`;
    edges.set(id, {
      id,
      from: flow.from,
      to: flow.to,
      protocol: flow.protocol,
      documented: true,
      silent: true,
      count: 0,
      ratePerMin: 0,
      errorRate: null,
      p95Ms: null,
      description: flow.description,
    });
  }
  for (const row of observed) {
    for (const peer of [row.source, row.target])
      if (!nodes.has(peer)) nodes.set(peer, { id: peer, name: peer, known: false });
    const id = `${row.source}>${row.target}>${row.protocol}`;
    const edge = edges.get(id) ?? {
      id,
      from: row.source,
      to: row.target,
      protocol: row.protocol,
      documented: false,
      silent: false,
      count: 0,
      ratePerMin: 0,
      errorRate: null,
      p95Ms: null,
    };
    edge.silent = row.count === 0;
    edge.count = row.count;
    edge.ratePerMin = row.count / Math.max(1, (row.lastSeen - row.firstSeen) / 60_000);
    edge.errorRate = row.count === 0 ? null : row.errors / row.count;
    // server-side latency when the callee reported it, else what the caller saw
    edge.p95Ms = (row.server.total > 0 ? row.server : row.client).percentile(95) ?? null;
    edges.set(id, edge);
  }
  const nodeList = [...nodes.values()];
  const edgeList = [...edges.values()];
  return { windowMs, nodes: nodeList, edges: edgeList, summary: summarize(nodeList, edgeList) };
}

export interface EdgeSeries {
  from: string;
  to: string;
  bucketMs: number;
  points: { t: number; count: number; errors: number; p95Ms: number | null }[];
}

export async function getEdgeSeries(
  ctx: ApiContext,
  input: { from: string; to: string; protocol?: string; rangeMs: number },
): Promise<EdgeSeries> {
  const until = Date.now();
  const points = ctx.workspace.store.flows.edgeSeries(
    input.from,
    input.to,
    input.protocol,
    until - input.rangeMs,
    until + 1,
  );
  return { from: input.from, to: input.to, bucketMs: 60_000, points };
}
