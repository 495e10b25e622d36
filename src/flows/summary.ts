import { monitorIdOf, type Estate } from '../model/estate.js';
import type { FlowEdgeSummary, FlowsArtifact } from '../model/artifacts/flows.js';
import type { Store } from '../store/store.js';

export const DEFAULT_FLOW_WINDOW_MS = 7 * 86_400_000;

const round = (value: number | undefined): number | null => (value === undefined ? null : Math.round(value * 10) / 10);

/** Observed edges over the window, compared with the declared flows, the log sources and the monitors of the estate. */
export function summarizeFlows(store: Store, estate: Estate, window: { from: number; until: number }): FlowsArtifact {
  const systems = new Set(estate.systems.map((system) => system.id));
  const declaredPairs = new Set(estate.flows.map((flow) => `${flow.from}>${flow.to}`));
  const minutes = Math.max(1, (window.until - window.from) / 60_000);
  const edges: FlowEdgeSummary[] = store.flows.edges(window.from, window.until).map((edge) => {
    const latency = edge.server.total > 0 ? edge.server : edge.client;
    return {
      from: edge.source,
      to: edge.target,
      protocol: edge.protocol,
      count: edge.count,
      errors: edge.errors,
      errorRate: edge.count === 0 ? 0 : edge.errors / edge.count,
      ratePerMin: edge.count / minutes,
      bytes: edge.bytes,
      p50: round(latency.percentile(50)),
      p95: round(latency.percentile(95)),
      p99: round(latency.percentile(99)),
      clientP95: round(edge.client.percentile(95)),
      firstSeen: edge.firstSeen,
      lastSeen: edge.lastSeen,
      declared: declaredPairs.has(`${edge.source}>${edge.target}`),
      fromKnown: systems.has(edge.source),
      toKnown: systems.has(edge.target),
    };
  });
  const seenPairs = new Set(edges.map((edge) => `${edge.from}>${edge.to}`));
  const unknownPeers = [
    ...new Set(edges.flatMap((edge) => [edge.fromKnown ? [] : [edge.from], edge.toKnown ? [] : [edge.to]].flat())),
  ].sort();
  const imports = new Map(store.flows.lastImports().map((entry) => [entry.sourceId, entry]));
  const samples = new Map(store.samples.summary().map((entry) => [entry.monitorId, entry]));
  return {
    window,
    systems: [...systems],
    edges,
    declared: estate.flows.map((flow) => ({
      from: flow.from,
      to: flow.to,
      protocol: flow.protocol,
      description: flow.description,
      seen: seenPairs.has(`${flow.from}>${flow.to}`),
    })),
    unknownPeers,
    logSources: estate.logSources.map((source) => ({
      id: source.id,
      type: source.type,
      system: 'system' in source ? source.system : undefined,
      lastImport: imports.get(source.id)?.finishedAt,
      lines: imports.get(source.id)?.lines,
    })),
    monitors: estate.monitors.map((monitor) => {
      const id = monitorIdOf(monitor);
      const stats = samples.get(id);
      return {
        id,
        system: monitor.system,
        samples: stats?.count ?? 0,
        errors: stats?.errors ?? 0,
        lastTs: stats?.lastTs,
        openAlerts: store.alerts.history(id).filter((alert) => alert.closedAt === undefined).length,
        alertTargets: monitor.alerts?.length ?? 0,
      };
    }),
  };
}
