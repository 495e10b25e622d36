import { isHub, monitorIdOf, type Estate } from '../model/estate.js';
import type { FlowEdgeSummary, FlowsArtifact, FlowWindow } from '../model/artifacts/flows.js';
import type { Store } from '../store/store.js';
import { summarizeOperations } from './operations-summary.js';
import { OTLP_RECEIVER_SOURCE } from './otlp-receiver.js';
import { summarizeTopology } from './topology.js';
import type { BrokerCursor } from '../broker/flows.js';

const round = (value: number | undefined): number | null => (value === undefined ? null : Math.round(value * 10) / 10);
const rate = (part: number, count: number) => (count === 0 ? 0 : part / count);

/** Observed edges over the window, compared with the declared flows, the log sources and the monitors of the estate. */
export function summarizeFlows(
  store: Store,
  estate: Estate,
  window: FlowWindow | { from: number; until: number },
): FlowsArtifact {
  const judged: FlowWindow = { anchor: 'explicit', ...window };
  const systems = new Set(estate.systems.map((system) => system.id));
  const declaredPairs = new Set(estate.flows.map((flow) => `${flow.from}>${flow.to}`));
  const minutes = Math.max(1, (judged.until - judged.from) / 60_000);
  // a broker is a flow source of its own: its edges went through it, by the routes its last import saw
  const brokers = estate.systems.filter((system) => system.broker).map((system) => system.id);
  const routesOf = new Map(brokers.map((id) => [id, store.flows.cursor<BrokerCursor>(id)?.routes ?? []]));
  const edges: FlowEdgeSummary[] = store.flows.edges(judged.from, judged.until).map((edge) => {
    const latency = edge.server.total > 0 ? edge.server : edge.client;
    const via = brokers.find((id) => edge.logSources.has(id));
    const routes = via
      ? routesOf
          .get(via)!
          .filter((route) => route.from === edge.source && route.to === edge.target)
          .map(({ exchange, queue, perSecond }) => ({ exchange, queue, perSecond }))
      : undefined;
    return {
      from: edge.source,
      to: edge.target,
      protocol: edge.protocol,
      count: edge.count,
      serverErrors: edge.errors,
      clientErrors: edge.clientErrors,
      rateLimited: edge.rateLimited,
      serverErrorRate: rate(edge.errors, edge.count),
      clientErrorRate: rate(edge.clientErrors, edge.count),
      rateLimitedRate: rate(edge.rateLimited, edge.count),
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
      ...(via ? { via, routes } : {}),
    };
  });
  const seenPairs = new Set(edges.map((edge) => `${edge.from}>${edge.to}`));
  const unknownPeers = [
    ...new Set(edges.flatMap((edge) => [edge.fromKnown ? [] : [edge.from], edge.toKnown ? [] : [edge.to]].flat())),
  ].sort();
  const imports = new Map(store.flows.lastImports().map((entry) => [entry.sourceId, entry]));
  const extents = new Map(store.flows.extents().map(({ logSource, first, last }) => [logSource, { first, last }]));
  const traffic = [...extents.values()].reduce<{ first: number; last: number } | undefined>(
    (all, extent) =>
      all ? { first: Math.min(all.first, extent.first), last: Math.max(all.last, extent.last) } : { ...extent },
    undefined,
  );
  const overlaps = (extent: { first: number; last: number } | undefined) =>
    extent !== undefined && extent.first < judged.until && extent.last >= judged.from;
  // a source read over the window covers a flow when it is the callee's access log, or the caller's when the
  // caller is a gateway (its log shows what it forwards); traces (no system) cover flows between services in them
  const inTraffic = new Set(edges.flatMap((edge) => [edge.from, edge.to]));
  const gateways = new Set(estate.systems.filter(isHub).map((system) => system.id));
  const readers = [
    ...estate.logSources.map((source) => ({ id: source.id, system: 'system' in source ? source.system : undefined })),
    { id: OTLP_RECEIVER_SOURCE, system: undefined },
    ...brokers.map((id) => ({ id, system: undefined })),
  ].filter((source) => overlaps(extents.get(source.id)));
  const covered = (from: string, to: string) =>
    readers.some((source) =>
      source.system === undefined
        ? inTraffic.has(from) && inTraffic.has(to)
        : source.system === to || (source.system === from && gateways.has(from)),
    );
  // a store written before calls kept their method and path has edges from its logs but no operation to show
  const httpLogEdges = [...extents.keys()].some((source) => !brokers.includes(source));
  const operations =
    store.flows.operationExtents().length > 0 || !httpLogEdges ? summarizeOperations(store, estate, judged) : undefined;
  const samples = new Map(store.samples.summary().map((entry) => [entry.monitorId, entry]));
  return {
    window: judged,
    ...(traffic ? { traffic } : {}),
    systems: [...systems],
    edges,
    declared: estate.flows.map((flow) => ({
      from: flow.from,
      to: flow.to,
      protocol: flow.protocol,
      description: flow.description,
      seen: seenPairs.has(`${flow.from}>${flow.to}`),
      covered: covered(flow.from, flow.to),
    })),
    unknownPeers,
    topology: summarizeTopology(edges, estate.systems),
    ...(operations ? { operations } : {}),
    logSources: estate.logSources.map((source) => ({
      id: source.id,
      type: source.type,
      system: 'system' in source ? source.system : undefined,
      lastImport: imports.get(source.id)?.finishedAt,
      lines: imports.get(source.id)?.lines,
      ...(extents.has(source.id) ? { traffic: extents.get(source.id) } : {}),
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
        lastOk: stats?.lastOk,
        openAlerts: store.alerts.history(id).filter((alert) => alert.closedAt === undefined).length,
        alertTargets: monitor.alerts?.length ?? 0,
      };
    }),
  };
}
