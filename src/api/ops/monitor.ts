import { percentile } from '../../../checks/lib/stats.js';
import type { ApiContext } from '../contract.js';
import { ApiError } from '../errors.js';
import { monitorIdOf } from './estate.js';

export interface MonitorInfo {
  id: string;
  systemId: string;
  systemName: string;
  path: string;
  intervalMs: number;
  thresholds?: { p95Ms?: number; errorRate?: number };
  lastSample?: { t: number; ok: boolean; totalMs?: number };
}

export interface MonitorPoint {
  t: number;
  count: number;
  errors: number;
  /** mean phase durations in the bucket, ms */
  dns: number;
  connect: number;
  tls: number;
  firstByte: number;
  total: number;
  p95: number | null;
  errorRate: number;
  availability: number;
}

export interface MonitorSeries {
  monitorId: string;
  from: number;
  until: number;
  bucketMs: number;
  points: MonitorPoint[];
  summary: { count: number; errors: number; availability: number | null; p95: number | null };
}

export async function listMonitors(ctx: ApiContext): Promise<MonitorInfo[]> {
  const { workspace, store } = ctx.workspace;
  const last = store.db.prepare('SELECT ts, ok, total_ms FROM samples WHERE monitor_id = ? ORDER BY ts DESC LIMIT 1');
  return workspace.estate.monitors.map((monitor) => {
    const id = monitorIdOf(monitor);
    const row = last.get(id) as { ts: number; ok: number; total_ms: number | null } | undefined;
    return {
      id,
      systemId: monitor.system,
      systemName: workspace.estate.systems.find((system) => system.id === monitor.system)?.name ?? monitor.system,
      path: monitor.path,
      intervalMs: monitor.interval,
      thresholds: monitor.thresholds,
      lastSample: row && { t: row.ts, ok: row.ok === 1, totalMs: row.total_ms ?? undefined },
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

const mean = (values: number[]) => (values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length);

/** Latency by phase, p95, error rate and availability per bucket over the range ending at `until` (now by default). */
export async function getMonitorSeries(
  ctx: ApiContext,
  input: { monitorId: string; rangeMs: number; until?: number },
): Promise<MonitorSeries> {
  const { workspace, store } = ctx.workspace;
  if (!workspace.estate.monitors.some((monitor) => monitorIdOf(monitor) === input.monitorId)) {
    throw new ApiError(404, `no monitor "${input.monitorId}"`);
  }
  const until = input.until ?? Date.now();
  const from = until - input.rangeMs;
  const bucketMs = bucketFor(input.rangeMs);
  const rows = store.db
    .prepare('SELECT ts, ok, dns_ms, connect_ms, tls_ms, first_byte_ms, total_ms FROM samples WHERE monitor_id = ? AND ts >= ? AND ts <= ? ORDER BY ts')
    .all(input.monitorId, from, until) as SampleRow[];
  const buckets = new Map<number, SampleRow[]>();
  for (const row of rows) {
    const bucket = Math.floor(row.ts / bucketMs) * bucketMs;
    let list = buckets.get(bucket);
    if (!list) buckets.set(bucket, (list = []));
    list.push(row);
  }
  const phase = (list: SampleRow[], pick: (row: SampleRow) => number | null) =>
    mean(list.filter((row) => row.ok === 1).map(pick).filter((value): value is number => value !== null));
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
    points,
    summary: {
      count: rows.length,
      errors,
      availability: rows.length === 0 ? null : 1 - errors / rows.length,
      p95: percentile(okTotals, 95) ?? null,
    },
  };
}
