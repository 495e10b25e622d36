import type { FlowWindow } from '../model/artifacts/flows.js';
import { OTHER_OPERATION_PATH, type OperationTraffic, type SystemOperations } from '../model/artifacts/operations.js';
import type { Estate } from '../model/estate.js';
import type { OperationTotals } from '../store/flow-repository.js';
import type { Store } from '../store/store.js';
import { HOUR_MS } from './edge-hour.js';
import { LatencyHistogram } from './histogram.js';

/** Which calls to keep: those of one called system, or those that travelled one edge of the graph. */
export interface OperationFilter {
  system?: string;
  /** an edge as the graph draws it: caller → callee, where either end may be the gateway that relayed the calls */
  edge?: { from: string; to: string };
}

const round = (value: number | undefined): number | null => (value === undefined ? null : Math.round(value * 10) / 10);
const rate = (part: number, count: number) => (count === 0 ? 0 : part / count);

/**
 * Whether a call travelled the edge: the consumer called the target directly, or the gateway relayed it to the target
 * (the gateway → target hop, whoever sent it). The consumer → gateway hop shows the gateway's own view of the calls (its paths).
 */
const onEdge = (total: OperationTotals, edge: { from: string; to: string }): boolean =>
  total.target === edge.to && (total.via === '' ? total.consumer === edge.from : total.via === edge.from);

/** One operation's calls of every consumer added up, its consumers by volume. */
function operationTraffic(group: readonly OperationTotals[]): OperationTraffic {
  const [first] = group;
  const latency = new LatencyHistogram();
  const consumers = new Map<string, number>();
  let count = 0;
  let errors = 0;
  let clientErrors = 0;
  let firstSeen = Infinity;
  let lastSeen = -Infinity;
  for (const total of group) {
    count += total.count;
    errors += total.errors;
    clientErrors += total.clientErrors + total.rateLimited;
    firstSeen = Math.min(firstSeen, total.firstSeen);
    lastSeen = Math.max(lastSeen, total.lastSeen);
    // the callee's own timing where its log measured it; the relaying gateway's timing of the upstream otherwise
    latency.merge(total.server.total > 0 ? total.server : total.client);
    consumers.set(total.consumer, (consumers.get(total.consumer) ?? 0) + total.count);
  }
  const [p50, p95, p99] = latency.percentiles([50, 95, 99]);
  return {
    system: first.target,
    method: first.method,
    path: first.path,
    documented: first.documented,
    ...(first.operationId ? { operationId: first.operationId } : {}),
    count,
    errorRate: rate(errors, count),
    clientErrorRate: rate(clientErrors, count),
    p50: round(p50),
    p95: round(p95),
    p99: round(p99),
    consumers: [...consumers]
      .map(([system, calls]) => ({ system, count: calls }))
      .sort((a, b) => b.count - a.count || a.system.localeCompare(b.system)),
    firstSeen,
    lastSeen,
  };
}

/**
 * Endpoint-level traffic over the window, per called system: each operation with its calls, error rates, latency
 * and consumers, next to the documented operations nobody called. A system's traffic counts as observed when its
 * own log source was read over the window or any source saw calls to it; only then can "unused" be told from
 * "unseen". Documented operations are those the last import matched the system's spec to.
 */
export function summarizeOperations(
  store: Store,
  estate: Estate,
  window: Pick<FlowWindow, 'from' | 'until'>,
  filter: OperationFilter = {},
): SystemOperations[] {
  const totals = store.flows
    .operations(window.from, window.until)
    .filter((total) => filter.system === undefined || total.target === filter.system)
    .filter((total) => filter.edge === undefined || onEdge(total, filter.edge));
  const groups = new Map<string, OperationTotals[]>();
  for (const total of totals) {
    const key = `${total.target}\u0000${total.method}\u0000${total.path}`;
    const group = groups.get(key);
    if (group) group.push(total);
    else groups.set(key, [total]);
  }
  const bySystem = new Map<string, OperationTraffic[]>();
  for (const group of groups.values()) {
    const traffic = operationTraffic(group);
    const list = bySystem.get(traffic.system);
    if (list) list.push(traffic);
    else bySystem.set(traffic.system, [traffic]);
  }
  const documented = new Map<string, { method: string; path: string; operationId?: string }[]>();
  for (const { system, ...operation } of store.flows.specOperations()) {
    const list = documented.get(system);
    if (list) list.push(operation);
    else documented.set(system, [operation]);
  }
  const readOverWindow = new Set(
    store.flows
      .operationExtents()
      .filter((extent) => extent.first < window.until && extent.last + HOUR_MS > window.from)
      .map((extent) => extent.logSource),
  );
  const ownLogRead = (system: string) =>
    estate.logSources.some((source) => 'system' in source && source.system === system && readOverWindow.has(source.id));
  // an edge shows the calls of every operation behind it, documented or not, but lists no uncalled one; a system
  // asked for is answered even with nothing to list; the estate's others, when they were called or have a spec
  const systems = filter.edge
    ? [...bySystem.keys()]
    : filter.system !== undefined
      ? [filter.system]
      : [...new Set([...estate.systems.map((system) => system.id), ...bySystem.keys()])].filter(
          (system) => bySystem.has(system) || documented.has(system),
        );
  return systems.sort().map((system) => {
    const operations = (bySystem.get(system) ?? []).sort(
      (a, b) => b.count - a.count || `${a.method} ${a.path}`.localeCompare(`${b.method} ${b.path}`),
    );
    const called = new Set(operations.map((operation) => `${operation.method} ${operation.path}`));
    return {
      system,
      observed: operations.length > 0 || ownLogRead(system),
      overflowed: operations.some((operation) => operation.path === OTHER_OPERATION_PATH),
      operations,
      unused: filter.edge
        ? []
        : (documented.get(system) ?? []).filter((operation) => !called.has(`${operation.method} ${operation.path}`)),
    };
  });
}
