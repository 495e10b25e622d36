import type { Statement } from 'better-sqlite3';
import type { Db } from './database.js';
import type { Retention } from './sample-repository.js';

/** One queue of a broker at one check of its monitor. */
export interface QueueSample {
  monitorId: string;
  queue: string;
  ts: number;
  messages: number;
  ready: number;
  unacked: number;
  consumers: number;
  /** messages per second, as the broker computed them */
  publishRate: number;
  deliverRate: number;
  /** how old the oldest message was, when its publisher set the AMQP timestamp property */
  oldestAgeMs?: number;
}

/** One queue over one bucket of a chart: means, and the extremes the alerts judge. */
export interface QueuePoint {
  queue: string;
  t: number;
  samples: number;
  messages: number;
  maxMessages: number;
  minConsumers: number;
  publishRate: number;
  deliverRate: number;
  maxAgeMs: number | null;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
/** the broker's gauges as columns, in the order of QueueSample */
const COLUMNS = 'messages, ready, unacked, consumers, publish_rate, deliver_rate, oldest_age_ms';

/**
 * A broker monitor's queue readings: raw rows, rolled up per minute and per hour as each batch is written (in the
 * same transaction), kept as long as the monitor samples are (the same Retention).
 */
export class QueueSampleRepository {
  private readonly insert: Statement;
  private readonly rollup: Statement;

  constructor(private readonly db: Db) {
    this.insert = db.prepare(
      `INSERT OR REPLACE INTO queue_samples (monitor_id, queue, ts, ${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // the minimum of a missing age is no age: -1 stands for "none" inside max() and is turned back into NULL
    this.rollup = db.prepare(
      `INSERT INTO queue_rollups (monitor_id, queue, resolution, bucket, count, sum_messages, max_messages,
         min_consumers, sum_publish_rate, sum_deliver_rate, max_age_ms)
       VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (monitor_id, resolution, bucket, queue) DO UPDATE SET
         count = count + 1,
         sum_messages = sum_messages + excluded.sum_messages,
         max_messages = max(max_messages, excluded.max_messages),
         min_consumers = min(min_consumers, excluded.min_consumers),
         sum_publish_rate = sum_publish_rate + excluded.sum_publish_rate,
         sum_deliver_rate = sum_deliver_rate + excluded.sum_deliver_rate,
         max_age_ms = nullif(max(coalesce(max_age_ms, -1), coalesce(excluded.max_age_ms, -1)), -1)`,
    );
  }

  /** One transaction per batch, raw rows and both rollups together. */
  insertBatch(samples: readonly QueueSample[]): void {
    if (samples.length === 0) return;
    this.db.transaction(() => {
      for (const sample of samples) {
        const age = sample.oldestAgeMs ?? null;
        this.insert.run(
          sample.monitorId,
          sample.queue,
          sample.ts,
          sample.messages,
          sample.ready,
          sample.unacked,
          sample.consumers,
          sample.publishRate,
          sample.deliverRate,
          age,
        );
        for (const resolution of [MINUTE, HOUR])
          this.rollup.run(
            sample.monitorId,
            sample.queue,
            resolution,
            sample.ts - (sample.ts % resolution),
            sample.messages,
            sample.messages,
            sample.consumers,
            sample.publishRate,
            sample.deliverRate,
            age,
          );
      }
    })();
  }

  /** Every queue of the monitor's newest reading. */
  latest(monitorId: string): QueueSample[] {
    const rows = this.db
      .prepare(
        `SELECT queue, ts, messages, ready, unacked, consumers, publish_rate AS publishRate,
           deliver_rate AS deliverRate, oldest_age_ms AS oldestAgeMs FROM queue_samples
         WHERE monitor_id = ? AND ts = (SELECT MAX(ts) FROM queue_samples WHERE monitor_id = ?) ORDER BY queue`,
      )
      .all(monitorId, monitorId) as (Omit<QueueSample, 'monitorId' | 'oldestAgeMs'> & { oldestAgeMs: number | null })[];
    return rows.map(({ oldestAgeMs, ...row }) => ({
      monitorId,
      ...row,
      ...(oldestAgeMs === null ? {} : { oldestAgeMs }),
    }));
  }

  /** Per queue and bucket from the rollups: per minute for ranges up to two days, else per hour. */
  chart(
    monitorId: string,
    since: number,
    until: number,
    resolution: 'minute' | 'hour' = until - since <= 2 * 86_400_000 ? 'minute' : 'hour',
  ): QueuePoint[] {
    const rows = this.db
      .prepare(
        `SELECT queue, bucket, count, sum_messages, max_messages, min_consumers, sum_publish_rate, sum_deliver_rate,
           max_age_ms FROM queue_rollups
         WHERE monitor_id = ? AND resolution = ? AND bucket >= ? AND bucket < ? ORDER BY bucket, queue`,
      )
      .raw()
      .all(monitorId, resolution === 'minute' ? MINUTE : HOUR, since - (since % MINUTE), until) as [
      string,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number | null,
    ][];
    return rows.map(([queue, t, count, messages, maxMessages, minConsumers, publish, deliver, age]) => ({
      queue,
      t,
      samples: count,
      messages: messages / count,
      maxMessages,
      minConsumers,
      publishRate: publish / count,
      deliverRate: deliver / count,
      maxAgeMs: age,
    }));
  }

  /** Drops raw readings and rollups older than the retention allows (the monitor samples' retention). */
  applyRetention(retention: Retention, now: number): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM queue_samples WHERE ts < ?').run(now - retention.rawMs);
      this.db
        .prepare('DELETE FROM queue_rollups WHERE resolution = ? AND bucket < ?')
        .run(MINUTE, now - retention.minuteMs);
      this.db
        .prepare('DELETE FROM queue_rollups WHERE resolution = ? AND bucket < ?')
        .run(HOUR, now - retention.hourMs);
    })();
  }
}
