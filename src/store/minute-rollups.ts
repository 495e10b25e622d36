import type { Statement } from 'better-sqlite3';
import { LatencyHistogram, packHistograms, unpackHistograms } from '../flows/histogram.js';
import { blobOf, float64sOf } from './blob.js';
import type { Db } from './database.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const SLOTS = 60;
/** per minute: count, errors, latency sum, latency max, p95 (count NaN: no sample that minute) */
export const MINUTE_FIELDS = 5;

/** What samples add to one minute. */
export interface MinuteRollup {
  count: number;
  errors: number;
  sum: number;
  max: number;
  histogram: LatencyHistogram;
}

/**
 * A monitor's per-minute rollups packed one row per hour: the minute values (for charts: 720 rows for 30 days) and
 * each minute's latency histogram (for merging what a later batch adds to the same minute). One row write per
 * monitor-hour and batch instead of one per minute.
 */
export class PackedMinuteRollups {
  private readonly readRange: Statement;
  private readonly write: Statement;

  constructor(private readonly db: Db) {
    this.readRange = db.prepare(
      'SELECT hour, minutes, histograms FROM samples_minute_series WHERE monitor_id = ? AND hour >= ? AND hour <= ?',
    );
    this.write = db.prepare(
      'INSERT OR REPLACE INTO samples_minute_series (monitor_id, hour, minutes, histograms) VALUES (?, ?, ?, ?)',
    );
  }

  /** Adds a batch's minute rollups (monitor → minute start → rollup) to the stored rows. Call inside the batch's transaction. */
  merge(rollups: Map<string, Map<number, MinuteRollup>>): void {
    for (const [monitorId, minutes] of rollups) {
      const hours = new Map<number, Map<number, MinuteRollup>>();
      for (const [minute, rollup] of minutes) {
        const hour = minute - (minute % HOUR);
        if (!hours.has(hour)) hours.set(hour, new Map());
        hours.get(hour)!.set((minute - hour) / MINUTE, rollup);
      }
      const keys = [...hours.keys()];
      const stored = new Map<number, { minutes: Buffer; histograms: Buffer }>();
      for (const row of this.readRange.iterate(monitorId, Math.min(...keys), Math.max(...keys)) as IterableIterator<{
        hour: number;
        minutes: Buffer;
        histograms: Buffer;
      }>) {
        stored.set(row.hour, row);
      }
      for (const [hour, slots] of hours) {
        const row = stored.get(hour);
        const vector = row ? float64sOf(row.minutes) : new Float64Array(SLOTS * MINUTE_FIELDS).fill(Number.NaN);
        const histograms = row
          ? unpackHistograms(row.histograms, SLOTS)
          : new Array<Buffer | undefined>(SLOTS).fill(undefined);
        for (const [slot, rollup] of slots) {
          const previous = histograms[slot];
          const at = slot * MINUTE_FIELDS;
          const had = !Number.isNaN(vector[at]);
          const histogram =
            had && previous ? LatencyHistogram.decode(previous).merge(rollup.histogram) : rollup.histogram;
          const snapshot = histogram.snapshot([95]);
          histograms[slot] = snapshot.encoded;
          vector[at] = (had ? vector[at] : 0) + rollup.count;
          vector[at + 1] = (had ? vector[at + 1] : 0) + rollup.errors;
          vector[at + 2] = (had ? vector[at + 2] : 0) + rollup.sum;
          vector[at + 3] = Math.max(had ? vector[at + 3] : 0, rollup.max);
          vector[at + 4] = snapshot.percentiles[0] ?? Number.NaN;
        }
        this.write.run(monitorId, hour, blobOf(vector), packHistograms(histograms));
      }
    }
  }

  /** Visits the minutes in [since, until) that have samples, in order; `values` is read at `offset`, MINUTE_FIELDS long. */
  forEach(
    monitorId: string,
    since: number,
    until: number,
    visit: (t: number, values: Float64Array, offset: number) => void,
  ): void {
    const rows = this.db
      .prepare(
        'SELECT hour, minutes FROM samples_minute_series WHERE monitor_id = ? AND hour >= ? AND hour < ? ORDER BY hour',
      )
      .raw()
      .all(monitorId, since - (since % HOUR), until) as [number, Buffer][];
    for (const [hour, blob] of rows) {
      const vector = float64sOf(blob);
      for (let slot = 0; slot < SLOTS; slot++) {
        const t = hour + slot * MINUTE;
        const offset = slot * MINUTE_FIELDS;
        if (t >= since && t < until && !Number.isNaN(vector[offset])) visit(t, vector, offset);
      }
    }
  }

  deleteBefore(time: number): void {
    this.db.prepare('DELETE FROM samples_minute_series WHERE hour < ?').run(time - (time % HOUR));
  }
}
