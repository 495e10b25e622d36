import type { BrokerQueue } from '../model/artifacts/broker.js';
import type { BrokerSystem, Estate } from '../model/estate.js';
import { HOUR_MS, MINUTE_MS, MINUTES, STAT, STAT_FIELDS, type PackedEdgeHour } from '../flows/edge-hour.js';
import { packHistograms } from '../flows/histogram.js';
import { PeerMap } from '../flows/peers.js';
import type { Probe } from '../probe/probe.js';
import type { Store } from '../store/store.js';
import { ManagementApi, type BrokerConnection } from './management.js';

/** The protocol of every edge a broker gives. */
export const BROKER_PROTOCOL = 'amqp';

/** One way messages travel from a publisher to a consumer through the broker, as the last import saw it. */
export interface BrokerRoute {
  from: string;
  to: string;
  exchange: string;
  queue: string;
  /** messages per second, from the broker's own rates at the last import */
  perSecond: number;
}

/**
 * What a broker import keeps between runs: the broker's cumulative counters (per publishing connection and exchange,
 * per exchange and queue, per queue and consuming connection), so each import adds only what moved since the last
 * one, and the routes last seen, for `flows show` and the graph.
 */
export interface BrokerCursor {
  counters: Record<string, number>;
  routes: BrokerRoute[];
  at: number;
}

export interface BrokerImportResult {
  sourceId: string;
  type: 'rabbitmq';
  connections: number;
  /** publisher → exchange → queue → consumer paths with traffic since the last import */
  routes: number;
  /** messages delivered to consumers since the last import (the first import counts what the counters hold) */
  messages: number;
  edges: number;
  warnings: string[];
}

/** A connection names its client: the connection_name client property, else the user it logged in as. */
const identityOf = (connection: BrokerConnection | undefined, user: string) =>
  connection?.clientName ?? connection?.user ?? user;

/** The counter's growth since the last import; a counter that went down belongs to a new connection or queue. */
const growth = (now: number, before: number | undefined) => (before === undefined || now < before ? now : now - before);

/** `part` of `whole`, using the cumulative totals when nothing moved since the last import. */
function share(parts: Map<string, { delta: number; total: number }>, key: string): number {
  const entries = [...parts.values()];
  const moved = entries.reduce((sum, entry) => sum + entry.delta, 0);
  const part = parts.get(key);
  if (!part) return 0;
  if (moved > 0) return part.delta / moved;
  const total = entries.reduce((sum, entry) => sum + entry.total, 0);
  return total === 0 ? 0 : part.total / total;
}

/** One edge-hour holding `count` messages in one minute: broker edges have no latency and no error classes. */
function edgeHourOf(source: string, target: string, at: number, count: number): PackedEdgeHour {
  const hour = at - (at % HOUR_MS);
  const stats = new Float64Array(MINUTES * STAT_FIELDS);
  const offset = Math.floor((at - hour) / MINUTE_MS) * STAT_FIELDS;
  stats[offset + STAT.count] = count;
  stats[offset + STAT.firstSeen] = at;
  stats[offset + STAT.lastSeen] = at;
  for (let minute = 0; minute < MINUTES; minute++) {
    stats[minute * STAT_FIELDS + STAT.serverP95] = Number.NaN;
    stats[minute * STAT_FIELDS + STAT.clientP95] = Number.NaN;
  }
  return {
    source,
    target,
    protocol: BROKER_PROTOCOL,
    hour,
    stats,
    histograms: packHistograms(new Array(2 * MINUTES).fill(undefined)),
  };
}

/**
 * Reads who publishes to which exchange, which exchange fills which queue and who consumes each queue from the
 * management API (per-channel rates: `management.rates_mode = detailed`), and stores `publisher → consumer` edges
 * like any other flow source (log source = the broker's id). Messages a consumer received are attributed to
 * publishers by their share of what reached its queue (exact with one publisher per exchange, an estimate when
 * several share one). GETs only: one per exchange and per queue with traffic.
 */
export async function importBrokerFlows(
  store: Store,
  estate: Estate,
  system: BrokerSystem,
  probe: Probe,
  /** `queues`: the vhost's queue listing when the caller just read it (a broker monitor), not read again */
  options: { now?: number; signal?: AbortSignal; queues?: BrokerQueue[] } = {},
): Promise<BrokerImportResult> {
  const now = options.now ?? Date.now();
  const api = new ManagementApi(probe, system, options.signal);
  const warnings: string[] = [];
  const overview = await api.overview();
  if (overview.ratesMode !== 'detailed')
    warnings.push(
      `the broker keeps no per-channel message rates (management.rates_mode = ${overview.ratesMode}): ` +
        'set management.rates_mode = detailed in rabbitmq.conf to see who publishes to whom',
    );
  const [connections, exchanges, queues] = await Promise.all([
    api.connections(),
    api.exchanges(),
    options.queues ?? api.queues(),
  ]);
  const byName = new Map(connections.map((connection) => [connection.name, connection]));
  const peers = new PeerMap(estate.systems);
  const previous = store.flows.cursor<BrokerCursor>(system.id);
  const counters: Record<string, number> = {};
  const moved = (key: string, total: number) => {
    counters[key] = total;
    return { delta: growth(total, previous?.counters[key]), total };
  };

  // publishers of each exchange: connection → messages
  const publishers = new Map<string, Map<string, { delta: number; total: number }>>();
  for (const exchange of exchanges.filter((candidate) => candidate.publishedIn > 0)) {
    const detail = await api.exchangeDetail(exchange.name);
    const byConnection = new Map<string, { delta: number; total: number }>();
    for (const entry of detail.incoming) {
      const connection = entry.channel_details.connection_name;
      const counted = moved(`p\u0000${connection}\u0000${exchange.name}`, entry.stats.publish);
      const known = byConnection.get(connection);
      byConnection.set(
        connection,
        known ? { delta: known.delta + counted.delta, total: known.total + counted.total } : counted,
      );
    }
    publishers.set(exchange.name, byConnection);
  }

  const routes = new Map<string, BrokerRoute & { count: number; open: boolean }>();
  let delivered = 0;
  for (const queue of queues.filter((candidate) => candidate.delivered > 0 || candidate.published > 0)) {
    const detail = await api.queueDetail(queue.name);
    const sources = new Map(
      detail.incoming.map((entry) => [
        entry.exchange.name,
        moved(`x\u0000${entry.exchange.name}\u0000${queue.name}`, entry.stats.publish),
      ]),
    );
    const rateOf = new Map(
      detail.deliveries.map((entry) => [
        entry.channel_details.connection_name,
        entry.stats.deliver_get_details?.rate ?? 0,
      ]),
    );
    for (const delivery of detail.deliveries) {
      const consumerConnection = delivery.channel_details.connection_name;
      const deliveries = moved(`d\u0000${queue.name}\u0000${consumerConnection}`, delivery.stats.deliver_get);
      const got = deliveries.delta;
      delivered += got;
      const consumer = peers.resolve(identityOf(byName.get(consumerConnection), delivery.channel_details.user));
      for (const exchange of sources.keys()) {
        const exchangeShare = share(sources, exchange);
        const byConnection = publishers.get(exchange) ?? new Map<string, { delta: number; total: number }>();
        for (const publisherConnection of byConnection.keys()) {
          const count = got * exchangeShare * share(byConnection, publisherConnection);
          const publisher = peers.resolve(identityOf(byName.get(publisherConnection), ''));
          const key = `${publisher}\u0000${consumer}\u0000${exchange}\u0000${queue.name}`;
          const route = routes.get(key) ?? {
            from: publisher,
            to: consumer,
            exchange,
            queue: queue.name,
            perSecond: 0,
            count: 0,
            open: false,
          };
          route.count += count;
          // the path is open while both connections live and each has moved messages on it
          route.open ||= deliveries.total > 0 && (byConnection.get(publisherConnection)?.total ?? 0) > 0;
          route.perSecond +=
            (rateOf.get(consumerConnection) ?? 0) * exchangeShare * share(byConnection, publisherConnection);
          routes.set(key, route);
        }
      }
    }
  }

  const edges = new Map<string, { from: string; to: string; count: number }>();
  for (const route of routes.values()) {
    const key = `${route.from}\u0000${route.to}`;
    const edge = edges.get(key) ?? { from: route.from, to: route.to, count: 0 };
    edge.count += route.count;
    edges.set(key, edge);
  }
  const hours = [...edges.values()]
    .map((edge) => ({ ...edge, count: Math.round(edge.count) }))
    .filter((edge) => edge.count > 0)
    .map((edge) => edgeHourOf(edge.from, edge.to, now, edge.count));
  const seen = [...routes.values()].filter((route) => route.count > 0 || route.perSecond > 0 || route.open);
  const routeKey = (route: BrokerRoute) => `${route.from}\u0000${route.to}\u0000${route.exchange}\u0000${route.queue}`;
  const current = new Set(seen.map(routeKey));
  const cursor: BrokerCursor = {
    counters,
    routes: [
      ...seen.map(({ from, to, exchange, queue, perSecond }) => ({
        from,
        to,
        exchange,
        queue,
        perSecond: Math.round(perSecond * 100) / 100,
      })),
      // a route whose connections closed since still carried the edges stored before: kept, at no rate now
      ...(previous?.routes ?? [])
        .filter((route) => !current.has(routeKey(route)))
        .map((route) => ({ ...route, perSecond: 0 })),
    ],
    at: now,
  };
  store.flows.transaction(() => {
    store.flows.mergeHours(system.id, hours);
    store.flows.saveCursor(system.id, cursor);
    store.flows.recordImport({
      sourceId: system.id,
      finishedAt: Date.now(),
      lines: 0,
      malformed: 0,
      records: Math.round(delivered),
      malformedSamples: [],
    });
  });
  return {
    sourceId: system.id,
    type: system.broker.kind,
    connections: connections.length,
    routes: seen.length,
    messages: Math.round(delivered),
    edges: hours.length,
    warnings,
  };
}
