import { monitorIdOf, type Estate } from '../model/estate.js';
import type { Store } from '../store/store.js';

const escapeLabel = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labels = (pairs: Record<string, string>) =>
  `{${Object.entries(pairs)
    .map(([key, value]) => `${key}="${escapeLabel(value)}"`)
    .join(',')}}`;

class Exposition {
  private readonly lines: string[] = [];

  family(
    name: string,
    type: 'gauge' | 'counter',
    help: string,
    samples: { labels: Record<string, string>; value: number }[],
  ): void {
    this.lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const sample of samples)
      this.lines.push(`${name}${labels(sample.labels)} ${Number.isFinite(sample.value) ? sample.value : 'NaN'}`);
  }

  toString(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

/** The Prometheus text exposition (format 0.0.4) content type that `GET /metrics` must send. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * `GET /metrics`: monitor state and totals, and per-edge traffic (all-time counters, latency over the last hour),
 * so a team's own Prometheus can scrape Junction. A pure renderer over the store: the HTTP host serves the text.
 */
export function renderMetrics(store: Store, estate: Estate, now = Date.now()): string {
  const out = new Exposition();
  const summaries = new Map(store.samples.summary().map((entry) => [entry.monitorId, entry]));
  const monitors = estate.monitors.map((monitor) => ({
    id: monitorIdOf(monitor),
    system: monitor.system,
    stats: summaries.get(monitorIdOf(monitor)),
  }));
  const withStats = monitors.filter((monitor) => monitor.stats);
  out.family(
    'junction_monitor_up',
    'gauge',
    'Whether the last check of the monitor succeeded (1) or failed (0).',
    withStats.map((m) => ({ labels: { monitor: m.id, system: m.system }, value: m.stats!.lastOk ? 1 : 0 })),
  );
  out.family(
    'junction_monitor_checks_total',
    'counter',
    'Checks the monitor has run (within the retention of hourly rollups).',
    withStats.map((m) => ({ labels: { monitor: m.id, system: m.system }, value: m.stats!.count })),
  );
  out.family(
    'junction_monitor_failures_total',
    'counter',
    'Checks of the monitor that failed.',
    withStats.map((m) => ({ labels: { monitor: m.id, system: m.system }, value: m.stats!.errors })),
  );
  out.family(
    'junction_monitor_last_duration_seconds',
    'gauge',
    'Total duration of the last successful check.',
    withStats
      .filter((m) => m.stats!.lastTotalMs !== null)
      .map((m) => ({ labels: { monitor: m.id, system: m.system }, value: m.stats!.lastTotalMs! / 1000 })),
  );
  out.family(
    'junction_monitor_open_alerts',
    'gauge',
    'Alerts of the monitor that are raised and not cleared.',
    monitors.map((m) => ({
      labels: { monitor: m.id, system: m.system },
      value: store.alerts.history(m.id).filter((alert) => alert.closedAt === undefined).length,
    })),
  );
  const allTime = store.flows.edges(0, now + 60_000);
  const lastHour = new Map(
    store.flows
      .edges(now - 3_600_000, now + 60_000)
      .map((edge) => [`${edge.source}>${edge.target}>${edge.protocol}`, edge]),
  );
  const edgeLabels = (edge: { source: string; target: string; protocol: string }) => ({
    from: edge.source,
    to: edge.target,
    protocol: edge.protocol,
  });
  out.family(
    'junction_flow_requests_total',
    'counter',
    'Calls seen on the edge in logs and traces.',
    allTime.map((edge) => ({ labels: edgeLabels(edge), value: edge.count })),
  );
  out.family(
    'junction_flow_errors_total',
    'counter',
    'Failed calls (5xx, no answer, error spans) seen on the edge.',
    allTime.map((edge) => ({ labels: edgeLabels(edge), value: edge.errors })),
  );
  out.family(
    'junction_flow_bytes_total',
    'counter',
    'Response bytes seen on the edge.',
    allTime.map((edge) => ({ labels: edgeLabels(edge), value: edge.bytes })),
  );
  const p95 = [...lastHour.values()].flatMap((edge) => {
    const value = (edge.server.total > 0 ? edge.server : edge.client).percentile(95);
    return value === undefined ? [] : [{ labels: edgeLabels(edge), value: value / 1000 }];
  });
  out.family(
    'junction_flow_latency_p95_seconds',
    'gauge',
    'p95 latency of the edge over the last hour (callee side when measured).',
    p95,
  );
  return out.toString();
}
