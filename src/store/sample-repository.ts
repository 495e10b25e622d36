import { LatencyHistogram } from '../flows/histogram.js';
import type { PhaseTimings } from '../model/probe.js';
import type { Statement } from 'better-sqlite3';
import type { Db } from './database.js';
import { PackedMinuteRollups, type MinuteRollup } from './minute-rollups.js';

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

export const DEFAULT_RETENTION: Retention = {
  rawMs: 7 * 86_400_000,
  minuteMs: 31 * 86_400_000,
  hourMs: 400 * 86_400_000,
};

const MINUTE = 60_000;
const HOUR = 3_600_000;

function accumulate(rollups: Map<string, Map<number, MinuteRollup>>, sample: MonitorSample, bucket: number): void {
  let buckets = rollups.get(sample.monitorId);
  if (!buckets) rollups.set(sample.monitorId, (buckets = new Map<number, MinuteRollup>()));
  let rollup = buckets.get(bucket);
  if (!rollup)
    buckets.set(bucket, (rollup = { count: 0, errors: 0, sum: 0, max: 0, histogram: new LatencyHistogram() }));
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

/** rows per INSERT statement: 10 parameters each, far under SQLite's limit of 32,766 */
const INSERT_CHUNK = 100;

/** Monitor samples: raw rows in batches, rolled up per minute and per hour (with a latency histogram) as they arrive. */
export class SampleRepository {
  /** multi-row INSERTs by row count: one statement call per chunk costs far less than one per row */
  private readonly insertStatements = new Map<number, Statement>();
  /** the minute rollups, packed one row per monitor-hour */
  private readonly minutes: PackedMinuteRollups;

  constructor(private readonly db: Db) {
    this.minutes = new PackedMinuteRollups(db);
  }

  private insertRows(rows: number): Statement {
    let statement = this.insertStatements.get(rows);
    if (!statement) {
      statement = this.db.prepare(
        // one check per monitor at a time: a second sample at the same millisecond can only be a replay of the first
        `INSERT OR REPLACE INTO samples (monitor_id, ts, ok, status, dns_ms, connect_ms, tls_ms, first_byte_ms, ` +
          `total_ms, error) VALUES ${Array(rows).fill('(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      );
      this.insertStatements.set(rows, statement);
    }
    return statement;
  }

  private insertRaw(samples: readonly MonitorSample[]): void {
    for (let start = 0; start < samples.length; start += INSERT_CHUNK) {
      const chunk = samples.slice(start, start + INSERT_CHUNK);
      const values: (string | number | null)[] = [];
      for (const sample of chunk) {
        const t = sample.timings;
        values.push(
          sample.monitorId,
          sample.ts,
          sample.ok ? 1 : 0,
          sample.status ?? null,
          t?.dns ?? null,
          t?.connect ?? null,
          t?.tls ?? null,
          t?.firstByte ?? null,
          t?.total ?? null,
          sample.error ?? null,
        );
      }
      this.insertRows(chunk.length).run(values);
    }
  }

  /** One transaction per batch: a crash loses at most the batch in flight, never half of one. */
  insertBatch(samples: readonly MonitorSample[]): void {
    if (samples.length === 0) return;
    this.db.transaction(() => {
      // monitor → bucket → what the batch adds to that rollup row
      const minutes = new Map<string, Map<number, MinuteRollup>>();
      const hours = new Map<string, Map<number, MinuteRollup>>();
      this.insertRaw(samples);
      for (const sample of samples) {
        accumulate(minutes, sample, sample.ts - (sample.ts % MINUTE));
        accumulate(hours, sample, sample.ts - (sample.ts % HOUR));
      }
      this.minutes.merge(minutes);
      this.addToHours(hours);
    })();
  }

  /** Merges the batch's hour rollups into the stored rows: the rows of the batch's range are read in one query per monitor. */
  private addToHours(rollups: Map<string, Map<number, MinuteRollup>>): void {
    const statements = this.hourStatements;
    for (const [monitorId, buckets] of rollups) {
      let first = Infinity;
      let last = -Infinity;
      for (const bucket of buckets.keys()) {
        if (bucket < first) first = bucket;
        if (bucket > last) last = bucket;
      }
      for (const row of statements.read.iterate(monitorId, first, last) as IterableIterator<
        RollupRow & { bucket: number }
      >) {
        const rollup = buckets.get(row.bucket);
        if (!rollup) continue;
        rollup.count += row.count;
        rollup.errors += row.errors;
        rollup.sum += row.sum_total_ms;
        rollup.max = Math.max(rollup.max, row.max_total_ms);
        rollup.histogram.merge(LatencyHistogram.decode(row.histogram));
      }
      for (const [bucket, rollup] of buckets) {
        const {
          encoded,
          percentiles: [p50, p95],
        } = rollup.histogram.snapshot([50, 95]);
        statements.write.run(
          monitorId,
          bucket,
          rollup.count,
          rollup.errors,
          rollup.sum,
          rollup.max,
          p50 ?? null,
          p95 ?? null,
          encoded,
        );
      }
    }
  }

  private get hourStatements(): { read: Statement; write: Statement } {
    return (this.hourStatementsCache ??= {
      read: this.db.prepare(
        'SELECT bucket, count, errors, sum_total_ms, max_total_ms, histogram FROM samples_hour WHERE monitor_id = ? AND bucket >= ? AND bucket <= ?',
      ),
      write: this.db.prepare(
        'INSERT OR REPLACE INTO samples_hour (monitor_id, bucket, count, errors, sum_total_ms, max_total_ms, ' +
          'p50_ms, p95_ms, histogram) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
    });
  }

  private hourStatementsCache?: { read: Statement; write: Statement };

  /** A chart from the rollups: per minute for ranges up to two days, else per hour. */
  chart(
    monitorId: string,
    since: number,
    until: number,
    resolution: 'minute' | 'hour' = until - since <= 2 * 86_400_000 ? 'minute' : 'hour',
  ): ChartPoint[] {
    const point = (t: number, count: number, errors: number, sum: number, p95: number | null): ChartPoint => ({
      t,
      count,
      errors,
      avgMs: count > errors ? sum / (count - errors) : null,
      p95Ms: p95,
    });
    if (resolution === 'minute') {
      const points: ChartPoint[] = [];
      this.minutes.forEach(monitorId, since, until, (t, values, at) => {
        const p95 = values[at + 4];
        points.push(point(t, values[at], values[at + 1], values[at + 2], Number.isNaN(p95) ? null : p95));
      });
      return points;
    }
    const rows = this.db
      .prepare(
        'SELECT bucket, count, errors, sum_total_ms, p95_ms FROM samples_hour WHERE monitor_id = ? AND bucket >= ? AND bucket < ? ORDER BY bucket',
      )
      .raw()
      .all(monitorId, since, until) as [number, number, number, number, number | null][];
    return rows.map(([t, count, errors, sum, p95]) => point(t, count, errors, sum, p95));
  }

  /** The newest samples of a monitor, newest first. */
  latest(monitorId: string, limit: number): MonitorSample[] {
    const rows = this.db
      .prepare('SELECT ts, ok, status, total_ms, error FROM samples WHERE monitor_id = ? ORDER BY ts DESC LIMIT ?')
      .all(monitorId, limit) as {
      ts: number;
      ok: number;
      status: number | null;
      total_ms: number | null;
      error: string | null;
    }[];
    return rows.map((row) => ({
      monitorId,
      ts: row.ts,
      ok: row.ok === 1,
      status: row.status ?? undefined,
      timings:
        row.total_ms === null
          ? undefined
          : { dns: 0, connect: 0, tls: 0, firstByte: 0, download: 0, total: row.total_ms },
      error: row.error ?? undefined,
    }));
  }

  /** Count, errors and latency percentiles of a monitor since `since`, from raw samples. */
  window(monitorId: string, since: number): { count: number; errors: number; p95Ms: number | undefined } {
    const rows = this.db
      .prepare('SELECT ok, total_ms FROM samples WHERE monitor_id = ? AND ts >= ?')
      .raw()
      .all(monitorId, since) as [number, number | null][];
    const histogram = new LatencyHistogram();
    let errors = 0;
    for (const [ok, total] of rows) {
      if (ok !== 1) errors++;
      else if (total !== null) histogram.record(total);
    }
    return { count: rows.length, errors, p95Ms: histogram.percentile(95) };
  }

  /** Per monitor: samples in total, failures, the newest sample. */
  summary(): {
    monitorId: string;
    count: number;
    errors: number;
    lastTs: number;
    lastOk: boolean;
    lastTotalMs: number | null;
  }[] {
    return (
      this.db
        .prepare(
          `SELECT s.monitor_id AS monitorId, s.count, s.errors, l.ts AS lastTs, l.ok AS lastOk, l.total_ms AS lastTotalMs
           FROM (SELECT monitor_id, SUM(count) AS count, SUM(errors) AS errors FROM samples_hour GROUP BY monitor_id) s
           JOIN samples l ON l.monitor_id = s.monitor_id AND l.ts = (SELECT MAX(ts) FROM samples WHERE monitor_id = s.monitor_id)`,
        )
        .all() as {
        monitorId: string;
        count: number;
        errors: number;
        lastTs: number;
        lastOk: number;
        lastTotalMs: number | null;
      }[]
    ).map((row) => ({ ...row, lastOk: row.lastOk === 1 }));
  }

  /** Drops raw samples and rollups older than the retention allows. */
  applyRetention(retention: Retention, now: number): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM samples WHERE ts < ?').run(now - retention.rawMs);
      this.minutes.deleteBefore(now - retention.minuteMs);
      this.db.prepare('DELETE FROM samples_hour WHERE bucket < ?').run(now - retention.hourMs);
    })();
  }
}
