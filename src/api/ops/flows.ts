import { outsideWindowText, windowText } from '../../model/artifacts/flows.js';
import type { SystemOperations } from '../../model/artifacts/operations.js';
import type { FlowEdge, FlowGraph, FlowNode } from '../../model/flow-graph.js';
import { kindOf } from '../../model/estate.js';
import { summarizeOperations } from '../../flows/operations-summary.js';
import { summarizeFlows } from '../../flows/summary.js';
import { flowWindow, type FlowWindowRequest } from '../../flows/window.js';
import type { ApiContext } from '../context.js';

/**
 * Declared flows of the estate merged with the flows seen in traffic over the window: by default the week up to the
 * latest imported call, as the CLI and the audit read it.
 */
export async function getFlowGraph(ctx: ApiContext, input: FlowWindowRequest): Promise<FlowGraph> {
  const { workspace, store } = ctx;
  const window = flowWindow(store, input);
  const flows = summarizeFlows(store, workspace.estate, window);
  const nodes = new Map<string, FlowNode>(
    workspace.estate.systems.map((system) => [
      system.id,
      { id: system.id, name: system.name, known: true, kind: kindOf(system) },
    ]),
  );
  const edges = new Map<string, FlowEdge>();
  for (const flow of workspace.estate.flows) {
    const id = `${flow.from}>${flow.to}>${flow.protocol}`;
    const covered = flows.declared.find((entry) => entry.from === flow.from && entry.to === flow.to)?.covered ?? false;
    edges.set(id, {
      id,
      from: flow.from,
      to: flow.to,
      protocol: flow.protocol,
      documented: true,
      silent: covered,
      unwatched: !covered,
      count: 0,
      ratePerMin: 0,
      serverErrorRate: null,
      clientErrorRate: null,
      rateLimitedRate: null,
      p95Ms: null,
      description: flow.description,
    });
  }
  for (const row of flows.edges) {
    for (const peer of [row.from, row.to])
      if (!nodes.has(peer)) nodes.set(peer, { id: peer, name: peer, known: false });
    const id = `${row.from}>${row.to}>${row.protocol}`;
    const declared = edges.get(id);
    edges.set(id, {
      id,
      from: row.from,
      to: row.to,
      protocol: row.protocol,
      documented: declared !== undefined,
      silent: false,
      unwatched: false,
      count: row.count,
      ratePerMin: row.ratePerMin,
      serverErrorRate: row.serverErrorRate,
      clientErrorRate: row.clientErrorRate,
      rateLimitedRate: row.rateLimitedRate,
      p95Ms: row.p95,
      description: declared?.description,
      ...(row.via ? { via: row.via, routes: row.routes } : {}),
    });
  }
  const outside = outsideWindowText(flows);
  return {
    window: { ...window, text: windowText(window), ...(outside ? { outside } : {}) },
    nodes: [...nodes.values()],
    edges: [...edges.values()],
    topology: flows.topology,
  };
}

export interface EdgeSeries {
  from: string;
  to: string;
  bucketMs: number;
  points: { t: number; count: number; errors: number; p95Ms: number | null }[];
}

/** One edge's minutes over the range up to the end of the flow window (the latest imported call, by default). */
export async function getEdgeSeries(
  ctx: ApiContext,
  input: { from: string; to: string; protocol?: string; rangeMs: number },
): Promise<EdgeSeries> {
  const until = flowWindow(ctx.store).until;
  const points = ctx.store.flows.edgeSeries(input.from, input.to, input.protocol, until - input.rangeMs, until + 1);
  return { from: input.from, to: input.to, bucketMs: 60_000, points };
}

/** A called system's operations as a panel shows them: with its name, and whether junction.yaml gives it a spec. */
export interface SystemOperationsView extends SystemOperations {
  name: string;
  /** the estate names a spec for it: without one every call is undocumented, and nothing can be unused */
  specified: boolean;
}

export interface OperationsView {
  window: { from: number; until: number; text: string };
  systems: SystemOperationsView[];
}

/**
 * Endpoint-level traffic of one system (what it was called on, what its spec documents that nobody called) or of
 * one drawn edge (what travelled it), over the flow window: the Flows page passes the window of the graph it shows.
 */
export async function getOperations(
  ctx: ApiContext,
  input: FlowWindowRequest & { system?: string; edge?: { from: string; to: string } },
): Promise<OperationsView> {
  const { workspace, store } = ctx;
  const { system, edge, ...request } = input;
  const window = flowWindow(store, request);
  const systems = summarizeOperations(store, workspace.estate, window, { system, edge });
  return {
    window: { from: window.from, until: window.until, text: windowText(window) },
    systems: systems.map((entry) => {
      const declared = workspace.estate.systems.find((each) => each.id === entry.system);
      return { ...entry, name: declared?.name ?? entry.system, specified: declared?.spec !== undefined };
    }),
  };
}
