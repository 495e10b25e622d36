import { percentile } from '../../../checks/lib/stats.js';
import type { ApiContext } from '../context.js';
import { ApiError } from '../errors.js';
import { monitorIdOf } from '../../model/estate.js';
import type { QueuePoint, QueueSample } from '../../store/queue-sample-repository.js';
import { DEFAULT_RETENTION } from '../../store/sample-repository.js';
import { requestTarget } from '../../probe/targets.js';

export interface MonitorInfo {
  id: string;
  systemId: string;
  systemName: string;
  /** the path and query the monitor requests on the system's host (the base URL's path included); a broker's queues */
  path: string;
  intervalMs: number;
  thresholds?: { p95Ms?: number; errorRate?: number; depth?: number; consumers?: number; age?: number };
  /** a broker monitor: the queue names or patterns it watches (null: every queue but the transient ones) */
  queues?: string[] | null;
  lastSample?: { t: number; ok: boolean; status?: number; error?: string; totalMs?: number };
  /** how many webhooks the monitor's alerts go to (their URLs stay on the host: a webhook's path is its secret) */
  webhooks: number;
}

export interface MonitorPoint {
  t: number;
  count: number;
  errors: number;
  /** mean phase durations of the bucket's successful samples, ms; null when none succeeded (the chart shows a gap) */
  dns: number | null;
  connect: number | null;
  tls: number | null;
  firstByte: number | null;
  total: number | null;
  p95: number | null;
  errorRate: number;
  availability: number;
}

export interface MonitorSeries {
  monitorId: string;
  from: number;
  until: number;
  bucketMs: number;
  /** false for ranges read from the hour rollups, which keep totals but no phase breakdown */
  phases: boolean;
  points: MonitorPoint[];
  summary: { count: number; errors: number; availability: number | null; p95: number | null };
}

export async function listMonitors(ctx: ApiContext): Promise<MonitorInfo[]> {
  const { workspace, store } = ctx;
  return workspace.estate.monitors.map((monitor) => {
    const id = monitorIdOf(monitor);
    const last = store.samples.latest(id, 1)[0];
    const system = workspace.estate.systems.find((candidate) => candidate.id === monitor.system)!;
    return {
      id,
      systemId: monitor.system,
      systemName: system.name,
      path: system.broker ? `queues ${monitor.queues?.join(', ') ?? '(all)'}` : requestTarget(system, monitor.path),
      intervalMs: monitor.interval,
      thresholds: monitor.thresholds,
      ...(system.broker ? { queues: monitor.queues ?? null } : {}),
      lastSample: last && {
        t: last.ts,
        ok: last.ok,
        status: last.status,
        error: last.error,
        totalMs: last.timings?.total,
      },
      webhooks: monitor.alerts?.length ?? 0,
    };
  });
}

/** About 120 points whatever the range: a bucket of at least one minute. */
export function bucketFor(rangeMs: number): number {
  return Math.max(60_000, Math.ceil(rangeMs / 120 / 60_000) * 60_000);
}

interface SampleRow {
  ts: number;
  ok: number;
  dns_ms: number | null;
  connect_ms: number | null;
  tls_ms: number | null;
  first_byte_ms: number | null;
  total_ms: number | null;
}

const mean = (values: number[]) =>
  values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;

/** Latency by phase, p95, error rate and availability per bucket over the range ending at `until` (now by default). */
export async function getMonitorSeries(
  ctx: ApiContext,
  input: { monitorId: string; rangeMs: number; until?: number },
): Promise<MonitorSeries> {
  const { workspace, store } = ctx;
  if (!workspace.estate.monitors.some((monitor) => monitorIdOf(monitor) === input.monitorId)) {
    throw new ApiError(404, `no monitor "${input.monitorId}"`);
  }
  const until = input.until ?? Date.now();
  const from = until - input.rangeMs;
  if (input.rangeMs > DEFAULT_RETENTION.rawMs) return fromHourRollups(ctx, input.monitorId, from, until);
  const bucketMs = bucketFor(input.rangeMs);
  const rows = store.db
    .prepare(
      'SELECT ts, ok, dns_ms, connect_ms, tls_ms, first_byte_ms, total_ms FROM samples WHERE monitor_id = ? AND ts >= ? AND ts <= ? ORDER BY ts',
    )
    .all(input.monitorId, from, until) as SampleRow[];
  const buckets = new Map<number, SampleRow[]>();
  for (const row of rows) {
    const bucket = Math.floor(row.ts / bucketMs) * bucketMs;
    let list = buckets.get(bucket);
    if (!list) buckets.set(bucket, (list = []));
    list.push(row);
  }
  const phase = (list: SampleRow[], pick: (row: SampleRow) => number | null) =>
    mean(
      list
        .filter((row) => row.ok === 1)
        .map(pick)
        .filter((value): value is number => value !== null),
    );
  const points = [...buckets.entries()].map(([t, list]): MonitorPoint => {
    const errors = list.filter((row) => row.ok !== 1).length;
    const totals = list.filter((row) => row.ok === 1 && row.total_ms !== null).map((row) => row.total_ms!);
    return {
      t,
      count: list.length,
      errors,
      dns: phase(list, (row) => row.dns_ms),
      connect: phase(list, (row) => row.connect_ms),
      tls: phase(list, (row) => row.tls_ms),
      firstByte: phase(list, (row) => row.first_byte_ms),
      total: mean(totals),
      p95: percentile(totals, 95) ?? null,
      errorRate: errors / list.length,
      availability: 1 - errors / list.length,
    };
  });
  const okTotals = rows.filter((row) => row.ok === 1 && row.total_ms !== null).map((row) => row.total_ms!);
  const errors = rows.filter((row) => row.ok !== 1).length;
  return {
    monitorId: input.monitorId,
    from,
    until,
    bucketMs,
    phases: true,
    points,
    summary: {
      count: rows.length,
      errors,
      availability: rows.length === 0 ? null : 1 - errors / rows.length,
      p95: percentile(okTotals, 95) ?? null,
    },
  };
}

/** Past the raw retention only the hour rollups remain: mean and p95 of the total, errors and availability. */
function fromHourRollups(ctx: ApiContext, monitorId: string, from: number, until: number): MonitorSeries {
  const chart = ctx.store.samples.chart(monitorId, from, until, 'hour');
  const points = chart.map((point): MonitorPoint => ({
    t: point.t,
    count: point.count,
    errors: point.errors,
    dns: null,
    connect: null,
    tls: null,
    firstByte: null,
    total: point.avgMs,
    p95: point.p95Ms,
    errorRate: point.count === 0 ? 0 : point.errors / point.count,
    availability: point.count === 0 ? 1 : 1 - point.errors / point.count,
  }));
  const count = chart.reduce((sum, point) => sum + point.count, 0);
  const errors = chart.reduce((sum, point) => sum + point.errors, 0);
  const p95s = chart.map((point) => point.p95Ms).filter((value): value is number => value !== null);
  return {
    monitorId,
    from,
    until,
    bucketMs: 3_600_000,
    phases: false,
    points,
    // the p95 of hourly p95s would overstate; the highest hourly p95 is shown as the range's worst hour instead
    summary: {
      count,
      errors,
      availability: count === 0 ? null : 1 - errors / count,
      p95: p95s.length === 0 ? null : Math.max(...p95s),
    },
  };
}

export interface QueueSeries {
  monitorId: string;
  from: number;
  until: number;
  /** the newest reading of every watched queue */
  latest: QueueSample[];
  /** per queue and bucket (minutes up to two days, else hours), from the rollups */
  points: QueuePoint[];
}

/** A broker monitor's queues over the range ending at `until` (now by default). */
export async function getQueueSeries(
  ctx: ApiContext,
  input: { monitorId: string; rangeMs: number; until?: number },
): Promise<QueueSeries> {
  const { workspace, store } = ctx;
  const monitor = workspace.estate.monitors.find((candidate) => monitorIdOf(candidate) === input.monitorId);
  if (!monitor) throw new ApiError(404, `no monitor "${input.monitorId}"`);
  if (!workspace.estate.systems.some((system) => system.id === monitor.system && system.broker))
    throw new ApiError(400, `${input.monitorId} is not a broker monitor: it has no queues`);
  const until = input.until ?? Date.now();
  const from = until - input.rangeMs;
  return {
    monitorId: input.monitorId,
    from,
    until,
    latest: store.queues.latest(input.monitorId),
    points: store.queues.chart(input.monitorId, from, until),
  };
}
