import { LatencyHistogram } from '../flows/histogram.js';
import type { PhaseTimings } from '../probe/http.js';
import type { Statement } from 'better-sqlite3';
import type { Db } from './database.js';

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

  constructor(private readonly db: Db) {
    this.insertRaw = db.prepare(
      'INSERT INTO samples (monitor_id, ts, ok, status, dns_ms, connect_ms, tls_ms, first_byte_ms, total_ms, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
  }

  /** One transaction per batch: a crash loses at most the batch in flight, never half of one. */
  insertBatch(samples: readonly MonitorSample[]): void {
    if (samples.length === 0) return;
    this.db.transaction(() => {
      const groups = { samples_minute: new Map<string, { monitorId: string; bucket: number; samples: MonitorSample[] }>(), samples_hour: new Map<string, { monitorId: string; bucket: number; samples: MonitorSample[] }>() };
      for (const sample of samples) {
        const t = sample.timings;
        this.insertRaw.run(sample.monitorId, sample.ts, sample.ok ? 1 : 0, sample.status ?? null, t?.dns ?? null, t?.connect ?? null, t?.tls ?? null, t?.firstByte ?? null, t?.total ?? null, sample.error ?? null);
        for (const [table, size] of [['samples_minute', MINUTE], ['samples_hour', HOUR]] as const) {
          const bucket = sample.ts - (sample.ts % size);
          const key = `${sample.monitorId}\u0000${bucket}`;
          let group = groups[table].get(key);
          if (!group) groups[table].set(key, (group = { monitorId: sample.monitorId, bucket, samples: [] }));
          group.samples.push(sample);
        }
      }
      for (const table of ['samples_minute', 'samples_hour'] as const) this.addToRollups(table, [...groups[table].values()]);
    })();
  }

  /** Merges groups of samples into their rollup rows: the stored rows of the batch's range are read in one query per monitor. */
  private addToRollups(table: 'samples_minute' | 'samples_hour', groups: readonly { monitorId: string; bucket: number; samples: readonly MonitorSample[] }[]): void {
    const statements = this.rollupStatements(table);
    const stored = new Map<string, RollupRow & { bucket: number }>();
    const ranges = new Map<string, { first: number; last: number }>();
    for (const group of groups) {
      const range = ranges.get(group.monitorId);
      if (!range) ranges.set(group.monitorId, { first: group.bucket, last: group.bucket });
      else Object.assign(range, { first: Math.min(range.first, group.bucket), last: Math.max(range.last, group.bucket) });
    }
    for (const [monitorId, range] of ranges) {
      for (const row of statements.read.iterate(monitorId, range.first, range.last) as IterableIterator<RollupRow & { bucket: number }>) {
        stored.set(`${monitorId}\u0000${row.bucket}`, row);
      }
    }
    for (const { monitorId, bucket, samples } of groups) {
      const row = stored.get(`${monitorId}\u0000${bucket}`);
      const histogram = LatencyHistogram.decode(row?.histogram);
      let count = row?.count ?? 0;
      let errors = row?.errors ?? 0;
      let sum = row?.sum_total_ms ?? 0;
      let max = row?.max_total_ms ?? 0;
      for (const sample of samples) {
        count++;
        if (!sample.ok) errors++;
        const total = sample.timings?.total;
        if (sample.ok && total !== undefined) {
          histogram.record(total);
          sum += total;
          max = Math.max(max, total);
        }
      }
      const [p50, p95] = histogram.percentiles([50, 95]);
      statements.write.run(monitorId, bucket, count, errors, sum, max, p50 ?? null, p95 ?? null, histogram.encode());
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

  /** A chart from the rollups: per minute for ranges up to two days, else per hour. */
  chart(monitorId: string, since: number, until: number, resolution: 'minute' | 'hour' = until - since <= 2 * 86_400_000 ? 'minute' : 'hour'): ChartPoint[] {
    const table = resolution === 'minute' ? 'samples_minute' : 'samples_hour';
    const rows = this.db
      .prepare(`SELECT bucket, count, errors, sum_total_ms, p95_ms FROM ${table} WHERE monitor_id = ? AND bucket >= ? AND bucket < ? ORDER BY bucket`)
      .raw()
      .all(monitorId, since, until) as [number, number, number, number, number | null][];
    return rows.map(([t, count, errors, sum, p95]) => ({ t, count, errors, avgMs: count > errors ? sum / (count - errors) : null, p95Ms: p95 }));
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
      this.db.prepare('DELETE FROM samples_hour WHERE bucket < ?').run(now - retention.hourMs);
    })();
  }
}
