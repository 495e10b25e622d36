import { LatencyHistogram } from '../flows/histogram.js';
import type { PhaseTimings } from '../probe/http.js';
import type { Statement } from 'better-sqlite3';
import type { Db } from './database.js';
import { MinuteSeries } from './minute-series.js';

/** One check of a monitor. */
export interface MonitorSample {
  monitorId: string;
  ts: number;
  ok: boolean;
  status?: number;
  timings?: PhaseTimings;
  error?: string;
}

export interface ChartPoint {
  t: number;
  count: number;
  errors: number;
  avgMs: number | null;
  p95Ms: number | null;
}

export interface Retention {
  rawMs: number;
  minuteMs: number;
  hourMs: number;
}

export const DEFAULT_RETENTION: Retention = { rawMs: 7 * 86_400_000, minuteMs: 31 * 86_400_000, hourMs: 400 * 86_400_000 };

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** What a batch adds to one rollup row. */
interface Rollup {
  count: number;
  errors: number;
  sum: number;
  max: number;
  histogram: LatencyHistogram;
}

function accumulate(rollups: Map<string, Map<number, Rollup>>, sample: MonitorSample, bucket: number): void {
  let buckets = rollups.get(sample.monitorId);
  if (!buckets) rollups.set(sample.monitorId, (buckets = new Map()));
  let rollup = buckets.get(bucket);
  if (!rollup) buckets.set(bucket, (rollup = { count: 0, errors: 0, sum: 0, max: 0, histogram: new LatencyHistogram() }));
  rollup.count++;
  const total = sample.timings?.total;
  if (!sample.ok) rollup.errors++;
  else if (total !== undefined) {
    rollup.histogram.record(total);
    rollup.sum += total;
    if (total > rollup.max) rollup.max = total;
  }
}

interface RollupRow {
  count: number;
  errors: number;
  sum_total_ms: number;
  max_total_ms: number;
  histogram: Buffer;
}

/** Monitor samples: raw rows in batches, rolled up per minute and per hour (with a latency histogram) as they arrive. */
export class SampleRepository {
  private readonly insertRaw;
  /** count, errors, latency sum, p95 per minute, packed per hour for charts */
  private readonly series: MinuteSeries;

  constructor(private readonly db: Db) {
    this.series = new MinuteSeries(db, 'samples_minute_series', ['monitor_id'], 4);
    this.insertRaw = db.prepare(
      'INSERT INTO samples (monitor_id, ts, ok, status, dns_ms, connect_ms, tls_ms, first_byte_ms, total_ms, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
  }

  /** One transaction per batch: a crash loses at most the batch in flight, never half of one. */
  insertBatch(samples: readonly MonitorSample[]): void {
    if (samples.length === 0) return;
    this.db.transaction(() => {
      // monitor → bucket → what the batch adds to that rollup row
      const minutes = new Map<string, Map<number, Rollup>>();
      const hours = new Map<string, Map<number, Rollup>>();
      for (const sample of samples) {
        const t = sample.timings;
        this.insertRaw.run(sample.monitorId, sample.ts, sample.ok ? 1 : 0, sample.status ?? null, t?.dns ?? null, t?.connect ?? null, t?.tls ?? null, t?.firstByte ?? null, t?.total ?? null, sample.error ?? null);
        accumulate(minutes, sample, sample.ts - (sample.ts % MINUTE));
        accumulate(hours, sample, sample.ts - (sample.ts % HOUR));
      }
      this.addToRollups('samples_minute', minutes);
      this.addToRollups('samples_hour', hours);
      this.series.flush();
    })();
  }

  /** Merges the batch's rollups into the stored rows: the rows of the batch's range are read in one query per monitor. */
  private addToRollups(table: 'samples_minute' | 'samples_hour', rollups: Map<string, Map<number, Rollup>>): void {
    const statements = this.rollupStatements(table);
    for (const [monitorId, buckets] of rollups) {
      let first = Infinity;
      let last = -Infinity;
      for (const bucket of buckets.keys()) {
        if (bucket < first) first = bucket;
        if (bucket > last) last = bucket;
      }
      for (const row of statements.read.iterate(monitorId, first, last) as IterableIterator<RollupRow & { bucket: number }>) {
        const rollup = buckets.get(row.bucket);
        if (!rollup) continue;
        rollup.count += row.count;
        rollup.errors += row.errors;
        rollup.sum += row.sum_total_ms;
        rollup.max = Math.max(rollup.max, row.max_total_ms);
        rollup.histogram.merge(LatencyHistogram.decode(row.histogram));
      }
      for (const [bucket, rollup] of buckets) {
        const [p50, p95] = rollup.histogram.percentiles([50, 95]);
        statements.write.run(monitorId, bucket, rollup.count, rollup.errors, rollup.sum, rollup.max, p50 ?? null, p95 ?? null, rollup.histogram.encode());
        if (table === 'samples_minute') this.series.set([monitorId], bucket, [rollup.count, rollup.errors, rollup.sum, p95 ?? Number.NaN]);
      }
    }
  }

  private readonly statements = new Map<string, { read: Statement; write: Statement }>();

  private rollupStatements(table: 'samples_minute' | 'samples_hour'): { read: Statement; write: Statement } {
    let statements = this.statements.get(table);
    if (!statements) {
      statements = {
        read: this.db.prepare(`SELECT bucket, count, errors, sum_total_ms, max_total_ms, histogram FROM ${table} WHERE monitor_id = ? AND bucket >= ? AND bucket <= ?`),
        write: this.db.prepare(
          `INSERT OR REPLACE INTO ${table} (monitor_id, bucket, count, errors, sum_total_ms, max_total_ms, p50_ms, p95_ms, histogram) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ),
      };
      this.statements.set(table, statements);
    }
    return statements;
  }

  /** A chart from the rollups: per minute (from the packed minute series) for ranges up to two days, else per hour. */
  chart(monitorId: string, since: number, until: number, resolution: 'minute' | 'hour' = until - since <= 2 * 86_400_000 ? 'minute' : 'hour'): ChartPoint[] {
    const point = (t: number, count: number, errors: number, sum: number, p95: number | null): ChartPoint => ({
      t,
      count,
      errors,
      avgMs: count > errors ? sum / (count - errors) : null,
      p95Ms: p95,
    });
    if (resolution === 'minute') {
      const points: ChartPoint[] = [];
      this.series.forEach([monitorId], since, until, (_key, t, values, at) => {
        const p95 = values[at + 3]!;
        points.push(point(t, values[at]!, values[at + 1]!, values[at + 2]!, Number.isNaN(p95) ? null : p95));
      });
      return points;
    }
    const rows = this.db
      .prepare('SELECT bucket, count, errors, sum_total_ms, p95_ms FROM samples_hour WHERE monitor_id = ? AND bucket >= ? AND bucket < ? ORDER BY bucket')
      .raw()
      .all(monitorId, since, until) as [number, number, number, number, number | null][];
    return rows.map(([t, count, errors, sum, p95]) => point(t, count, errors, sum, p95));
  }

  /** The newest samples of a monitor, newest first. */
  latest(monitorId: string, limit: number): MonitorSample[] {
    const rows = this.db
      .prepare('SELECT ts, ok, status, total_ms, error FROM samples WHERE monitor_id = ? ORDER BY ts DESC LIMIT ?')
      .all(monitorId, limit) as { ts: number; ok: number; status: number | null; total_ms: number | null; error: string | null }[];
    return rows.map((row) => ({
      monitorId,
      ts: row.ts,
      ok: row.ok === 1,
      status: row.status ?? undefined,
      timings: row.total_ms === null ? undefined : { dns: 0, connect: 0, tls: 0, firstByte: 0, download: 0, total: row.total_ms },
      error: row.error ?? undefined,
    }));
  }

  /** Count, errors and latency percentiles of a monitor since `since`, from raw samples. */
  window(monitorId: string, since: number): { count: number; errors: number; p95Ms: number | undefined } {
    const rows = this.db.prepare('SELECT ok, total_ms FROM samples WHERE monitor_id = ? AND ts >= ?').raw().all(monitorId, since) as [number, number | null][];
    const histogram = new LatencyHistogram();
    let errors = 0;
    for (const [ok, total] of rows) {
      if (ok !== 1) errors++;
      else if (total !== null) histogram.record(total);
    }
    return { count: rows.length, errors, p95Ms: histogram.percentile(95) };
  }

  /** Per monitor: samples in total, failures, the newest sample. */
  summary(): { monitorId: string; count: number; errors: number; lastTs: number; lastOk: boolean; lastTotalMs: number | null }[] {
    return (
      this.db
        .prepare(
          `SELECT s.monitor_id AS monitorId, s.count, s.errors, l.ts AS lastTs, l.ok AS lastOk, l.total_ms AS lastTotalMs
           FROM (SELECT monitor_id, SUM(count) AS count, SUM(errors) AS errors FROM samples_hour GROUP BY monitor_id) s
           JOIN samples l ON l.rowid = (SELECT rowid FROM samples WHERE monitor_id = s.monitor_id ORDER BY ts DESC LIMIT 1)`,
        )
        .all() as { monitorId: string; count: number; errors: number; lastTs: number; lastOk: number; lastTotalMs: number | null }[]
    ).map((row) => ({ ...row, lastOk: row.lastOk === 1 }));
  }

  /** Drops raw samples and rollups older than the retention allows. */
  applyRetention(retention: Retention, now: number): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM samples WHERE ts < ?').run(now - retention.rawMs);
      this.db.prepare('DELETE FROM samples_minute WHERE bucket < ?').run(now - retention.minuteMs);
      this.series.deleteBefore(now - retention.minuteMs);
      this.db.prepare('DELETE FROM samples_hour WHERE bucket < ?').run(now - retention.hourMs);
    })();
  }
}
