import { closeSync, fstatSync, openSync } from 'node:fs';
import type { Estate, LogSource } from '../model/estate.js';
import type { Store } from '../store/store.js';
import { EdgeAggregator } from './aggregate.js';
import { mergePacked, type PackedEdgeHour } from './edge-hour.js';
import { readElasticsearch, type ElasticCursor } from './elasticsearch.js';
import { headOf, readNewLines, resumeOffset, type FileCursor } from './file-reader.js';
import { LineCount, LineReader, takeEdges, type LineSource, type ReadResult } from './line-reader.js';
import { readLoki, type LokiCursor } from './loki.js';
import { exportTraceRequestSchema, extractSpans, pairSpans, settleUnpaired, type FlowSpan } from './otlp.js';
import { readLinesInParallel, type ParallelOptions } from './parallel-lines.js';
import { PeerMap } from './peers.js';

const MALFORMED_SAMPLES = 10;
/** Edge-hours held in memory before they are written with the cursor reached so far (each is a few kB). */
const FLUSH_HOURS = 5_000;

export interface ImportResult {
  sourceId: string;
  type: LogSource['type'];
  lines: number;
  malformed: number;
  malformedSamples: { line: number; reason: string; text: string }[];
  /** calls seen (a gateway line through to an upstream counts two) */
  records: number;
  /** distinct source → target → protocol edges in what was read */
  edges: number;
}

export interface ImportOptions {
  /** workspace-relative paths resolve through this */
  resolvePath: (path: string) => string;
  now?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** how a log file is shared between threads (defaults suit large files; tests make them small) */
  parallel?: Omit<ParallelOptions, 'signal'>;
}

/**
 * What one import has read, in order, and the edge-hours not yet written: each flush writes them with the cursor
 * they reach in one transaction, so a re-import counts nothing twice.
 */
class ImportSession {
  private readonly pending = new Map<string, PackedEdgeHour>();
  private readonly edgeKeys = new Set<string>();
  readonly result: ImportResult;

  constructor(
    private readonly store: Store,
    source: LogSource,
  ) {
    this.result = {
      sourceId: source.id,
      type: source.type,
      lines: 0,
      malformed: 0,
      malformedSamples: [],
      records: 0,
      edges: 0,
    };
  }

  /** Adds what was read next (line numbers of its samples continue from what came before). */
  add(read: ReadResult): void {
    for (const sample of read.malformedSamples) {
      if (this.result.malformedSamples.length < MALFORMED_SAMPLES)
        this.result.malformedSamples.push({ ...sample, line: this.result.lines + sample.line });
    }
    this.result.lines += read.lines;
    this.result.malformed += read.malformed;
    this.result.records += read.records;
    for (const hour of read.hours) {
      const key = `${hour.source}\u0000${hour.target}\u0000${hour.protocol}`;
      this.edgeKeys.add(key);
      const id = `${key}\u0000${hour.hour}`;
      const held = this.pending.get(id);
      this.pending.set(id, held ? mergePacked(held, hour) : hour);
    }
  }

  flushIfLarge(cursor: unknown): void {
    if (this.pending.size >= FLUSH_HOURS) this.flush(cursor);
  }

  /** Writes the edges gathered so far and the cursor they reach, atomically. */
  flush(cursor: unknown): void {
    this.store.flows.transaction(() => {
      this.store.flows.mergeHours(this.result.sourceId, [...this.pending.values()]);
      if (cursor !== undefined) this.store.flows.saveCursor(this.result.sourceId, cursor);
    });
    this.pending.clear();
  }

  finish(cursor: unknown): ImportResult {
    this.flush(cursor);
    this.result.edges = this.edgeKeys.size;
    this.store.flows.recordImport({ ...this.result, finishedAt: Date.now() });
    return this.result;
  }
}

/** OTLP files: one ExportTraceServiceRequest per line (the collector's file exporter), or one JSON document. */
function readOtlpText(text: string, wholeFile: boolean, aggregator: EdgeAggregator): ReadResult {
  const count = new LineCount();
  const recordsBefore = aggregator.records;
  const spans: FlowSpan[] = [];
  const take = (value: unknown, line: string) => {
    const request = exportTraceRequestSchema.safeParse(value);
    if (!request.success) return count.bad('not an OTLP ExportTraceServiceRequest', line);
    const extracted = extractSpans(request.data);
    spans.push(...extracted.spans);
    for (const bad of extracted.malformed) count.bad(bad.reason, bad.text);
  };
  let document: unknown;
  if (wholeFile) {
    try {
      document = JSON.parse(text);
    } catch {
      document = undefined;
    }
  }
  if (document !== undefined) {
    count.lines += text.split('\n').length;
    take(document, text.slice(0, 300));
  } else {
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      count.lines++;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        count.bad('not valid JSON', line);
        continue;
      }
      take(value, line);
    }
  }
  const pairing = pairSpans(spans);
  for (const record of [...pairing.records, ...settleUnpaired(pairing.waiting)]) aggregator.add(record);
  return { ...count.take(), ...takeEdges(aggregator, recordsBefore) };
}

/** A log file's new lines, read by several threads in batches; results come in file order. */
async function importLineFile(
  session: ImportSession,
  store: Store,
  estate: Estate,
  source: Extract<LineSource, { path: string }>,
  options: ImportOptions,
) {
  const path = options.resolvePath(source.path);
  const fd = openSync(path, 'r');
  let cursor = store.flows.cursor<FileCursor>(source.id);
  try {
    const size = fstatSync(fd).size;
    const start = resumeOffset(fd, size, cursor);
    for await (const batch of readLinesInParallel(path, { start, size }, source, estate.systems, {
      ...options.parallel,
      signal: options.signal,
    })) {
      session.add(batch.result);
      if (batch.to > batch.from) cursor = { offset: batch.to, head: headOf(fd, batch.to) };
      options.onProgress?.(batch.to, size);
      session.flushIfLarge(cursor);
    }
  } finally {
    closeSync(fd);
  }
  return session.finish(cursor);
}

/**
 * Reads what is new in one log source and adds its edges to the store. Incremental and idempotent: the position
 * reached (file offset, last timestamp) is stored with the edges it produced, in the same transaction.
 */
export async function importSource(
  store: Store,
  estate: Estate,
  source: LogSource,
  options: ImportOptions,
): Promise<ImportResult> {
  const session = new ImportSession(store, source);
  const now = options.now ?? Date.now();
  switch (source.type) {
    case 'nginx-combined':
    case 'nginx-json':
    case 'jsonl':
      return importLineFile(session, store, estate, source, options);
    case 'otlp-json': {
      const aggregator = new EdgeAggregator(new PeerMap(estate.systems));
      let cursor = store.flows.cursor<FileCursor>(source.id);
      let first = true;
      for (const batch of readNewLines(options.resolvePath(source.path), cursor, options.onProgress)) {
        if (options.signal?.aborted) break;
        const text = batch.bytes.toString('utf8');
        session.add(readOtlpText(text, first && text.trimStart().startsWith('{') && !text.includes('\n{'), aggregator));
        first = false;
        cursor = batch.cursor;
        session.flushIfLarge(cursor);
      }
      return session.finish(cursor);
    }
    case 'loki': {
      const reader = new LineReader(source, estate.systems);
      let cursor = store.flows.cursor<LokiCursor>(source.id);
      for await (const page of readLoki(
        { url: source.url, query: source.query, pageSize: source.pageSize, since: now - source.since, until: now },
        cursor,
      )) {
        for (const line of page.lines) reader.text(line);
        session.add(reader.take());
        cursor = page.cursor;
        session.flushIfLarge(cursor);
      }
      return session.finish(cursor);
    }
    case 'elasticsearch': {
      const reader = new LineReader(source, estate.systems);
      let cursor = store.flows.cursor<ElasticCursor>(source.id);
      for await (const page of readElasticsearch(
        {
          url: source.url,
          timeField: source.timeField,
          pageSize: source.pageSize,
          since: now - source.since,
          until: now,
        },
        cursor,
      )) {
        reader.records(page.documents);
        session.add(reader.take());
        cursor = page.cursor;
        session.flushIfLarge(cursor);
      }
      return session.finish(cursor);
    }
  }
}
