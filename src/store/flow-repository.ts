import { emptyBucket, mergeBucket, type EdgeBucket } from '../flows/aggregate.js';
import { LatencyHistogram } from '../flows/histogram.js';
import type { Db } from './database.js';
import { MinuteSeries } from './minute-series.js';

interface EdgeRow {
  source: string;
  target: string;
  protocol: string;
  bucket: number;
  count: number;
  errors: number;
  bytes: number;
  first_seen: number;
  last_seen: number;
  histogram: Buffer;
  client_histogram: Buffer;
}

const fromRow = (row: EdgeRow): EdgeBucket => ({
  source: row.source,
  target: row.target,
  protocol: row.protocol,
  bucket: row.bucket,
  count: row.count,
  errors: row.errors,
  bytes: row.bytes,
  firstSeen: row.first_seen,
  lastSeen: row.last_seen,
  server: LatencyHistogram.decode(row.histogram),
  client: LatencyHistogram.decode(row.client_histogram),
});

export interface ImportRecord {
  sourceId: string;
  finishedAt: number;
  lines: number;
  malformed: number;
  records: number;
  malformedSamples: { line: number; reason: string; text: string }[];
}

/** Edge-minutes, import cursors and spans waiting for their other half. */
export class FlowRepository {
  /** count and p95 per edge-minute, packed per hour for series reads */
  private readonly series: MinuteSeries;

  constructor(private readonly db: Db) {
    this.series = new MinuteSeries(db, 'flow_edges_minute_series', ['source', 'target', 'protocol', 'log_source'], 2);
  }

  /**
   * Adds what one log source saw to what it saw before: the stored minutes of the same range are read in one query,
   * merged in memory and written back. Call inside `transaction`.
   */
  mergeEdges(logSource: string, buckets: Iterable<EdgeBucket>): void {
    const fresh = [...buckets];
    if (fresh.length === 0) return;
    let first = Infinity;
    let last = -Infinity;
    for (const bucket of fresh) {
      if (bucket.bucket < first) first = bucket.bucket;
      if (bucket.bucket > last) last = bucket.bucket;
    }
    const stored = new Map<string, EdgeRow>();
    for (const row of this.db.prepare('SELECT * FROM flow_edges WHERE bucket >= ? AND bucket <= ? AND log_source = ?').iterate(first, last, logSource) as IterableIterator<EdgeRow>) {
      stored.set(`${row.source}\u0000${row.target}\u0000${row.protocol}\u0000${row.bucket}`, row);
    }
    const write = this.db.prepare(
      `INSERT OR REPLACE INTO flow_edges (source, target, protocol, bucket, log_source, count, errors, bytes, first_seen, last_seen,
         server_p95_ms, client_p95_ms, histogram, client_histogram) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const bucket of fresh) {
      const row = stored.size === 0 ? undefined : stored.get(`${bucket.source}\u0000${bucket.target}\u0000${bucket.protocol}\u0000${bucket.bucket}`);
      const merged = row ? mergeBucket(fromRow(row), bucket) : bucket;
      const server = merged.server.snapshot([95]);
      const client = merged.client.snapshot([95]);
      const serverP95 = server.percentiles[0];
      const clientP95 = client.percentiles[0];
      this.series.set([merged.source, merged.target, merged.protocol, logSource], merged.bucket, [merged.count, serverP95 ?? clientP95 ?? Number.NaN]);
      write.run(
        merged.source,
        merged.target,
        merged.protocol,
        merged.bucket,
        logSource,
        merged.count,
        merged.errors,
        merged.bytes,
        merged.firstSeen,
        merged.lastSeen,
        serverP95 ?? null,
        clientP95 ?? null,
        server.encoded,
        client.encoded,
      );
    }
    this.series.flush();
  }

  /**
   * Every edge over [since, until), its minutes merged into one. When several sources saw an edge in the same minute
   * (an access log and traces of the same calls), the one that saw most calls counts: overlapping views are not added.
   */
  edges(since: number, until = Number.MAX_SAFE_INTEGER): EdgeBucket[] {
    const rows = this.db
      .prepare('SELECT * FROM flow_edges WHERE bucket >= ? AND bucket < ? ORDER BY source, target, protocol, bucket, count DESC')
      .all(since, until) as EdgeRow[];
    const edges = new Map<string, EdgeBucket>();
    let previous = '';
    for (const row of rows) {
      const minute = `${row.source}\u0000${row.target}\u0000${row.protocol}\u0000${row.bucket}`;
      if (minute === previous) continue;
      previous = minute;
      const key = `${row.source}\u0000${row.target}\u0000${row.protocol}`;
      let edge = edges.get(key);
      if (!edge) edges.set(key, (edge = emptyBucket(row.source, row.target, row.protocol, since, row.first_seen)));
      mergeBucket(edge, fromRow(row));
    }
    return [...edges.values()].sort((a, b) => b.count - a.count);
  }

  /** One edge's per-minute p95 (server side when measured, else client side), from the packed minute series. */
  p95Series(source: string, target: string, protocol: string, since: number, until: number): { t: number; v: number }[] {
    // Several log sources may have seen the edge: per minute, the one that saw most calls counts. Rows come hour by
    // hour, so each hour's minutes are settled in two 60-slot arrays before the next hour starts.
    const points: { t: number; v: number }[] = [];
    const best = new Float64Array(60);
    const counts = new Float64Array(60).fill(-1);
    let currentHour = -1;
    const settle = () => {
      for (let slot = 0; slot < 60; slot++) {
        if (counts[slot]! >= 0 && !Number.isNaN(best[slot]!)) points.push({ t: currentHour + slot * 60_000, v: best[slot]! });
      }
      counts.fill(-1);
    };
    this.series.forEach([source, target, protocol], since, until, (_key, t, values, at) => {
      const hour = t - (t % 3_600_000);
      if (hour !== currentHour) {
        settle();
        currentHour = hour;
      }
      const slot = (t - hour) / 60_000;
      if (values[at]! > counts[slot]!) {
        counts[slot] = values[at]!;
        best[slot] = values[at + 1]!;
      }
    });
    settle();
    return points;
  }

  cursor<T>(sourceId: string): T | undefined {
    const row = this.db.prepare('SELECT cursor_json FROM flow_cursors WHERE source_id = ?').get(sourceId) as { cursor_json: string } | undefined;
    return row && (JSON.parse(row.cursor_json) as T);
  }

  saveCursor(sourceId: string, cursor: unknown): void {
    this.db
      .prepare('INSERT OR REPLACE INTO flow_cursors (source_id, cursor_json, updated_at) VALUES (?, ?, ?)')
      .run(sourceId, JSON.stringify(cursor), Date.now());
  }

  recordImport(record: ImportRecord): void {
    this.db
      .prepare('INSERT INTO flow_imports (source_id, finished_at, lines, malformed, records, malformed_json) VALUES (?, ?, ?, ?, ?, ?)')
      .run(record.sourceId, record.finishedAt, record.lines, record.malformed, record.records, JSON.stringify(record.malformedSamples));
  }

  /** The last import of each source: when, and how many lines. */
  lastImports(): { sourceId: string; finishedAt: number; lines: number; malformed: number }[] {
    return this.db
      .prepare(
        `SELECT source_id AS sourceId, MAX(finished_at) AS finishedAt, lines, malformed FROM flow_imports GROUP BY source_id ORDER BY source_id`,
      )
      .all() as { sourceId: string; finishedAt: number; lines: number; malformed: number }[];
  }

  /** Spans kept until their other half arrives (JSON of FlowSpan). */
  addPending(spans: readonly { traceId: string; spanId: string; parentSpanId?: string }[], receivedAt: number): void {
    const insert = this.db.prepare(
      'INSERT OR REPLACE INTO otlp_pending_spans (trace_id, span_id, parent_span_id, received_at, json) VALUES (?, ?, ?, ?, ?)',
    );
    for (const span of spans) insert.run(span.traceId, span.spanId, span.parentSpanId ?? null, receivedAt, JSON.stringify(span));
  }

  /** Pending spans of the given traces (the candidates to pair with new spans). */
  pendingOfTraces(traceIds: readonly string[]): string[] {
    const select = this.db.prepare('SELECT json FROM otlp_pending_spans WHERE trace_id = ?');
    return traceIds.flatMap((traceId) => (select.all(traceId) as { json: string }[]).map((row) => row.json));
  }

  removePending(keys: readonly { traceId: string; spanId: string }[]): void {
    const remove = this.db.prepare('DELETE FROM otlp_pending_spans WHERE trace_id = ? AND span_id = ?');
    for (const key of keys) remove.run(key.traceId, key.spanId);
  }

  /** Removes and returns pending spans received before `before`. */
  takeExpired(before: number): string[] {
    const rows = this.db.prepare('SELECT json FROM otlp_pending_spans WHERE received_at < ?').all(before) as { json: string }[];
    this.db.prepare('DELETE FROM otlp_pending_spans WHERE received_at < ?').run(before);
    return rows.map((row) => row.json);
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }
}
