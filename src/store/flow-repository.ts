import {
  HOUR_MS,
  MINUTE_MS,
  MINUTES,
  mergePacked,
  STAT,
  STAT_FIELDS,
  type PackedEdgeHour,
} from '../flows/edge-hour.js';
import { LatencyHistogram, unpackHistograms } from '../flows/histogram.js';
import { mergeOperationHours, OPERATION_STAT, type PackedOperationHour } from '../flows/operation-hour.js';
import { blobOf, float64sOf } from './blob.js';
import type { Db } from './database.js';

interface HourRow {
  source: string;
  target: string;
  protocol: string;
  hour: number;
  log_source: string;
  stats: Buffer;
  histograms: Buffer;
}

/** One edge over a window: its minutes added up, histograms merged. */
export interface EdgeTotals {
  source: string;
  target: string;
  protocol: string;
  count: number;
  /** the callee's errors: 5xx and no answer */
  errors: number;
  /** the caller's: 4xx other than 429 */
  clientErrors: number;
  /** 429 Too Many Requests */
  rateLimited: number;
  bytes: number;
  firstSeen: number;
  lastSeen: number;
  /** the log sources (and receivers, brokers) whose minutes were counted */
  logSources: Set<string>;
  server: LatencyHistogram;
  client: LatencyHistogram;
}

/** One minute of an edge's series; p95 is the callee's when measured, else the caller's. */
export interface EdgeMinute {
  t: number;
  count: number;
  errors: number;
  clientErrors: number;
  rateLimited: number;
  p95Ms: number | null;
}

/** Calls of one consumer to one operation over a window (overlapping sources maxed per hour), histograms merged. */
export interface OperationTotals {
  target: string;
  method: string;
  path: string;
  documented: boolean;
  operationId?: string;
  consumer: string;
  /** the gateway that relayed the calls; '' when called directly */
  via: string;
  count: number;
  errors: number;
  clientErrors: number;
  rateLimited: number;
  firstSeen: number;
  lastSeen: number;
  logSources: Set<string>;
  server: LatencyHistogram;
  client: LatencyHistogram;
}

interface OperationRow {
  target: string;
  method: string;
  path: string;
  consumer: string;
  via: string;
  hour: number;
  log_source: string;
  documented: number;
  operation_id: string;
  stats: Buffer;
  histograms: Buffer;
}

/** A spec operation as an import matched calls to it. */
export interface StoredSpecOperation {
  system: string;
  method: string;
  path: string;
  operationId?: string;
}

export interface ImportRecord {
  sourceId: string;
  finishedAt: number;
  lines: number;
  malformed: number;
  records: number;
  malformedSamples: { line: number; reason: string; text: string }[];
}

/**
 * Rows of the same edge and hour seen by several log sources (an access log and traces of the same calls): per
 * minute, the source that saw most calls counts, as overlapping views must not be added up. Visits each minute
 * in [since, until) that had calls, with the winning row's stats at `at`.
 */
function forEachMinute<Row extends { hour: number; stats: Float64Array }>(
  group: readonly Row[],
  since: number,
  until: number,
  visit: (row: Row, minute: number, at: number) => void,
): void {
  for (let minute = 0; minute < MINUTES; minute++) {
    const t = group[0].hour + minute * MINUTE_MS;
    if (t < since || t >= until) continue;
    const at = minute * STAT_FIELDS;
    let best: Row | undefined;
    for (const row of group) if (row.stats[at + STAT.count] > (best?.stats[at + STAT.count] ?? 0)) best = row;
    if (best) visit(best, minute, at);
  }
}

/** Rows grouped by edge and hour (several log sources may have one each). */
function groupByEdgeHour<Row extends { source: string; target: string; protocol: string; hour: number }>(
  rows: readonly Row[],
): Row[][] {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = `${row.source}\u0000${row.target}\u0000${row.protocol}\u0000${row.hour}`;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.values()];
}

const hourOf = (time: number) => time - (time % HOUR_MS);
/** SQLite's BINARY collation for the ASCII-range names keys hold: code-unit order. */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Edge-hours, import cursors and spans waiting for their other half. */
export class FlowRepository {
  constructor(private readonly db: Db) {}

  /**
   * Adds what one log source saw to what it saw before: each stored edge-hour it touches is read, merged in memory
   * and written back. Call inside `transaction`.
   */
  mergeHours(logSource: string, hours: readonly PackedEdgeHour[]): void {
    const read = this.db.prepare(
      'SELECT source, target, protocol, hour, log_source, stats, histograms FROM flow_edge_hours WHERE ' +
        'source = ? AND target = ? AND protocol = ? AND hour = ? AND log_source = ?',
    );
    const write = this.db.prepare(
      'INSERT OR REPLACE INTO flow_edge_hours (source, target, protocol, hour, log_source, stats, histograms) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    for (const fresh of hours) {
      const row = read.get(fresh.source, fresh.target, fresh.protocol, fresh.hour, logSource) as HourRow | undefined;
      const merged = row ? mergePacked({ ...row, stats: float64sOf(row.stats) }, fresh) : fresh;
      write.run(
        merged.source,
        merged.target,
        merged.protocol,
        merged.hour,
        logSource,
        blobOf(merged.stats),
        merged.histograms,
      );
    }
  }

  /**
   * Adds what one log source saw of each operation to what it saw before, as mergeHours does for edges. Call inside
   * `transaction`, with the edge-hours of the same calls.
   */
  mergeOperationHours(
    logSource: string,
    hours: readonly PackedOperationHour[],
    mayBeStored: (hour: PackedOperationHour) => boolean = () => true,
  ): void {
    const read = this.db.prepare(
      'SELECT stats, histograms FROM flow_operation_hours WHERE target = ? AND method = ? AND path = ? AND ' +
        'consumer = ? AND via = ? AND hour = ? AND log_source = ?',
    );
    const write = this.db.prepare(
      'INSERT OR REPLACE INTO flow_operation_hours (target, method, path, consumer, via, hour, log_source, ' +
        'documented, operation_id, stats, histograms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    // in primary-key order, each insert lands beside the previous one instead of on a random page of the table
    const ordered = [...hours].sort(
      (a, b) =>
        compare(a.target, b.target) ||
        compare(a.method, b.method) ||
        compare(a.path, b.path) ||
        compare(a.consumer, b.consumer) ||
        compare(a.via, b.via) ||
        a.hour - b.hour,
    );
    for (const fresh of ordered) {
      const key = [fresh.target, fresh.method, fresh.path, fresh.consumer, fresh.via, fresh.hour, logSource];
      // an importer that knows the row is new spares the lookup: most rows of a long log are written once
      const row = mayBeStored(fresh)
        ? (read.get(...key) as { stats: Buffer; histograms: Buffer } | undefined)
        : undefined;
      const merged = row
        ? mergeOperationHours({ ...fresh, stats: float64sOf(row.stats), histograms: row.histograms }, fresh)
        : fresh;
      write.run(...key, merged.documented ? 1 : 0, merged.operationId, blobOf(merged.stats), merged.histograms);
    }
  }

  /** The undocumented templates stored for a system: what its cardinality cap counts. */
  undocumentedTemplates(target: string): { method: string; path: string }[] {
    return this.db
      .prepare('SELECT DISTINCT method, path FROM flow_operation_hours WHERE target = ? AND documented = 0')
      .all(target) as { method: string; path: string }[];
  }

  /**
   * Every (operation, consumer, via) over the hours that overlap [since, until). Several log sources seeing the same
   * calls (a gateway's log and the service's traces) are not added up: per hour, the one that saw most counts.
   */
  operations(since: number, until = Number.MAX_SAFE_INTEGER): OperationTotals[] {
    const rows = this.db
      .prepare(
        'SELECT target, method, path, consumer, via, hour, log_source, documented, operation_id, stats, histograms ' +
          'FROM flow_operation_hours WHERE hour >= ? AND hour < ? ORDER BY target, method, path, consumer, via, hour',
      )
      .all(hourOf(since), until) as OperationRow[];
    const totals: OperationTotals[] = [];
    for (let at = 0; at < rows.length;) {
      const first = rows[at];
      let end = at + 1;
      const same = (row: OperationRow) =>
        row.target === first.target &&
        row.method === first.method &&
        row.path === first.path &&
        row.consumer === first.consumer &&
        row.via === first.via;
      while (end < rows.length && same(rows[end])) end++;
      const total: OperationTotals = {
        target: first.target,
        method: first.method,
        path: first.path,
        documented: first.documented === 1,
        ...(first.operation_id ? { operationId: first.operation_id } : {}),
        consumer: first.consumer,
        via: first.via,
        count: 0,
        errors: 0,
        clientErrors: 0,
        rateLimited: 0,
        firstSeen: Infinity,
        lastSeen: -Infinity,
        logSources: new Set(),
        server: new LatencyHistogram(),
        client: new LatencyHistogram(),
      };
      for (let hourAt = at; hourAt < end;) {
        let hourEnd = hourAt + 1;
        while (hourEnd < end && rows[hourEnd].hour === rows[hourAt].hour) hourEnd++;
        // the log source that saw most calls of this hour
        let best: { row: OperationRow; stats: Float64Array } | undefined;
        for (let i = hourAt; i < hourEnd; i++) {
          const stats = float64sOf(rows[i].stats);
          if (!best || stats[OPERATION_STAT.count] > best.stats[OPERATION_STAT.count]) best = { row: rows[i], stats };
        }
        const { row, stats } = best!;
        total.count += stats[OPERATION_STAT.count];
        total.errors += stats[OPERATION_STAT.errors];
        total.clientErrors += stats[OPERATION_STAT.clientErrors];
        total.rateLimited += stats[OPERATION_STAT.rateLimited];
        total.firstSeen = Math.min(total.firstSeen, stats[OPERATION_STAT.firstSeen]);
        total.lastSeen = Math.max(total.lastSeen, stats[OPERATION_STAT.lastSeen]);
        total.logSources.add(row.log_source);
        const [server, client] = unpackHistograms(row.histograms, 2);
        total.server.addEncoded(server);
        total.client.addEncoded(client);
        hourAt = hourEnd;
      }
      totals.push(total);
      at = end;
    }
    return totals;
  }

  /** The last hour a log source stored operations for (epoch ms of its start), or -Infinity. */
  lastOperationHour(logSource: string): number {
    const row = this.db
      .prepare('SELECT MAX(hour) AS last FROM flow_operation_hours WHERE log_source = ?')
      .get(logSource) as { last: number | null };
    return row.last ?? -Infinity;
  }

  /** The first and last hour each log source kept operations for (epoch ms of the hours' starts). */
  operationExtents(): { logSource: string; first: number; last: number }[] {
    return this.db
      .prepare(
        'SELECT log_source AS logSource, MIN(hour) AS first, MAX(hour) AS last FROM flow_operation_hours GROUP BY log_source',
      )
      .all() as { logSource: string; first: number; last: number }[];
  }

  /** Stores each system's spec routes as its documented operations (what its uncalled operations are judged by). */
  saveSpecRoutes(specs: ReadonlyMap<string, readonly { method: string; path: string; operationId?: string }[]>): void {
    this.transaction(() => {
      for (const [system, routes] of specs) this.saveSpecOperations(system, routes);
    });
  }

  /** Replaces the spec operations stored for a system with those its calls were just matched to. */
  saveSpecOperations(
    system: string,
    operations: readonly { method: string; path: string; operationId?: string }[],
  ): void {
    this.db.prepare('DELETE FROM flow_spec_operations WHERE system = ?').run(system);
    const insert = this.db.prepare(
      'INSERT OR IGNORE INTO flow_spec_operations (system, method, path, operation_id) VALUES (?, ?, ?, ?)',
    );
    for (const operation of operations)
      insert.run(system, operation.method.toUpperCase(), operation.path, operation.operationId ?? '');
  }

  /** Every system's stored spec operations. */
  specOperations(): StoredSpecOperation[] {
    return (
      this.db
        .prepare('SELECT system, method, path, operation_id FROM flow_spec_operations ORDER BY system, path, method')
        .all() as { system: string; method: string; path: string; operation_id: string }[]
    ).map((row) => ({
      system: row.system,
      method: row.method,
      path: row.path,
      ...(row.operation_id ? { operationId: row.operation_id } : {}),
    }));
  }

  /** Every edge over [since, until), its minutes added up (see forEachMinute for edges several sources saw). */
  edges(since: number, until = Number.MAX_SAFE_INTEGER): EdgeTotals[] {
    const rows = (
      this.db
        .prepare(
          'SELECT source, target, protocol, hour, log_source, stats, histograms FROM flow_edge_hours WHERE hour >= ? AND hour < ?',
        )
        .all(hourOf(since), until) as HourRow[]
    ).map((row) => ({
      ...row,
      stats: float64sOf(row.stats),
      unpacked: undefined as (Buffer | undefined)[] | undefined,
    }));
    const edges = new Map<string, EdgeTotals>();
    for (const group of groupByEdgeHour(rows)) {
      const { source, target, protocol } = group[0];
      const key = `${source}\u0000${target}\u0000${protocol}`;
      let edge = edges.get(key);
      forEachMinute(group, since, until, (row, minute, at) => {
        if (!edge) {
          edge = {
            source,
            target,
            protocol,
            count: 0,
            errors: 0,
            clientErrors: 0,
            rateLimited: 0,
            bytes: 0,
            firstSeen: Infinity,
            lastSeen: -Infinity,
            logSources: new Set(),
            server: new LatencyHistogram(),
            client: new LatencyHistogram(),
          };
          edges.set(key, edge);
        }
        edge.count += row.stats[at + STAT.count];
        edge.errors += row.stats[at + STAT.errors];
        edge.clientErrors += row.stats[at + STAT.clientErrors];
        edge.rateLimited += row.stats[at + STAT.rateLimited];
        edge.bytes += row.stats[at + STAT.bytes];
        edge.firstSeen = Math.min(edge.firstSeen, row.stats[at + STAT.firstSeen]);
        edge.lastSeen = Math.max(edge.lastSeen, row.stats[at + STAT.lastSeen]);
        edge.logSources.add(row.log_source);
        row.unpacked ??= unpackHistograms(row.histograms, 2 * MINUTES);
        edge.server.addEncoded(row.unpacked[minute]);
        edge.client.addEncoded(row.unpacked[MINUTES + minute]);
      });
    }
    return [...edges.values()].sort((a, b) => b.count - a.count);
  }

  /**
   * One edge's minutes over [since, until), in order, from the stats alone (no histogram is read). Without a
   * protocol, the edge's protocols are added up, and the p95 is the busiest one's.
   */
  edgeSeries(source: string, target: string, protocol: string | undefined, since: number, until: number): EdgeMinute[] {
    const rows = (
      this.db
        .prepare(
          `SELECT protocol, hour, stats FROM flow_edge_hours
           WHERE source = ? AND target = ? AND (? IS NULL OR protocol = ?) AND hour >= ? AND hour < ? ORDER BY hour, protocol`,
        )
        .raw()
        .all(source, target, protocol ?? null, protocol ?? null, hourOf(since), until) as [string, number, Buffer][]
    ).map(([protocol, hour, stats]) => ({ protocol, hour, stats: float64sOf(stats) }));
    const points: EdgeMinute[] = [];
    // per minute of the current hour: calls and errors over its protocols, the busiest protocol's count and p95
    const count = new Float64Array(MINUTES);
    const errors = new Float64Array(MINUTES);
    const clientErrors = new Float64Array(MINUTES);
    const rateLimited = new Float64Array(MINUTES);
    const busiest = new Float64Array(MINUTES);
    const p95 = new Float64Array(MINUTES);
    for (let at = 0; at < rows.length;) {
      const hour = rows[at].hour;
      count.fill(0);
      errors.fill(0);
      clientErrors.fill(0);
      rateLimited.fill(0);
      busiest.fill(0);
      while (at < rows.length && rows[at].hour === hour) {
        // the rows of one protocol in this hour: one per log source that saw it
        let end = at + 1;
        while (end < rows.length && rows[end].hour === hour && rows[end].protocol === rows[at].protocol) end++;
        forEachMinute(rows.slice(at, end), since, until, (row, minute, offset) => {
          const calls = row.stats[offset + STAT.count];
          count[minute] += calls;
          errors[minute] += row.stats[offset + STAT.errors];
          clientErrors[minute] += row.stats[offset + STAT.clientErrors];
          rateLimited[minute] += row.stats[offset + STAT.rateLimited];
          if (calls > busiest[minute]) {
            busiest[minute] = calls;
            const server = row.stats[offset + STAT.serverP95];
            p95[minute] = Number.isNaN(server) ? row.stats[offset + STAT.clientP95] : server;
          }
        });
        at = end;
      }
      for (let minute = 0; minute < MINUTES; minute++) {
        if (count[minute] > 0)
          points.push({
            t: hour + minute * MINUTE_MS,
            count: count[minute],
            errors: errors[minute],
            clientErrors: clientErrors[minute],
            rateLimited: rateLimited[minute],
            p95Ms: Number.isNaN(p95[minute]) ? null : p95[minute],
          });
      }
    }
    return points;
  }

  /**
   * The first and last call each log source saw (epoch ms): from the stats of its first and last hours only, so it
   * costs two small reads per source whatever was imported.
   */
  extents(): { logSource: string; first: number; last: number }[] {
    const bounds = this.db
      .prepare(
        'SELECT log_source AS logSource, MIN(hour) AS first, MAX(hour) AS last FROM flow_edge_hours GROUP BY log_source',
      )
      .all() as { logSource: string; first: number; last: number }[];
    const statsOf = this.db.prepare('SELECT stats FROM flow_edge_hours WHERE log_source = ? AND hour = ?').pluck();
    const minuteBound = (logSource: string, hour: number, field: number, pick: (a: number, b: number) => number) => {
      let bound = Number.NaN;
      for (const blob of statsOf.all(logSource, hour) as Buffer[]) {
        const stats = float64sOf(blob);
        for (let at = 0; at < stats.length; at += STAT_FIELDS) {
          if (stats[at + STAT.count] > 0)
            bound = Number.isNaN(bound) ? stats[at + field] : pick(bound, stats[at + field]);
        }
      }
      return bound;
    };
    return bounds.map(({ logSource, first, last }) => ({
      logSource,
      first: minuteBound(logSource, first, STAT.firstSeen, Math.min),
      last: minuteBound(logSource, last, STAT.lastSeen, Math.max),
    }));
  }

  cursor<T>(sourceId: string): T | undefined {
    const row = this.db.prepare('SELECT cursor_json FROM flow_cursors WHERE source_id = ?').get(sourceId) as
      { cursor_json: string } | undefined;
    return row && (JSON.parse(row.cursor_json) as T);
  }

  saveCursor(sourceId: string, cursor: unknown): void {
    this.db
      .prepare('INSERT OR REPLACE INTO flow_cursors (source_id, cursor_json, updated_at) VALUES (?, ?, ?)')
      .run(sourceId, JSON.stringify(cursor), Date.now());
  }

  recordImport(record: ImportRecord): void {
    this.db
      .prepare(
        'INSERT INTO flow_imports (source_id, finished_at, lines, malformed, records, malformed_json) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(
        record.sourceId,
        record.finishedAt,
        record.lines,
        record.malformed,
        record.records,
        JSON.stringify(record.malformedSamples),
      );
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
    for (const span of spans)
      insert.run(span.traceId, span.spanId, span.parentSpanId ?? null, receivedAt, JSON.stringify(span));
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
    const rows = this.db.prepare('SELECT json FROM otlp_pending_spans WHERE received_at < ?').all(before) as {
      json: string;
    }[];
    this.db.prepare('DELETE FROM otlp_pending_spans WHERE received_at < ?').run(before);
    return rows.map((row) => row.json);
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }
}
