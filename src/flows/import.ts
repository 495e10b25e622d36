import type { Estate, LogSource } from '../estate/schema.js';
import type { Store } from '../store/store.js';
import { EdgeAggregator } from './aggregate.js';
import { readElasticsearch, type ElasticCursor } from './elasticsearch.js';
import { readNewLines, type FileCursor } from './file-reader.js';
import { createJsonLineParser, emitJsonRecord, NGINX_JSON_FIELDS, type JsonRecordOptions } from './json-record.js';
import { readLoki, type LokiCursor } from './loki.js';
import { createCombinedParser } from './nginx-combined.js';
import { exportTraceRequestSchema, extractSpans, pairSpans, settleUnpaired, type FlowSpan } from './otlp.js';
import { PeerMap } from './peers.js';
import type { RecordSink } from './record.js';

const MALFORMED_SAMPLES = 10;
/** Edge-minutes held in memory before they are written with the cursor reached so far. */
const FLUSH_BUCKETS = 50_000;

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
  resolvePath(path: string): string;
  now?: number;
  onProgress?(done: number, total: number): void;
  signal?: AbortSignal;
}

type LineParser = (line: string, sink: RecordSink) => string | undefined;

/** A batch of input and the cursor to store once it is: written in one transaction, so a re-import counts nothing twice. */
class ImportSession {
  private aggregator: EdgeAggregator;
  private edgeKeys = new Set<string>();
  readonly result: ImportResult;

  constructor(
    private readonly store: Store,
    private readonly peers: PeerMap,
    source: LogSource,
  ) {
    this.aggregator = new EdgeAggregator(peers);
    this.result = { sourceId: source.id, type: source.type, lines: 0, malformed: 0, malformedSamples: [], records: 0, edges: 0 };
  }

  get sink(): RecordSink {
    return this.aggregator.add;
  }

  malformed(reason: string, text: string): void {
    this.result.malformed++;
    if (this.result.malformedSamples.length < MALFORMED_SAMPLES) {
      this.result.malformedSamples.push({ line: this.result.lines, reason, text: text.slice(0, 300) });
    }
  }

  /** Runs each line of `text` through the parser. */
  lines(text: string, parse: LineParser): void {
    let start = 0;
    const sink = this.aggregator.add;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      const line = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
      start = end + 1;
      if (line.length === 0) continue;
      this.result.lines++;
      const problem = parse(line, sink);
      if (problem !== undefined) this.malformed(problem, line);
    }
  }

  flushIfLarge(cursor: unknown): void {
    if (this.aggregator.size >= FLUSH_BUCKETS) this.flush(cursor);
  }

  /** Writes the edges gathered so far and the cursor they reach, atomically. */
  flush(cursor: unknown): void {
    const buckets = [...this.aggregator.buckets()];
    this.store.flows.transaction(() => {
      this.store.flows.mergeEdges(this.result.sourceId, buckets);
      if (cursor !== undefined) this.store.flows.saveCursor(this.result.sourceId, cursor);
    });
    for (const b of buckets) this.edgeKeys.add(`${b.source}\u0000${b.target}\u0000${b.protocol}`);
    this.result.records += this.aggregator.records;
    this.aggregator = new EdgeAggregator(this.peers);
  }

  finish(cursor: unknown): ImportResult {
    this.flush(cursor);
    this.result.edges = this.edgeKeys.size;
    this.store.flows.recordImport({ ...this.result, finishedAt: Date.now() });
    return this.result;
  }
}

function jsonOptions(source: Extract<LogSource, { type: 'nginx-json' | 'jsonl' | 'loki' | 'elasticsearch' }>, format: string): JsonRecordOptions {
  const nginx = format === 'nginx-json';
  return {
    fields: nginx ? { ...NGINX_JSON_FIELDS, ...source.fields } : (source.fields ?? {}),
    latencyUnit: nginx ? 's' : 'latencyUnit' in source ? source.latencyUnit : 'ms',
    clientIdentity: source.clientIdentity,
    system: source.system,
    sourceId: source.id,
  };
}

function lineParserFor(source: Extract<LogSource, { type: 'nginx-combined' | 'nginx-json' | 'jsonl' | 'loki' }>): LineParser {
  const format = source.type === 'loki' ? source.format : source.type;
  if (format === 'nginx-combined') return createCombinedParser({ clientIdentity: source.clientIdentity, system: source.system, sourceId: source.id });
  return createJsonLineParser(jsonOptions(source as Extract<LogSource, { type: 'nginx-json' | 'jsonl' | 'loki' }>, format));
}

/** OTLP files: one ExportTraceServiceRequest per line (the collector's file exporter), or one JSON document. */
function importOtlpText(session: ImportSession, text: string, wholeFile: boolean): void {
  const spans: FlowSpan[] = [];
  const take = (value: unknown, line: string) => {
    const request = exportTraceRequestSchema.safeParse(value);
    if (!request.success) return session.malformed('not an OTLP ExportTraceServiceRequest', line);
    const extracted = extractSpans(request.data);
    spans.push(...extracted.spans);
    for (const bad of extracted.malformed) session.malformed(bad.reason, bad.text);
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
    session.result.lines += text.split('\n').length;
    take(document, text.slice(0, 300));
  } else {
    session.lines(text, (line) => {
      try {
        take(JSON.parse(line), line);
      } catch {
        return 'not valid JSON';
      }
      return undefined;
    });
  }
  const pairing = pairSpans(spans);
  for (const record of [...pairing.records, ...settleUnpaired(pairing.waiting)]) session.sink(record);
}

/**
 * Reads what is new in one log source and adds its edges to the store. Incremental and idempotent: the position
 * reached (file offset, last timestamp) is stored with the edges it produced, in the same transaction.
 */
export async function importSource(store: Store, estate: Estate, source: LogSource, options: ImportOptions): Promise<ImportResult> {
  const session = new ImportSession(store, new PeerMap(estate.systems), source);
  const now = options.now ?? Date.now();
  switch (source.type) {
    case 'nginx-combined':
    case 'nginx-json':
    case 'jsonl':
    case 'otlp-json': {
      const previous = store.flows.cursor<FileCursor>(source.id);
      const parse = source.type === 'otlp-json' ? undefined : lineParserFor(source);
      let cursor: FileCursor | undefined = previous;
      let first = true;
      for (const batch of readNewLines(options.resolvePath(source.path), previous, options.onProgress)) {
        if (options.signal?.aborted) break;
        if (parse) session.lines(batch.text, parse);
        else importOtlpText(session, batch.text, first && batch.text.trimStart().startsWith('{') && !batch.text.includes('\n{'));
        first = false;
        cursor = batch.cursor;
        session.flushIfLarge(cursor);
      }
      return session.finish(cursor);
    }
    case 'loki': {
      const parse = lineParserFor(source);
      let cursor = store.flows.cursor<LokiCursor>(source.id);
      for await (const page of readLoki({ url: source.url, query: source.query, pageSize: source.pageSize, since: now - source.since, until: now }, cursor)) {
        for (const line of page.lines) session.lines(line, parse);
        cursor = page.cursor;
        session.flushIfLarge(cursor);
      }
      return session.finish(cursor);
    }
    case 'elasticsearch': {
      const json = jsonOptions(source, source.format);
      let cursor = store.flows.cursor<ElasticCursor>(source.id);
      for await (const page of readElasticsearch({ url: source.url, timeField: source.timeField, pageSize: source.pageSize, since: now - source.since, until: now }, cursor)) {
        for (const document of page.documents) {
          session.result.lines++;
          const problem = emitJsonRecord(document, json, session.sink);
          if (problem !== undefined) session.malformed(problem, JSON.stringify(document));
        }
        cursor = page.cursor;
        session.flushIfLarge(cursor);
      }
      return session.finish(cursor);
    }
  }
}
