import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { Estate, LogSource } from '../model/estate.js';
import type { Store } from '../store/store.js';
import { EdgeAggregator } from './aggregate.js';
import { mergePacked, type PackedEdgeHour } from './edge-hour.js';
import { readElasticsearch, type ElasticCursor } from './elasticsearch.js';
import { headOf, MAX_LINE_BYTES, resumeOffset, type FileCursor } from './file-reader.js';
import { LineReader, type LineSource, type ReadResult } from './line-reader.js';
import { readLoki, type LokiCursor } from './loki.js';
import { readOtlpFile } from './otlp-file.js';
import { readLinesInParallel, type ParallelOptions } from './parallel-lines.js';
import { PeerMap } from './peers.js';
import { OTHER_OPERATION_PATH } from '../model/artifacts/operations.js';
import { TEMPLATE_CAP, type SpecRoutes } from './operation-aggregate.js';
import { mergeOperationHours, operationHourKey, type PackedOperationHour } from './operation-hour.js';

const MALFORMED_SAMPLES = 10;
/** Edge-hours held in memory before they are written with the cursor reached so far (each is a few kB). */
const FLUSH_HOURS = 5_000;
/**
 * Operation-hours held before they are written: far more than edge-hours (operations × consumers × hours), and each
 * flush that splits an hour's rows makes the next one read and merge them again (~400 bytes each held).
 */
const FLUSH_OPERATION_HOURS = 100_000;

export interface ImportResult {
  sourceId: string;
  type: LogSource['type'];
  /** new bytes read (files) */
  bytes: number;
  lines: number;
  malformed: number;
  malformedSamples: { line: number; reason: string; text: string }[];
  /** lines of Junction's own audit and monitor requests, left out of the flows */
  ownProbes: number;
  /** calls seen (a gateway line through to an upstream counts two) */
  records: number;
  /** lines that gave two calls: the client → the log's system, and the system → the upstream it forwarded to */
  forwarded: number;
  /** distinct source → target → protocol edges in what was read */
  edges: number;
  /** a last line without a newline, held until the file stops growing (bytes) */
  heldBytes: number;
  /** what the user should know: bytes that gave no call, aliases matching several peers */
  warnings: string[];
}

export interface ImportOptions {
  /** workspace-relative paths resolve through this */
  resolvePath: (path: string) => string;
  now?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** how a log file is shared between threads (defaults suit large files; tests make them small) */
  parallel?: Omit<ParallelOptions, 'signal'>;
  /**
   * the spec operations of the systems that have a readable spec, by system id: calls to them are matched to these
   * (others get inferred templates), and they are stored as what each system documents
   */
  specs?: SpecRoutes;
}

const LINE_FORMATS = new Set<LogSource['type']>(['nginx-combined', 'nginx-json', 'jsonl']);

/** Why a source's bytes gave no call at all: the likely cause, said loudly. */
function noCallsWarning(result: ImportResult, firstProblem: string | undefined): string | undefined {
  if (result.records > 0 || (result.bytes === 0 && result.heldBytes === 0)) return undefined;
  const read = result.bytes > 0 ? `${result.bytes} new bytes` : `${result.heldBytes} bytes`;
  if (result.lines === 0)
    return `${read} but no complete line: the last line has no final newline yet; it is read once the file stops growing`;
  if (result.malformed === result.lines)
    return `${read} gave no call: every line is malformed (${firstProblem ?? 'unreadable'}); is "type: ${result.type}" right for this file?`;
  if (result.ownProbes + result.malformed === result.lines)
    return `${read} gave no call: the lines are Junction's own probe requests${result.malformed ? ' and malformed ones' : ''}`;
  if (result.type === 'otlp-json')
    return `${read} gave no call: the spans pair into no CLIENT → SERVER call and no client span names its peer (server.address, peer.service)`;
  return `${read} gave no call in ${result.lines} lines`;
}

/**
 * What one import has read, in order, and the edge-hours not yet written: each flush writes them with the cursor
 * they reach in one transaction, so a re-import counts nothing twice.
 */
class ImportSession {
  private readonly pending = new Map<string, PackedEdgeHour>();
  private readonly pendingOperations = new Map<string, PackedOperationHour>();
  /** per called system: the undocumented `METHOD path` templates stored or read so far (the cap counts them) */
  private readonly templates = new Map<string, Set<string>>();
  private readonly overflowed = new Set<string>();
  private readonly edgeKeys = new Set<string>();
  private readonly patternHits = new Map<string, { system: string; peers: Set<string> }>();
  /** the operation-hours this import wrote, and the last hour earlier imports of the source stored: where rows exist */
  private readonly writtenOperations = new Set<string>();
  private storedOperationsUntil: number | undefined;
  readonly result: ImportResult;

  constructor(
    private readonly store: Store,
    source: LogSource,
    private readonly specs: SpecRoutes = new Map(),
  ) {
    this.result = {
      sourceId: source.id,
      type: source.type,
      bytes: 0,
      lines: 0,
      malformed: 0,
      malformedSamples: [],
      ownProbes: 0,
      records: 0,
      forwarded: 0,
      edges: 0,
      heldBytes: 0,
      warnings: [],
    };
  }

  /** Adds what was read next (line numbers of its samples continue from what came before). */
  add(read: ReadResult, bytes = 0): void {
    for (const sample of read.malformedSamples) {
      if (this.result.malformedSamples.length < MALFORMED_SAMPLES)
        this.result.malformedSamples.push({ ...sample, line: this.result.lines + sample.line });
    }
    this.result.bytes += bytes;
    this.result.lines += read.lines;
    this.result.malformed += read.malformed;
    this.result.ownProbes += read.ownProbes;
    this.result.records += read.records;
    for (const hits of read.patternHits) {
      const held = this.patternHits.get(hits.alias) ?? { system: hits.system, peers: new Set<string>() };
      for (const peer of hits.peers) held.peers.add(peer);
      this.patternHits.set(hits.alias, held);
    }
    for (const hour of read.hours) {
      const key = `${hour.source}\u0000${hour.target}\u0000${hour.protocol}`;
      this.edgeKeys.add(key);
      const id = `${key}\u0000${hour.hour}`;
      const held = this.pending.get(id);
      this.pending.set(id, held ? mergePacked(held, hour) : hour);
    }
    for (const system of read.overflowed) this.overflowed.add(system);
    for (const fresh of read.operations) {
      const hour = this.capped(fresh);
      const key = operationHourKey(hour);
      const held = this.pendingOperations.get(key);
      this.pendingOperations.set(key, held ? mergeOperationHours(held, hour) : hour);
    }
  }

  /**
   * The cardinality cap over the whole import and what earlier imports stored (each reading thread caps only what
   * it saw): a system's undocumented templates past TEMPLATE_CAP are counted under OTHER_OPERATION_PATH.
   */
  private capped(hour: PackedOperationHour): PackedOperationHour {
    if (hour.documented || hour.path === OTHER_OPERATION_PATH) return hour;
    let held = this.templates.get(hour.target);
    if (!held) {
      held = new Set(
        this.store.flows
          .undocumentedTemplates(hour.target)
          .filter((template) => template.path !== OTHER_OPERATION_PATH)
          .map((template) => `${template.method} ${template.path}`),
      );
      this.templates.set(hour.target, held);
    }
    const template = `${hour.method} ${hour.path}`;
    if (held.has(template)) return hour;
    if (held.size < TEMPLATE_CAP) {
      held.add(template);
      return hour;
    }
    this.overflowed.add(hour.target);
    return { ...hour, path: OTHER_OPERATION_PATH };
  }

  flushIfLarge(cursor: unknown): void {
    if (this.pending.size >= FLUSH_HOURS || this.pendingOperations.size >= FLUSH_OPERATION_HOURS) this.flush(cursor);
  }

  /** Writes the edges gathered so far and the cursor they reach, atomically. */
  flush(cursor: unknown): void {
    const stored = (this.storedOperationsUntil ??= this.store.flows.lastOperationHour(this.result.sourceId));
    this.store.flows.transaction(() => {
      this.store.flows.mergeHours(this.result.sourceId, [...this.pending.values()]);
      this.store.flows.mergeOperationHours(
        this.result.sourceId,
        [...this.pendingOperations.values()],
        (hour) => hour.hour <= stored || this.writtenOperations.has(operationHourKey(hour)),
      );
      if (cursor !== undefined) this.store.flows.saveCursor(this.result.sourceId, cursor);
    });
    for (const key of this.pendingOperations.keys()) this.writtenOperations.add(key);
    this.pending.clear();
    this.pendingOperations.clear();
  }

  finish(cursor: unknown): ImportResult {
    this.flush(cursor);
    // what each system documents, as its calls were matched: the operations never called are judged against it
    this.store.flows.saveSpecRoutes(this.specs);
    const result = this.result;
    result.edges = this.edgeKeys.size;
    // a good line of a log gives one call, or two when it was forwarded to an upstream
    if (LINE_FORMATS.has(result.type))
      result.forwarded = Math.max(0, result.records - (result.lines - result.malformed - result.ownProbes));
    const noCalls = noCallsWarning(result, result.malformedSamples[0]?.reason);
    if (noCalls) result.warnings.push(noCalls);
    for (const system of [...this.overflowed].sort())
      result.warnings.push(
        `calls to ${system} reached ${TEMPLATE_CAP.toLocaleString('en-US')} distinct undocumented endpoint templates: ` +
          `the rest are counted as "${OTHER_OPERATION_PATH}"; are ids in its paths that are not recognised as ids?`,
      );
    for (const [alias, { system, peers }] of this.patternHits) {
      if (peers.size > 1)
        result.warnings.push(
          `alias "${alias}" of ${system} matches ${peers.size} distinct peers (${[...peers].join(', ')}): ` +
            'their calls are all counted as one system; use exact aliases if they are different clients',
        );
    }
    this.store.flows.recordImport({ ...result, finishedAt: Date.now() });
    return result;
  }
}

/** A JSON line is whole when it parses; a combined-format line, when the file has not grown since it was held. */
function lastLineComplete(source: LineSource, text: string, cursor: FileCursor | undefined, at: number, size: number) {
  if (source.type !== 'nginx-combined') {
    try {
      JSON.parse(text);
      return true;
    } catch {
      return false;
    }
  }
  return cursor !== undefined && cursor.offset === at && cursor.heldAt === size;
}

/**
 * A log file's new lines, read by several threads in batches; results come in file order. A last line without a
 * newline is read when it is complete (see lastLineComplete), and otherwise held: the cursor stays before it.
 */
async function importLineFile(
  session: ImportSession,
  store: Store,
  estate: Estate,
  source: Extract<LineSource, { path: string }>,
  options: ImportOptions,
) {
  const path = options.resolvePath(source.path);
  const fd = openSync(path, 'r');
  const previous = store.flows.cursor<FileCursor>(source.id);
  let cursor = previous;
  try {
    const size = fstatSync(fd).size;
    const start = resumeOffset(fd, size, cursor);
    let reached = start;
    for await (const batch of readLinesInParallel(
      path,
      { start, size },
      source,
      estate.systems,
      { ...options.parallel, signal: options.signal },
      options.specs,
    )) {
      session.add(batch.result, batch.to - batch.from);
      if (batch.to > batch.from) cursor = { offset: batch.to, head: headOf(fd, batch.to) };
      reached = Math.max(reached, batch.to);
      options.onProgress?.(batch.to, size);
      session.flushIfLarge(cursor);
    }
    const tail = size - reached;
    if (tail > 0 && tail <= MAX_LINE_BYTES && !options.signal?.aborted) {
      const bytes = Buffer.alloc(tail);
      readSync(fd, bytes, 0, tail, reached);
      if (lastLineComplete(source, bytes.toString('utf8'), previous, reached, size)) {
        const reader = new LineReader(source, estate.systems, options.specs);
        reader.bytes(bytes);
        session.add(reader.take(), tail);
        cursor = { offset: size, head: headOf(fd, size) };
      } else {
        session.result.heldBytes = tail;
        cursor = { offset: reached, head: headOf(fd, reached), heldAt: size };
      }
    }
  } finally {
    closeSync(fd);
  }
  return session.finish(cursor);
}

/**
 * A paged log store (Loki, Elasticsearch): each page's lines or documents go through one line reader, and its edges
 * are stored with the cursor the page reached.
 */
async function importPages<C, P extends { cursor: C }>(
  session: ImportSession,
  reader: LineReader,
  from: C | undefined,
  pages: AsyncIterable<P>,
  feed: (reader: LineReader, page: P) => void,
): Promise<ImportResult> {
  let cursor = from;
  for await (const page of pages) {
    feed(reader, page);
    session.add(reader.take());
    cursor = page.cursor;
    session.flushIfLarge(cursor);
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
  const session = new ImportSession(store, source, options.specs);
  const now = options.now ?? Date.now();
  switch (source.type) {
    case 'nginx-combined':
    case 'nginx-json':
    case 'jsonl':
      return importLineFile(session, store, estate, source, options);
    case 'otlp-json': {
      const aggregator = new EdgeAggregator(new PeerMap(estate.systems), options.specs);
      let cursor = store.flows.cursor<FileCursor>(source.id);
      for (const read of readOtlpFile(options.resolvePath(source.path), cursor, aggregator, options.onProgress)) {
        if (options.signal?.aborted) break;
        session.add(read.result, read.bytes);
        session.result.heldBytes = read.held ?? 0;
        cursor = read.cursor;
        session.flushIfLarge(cursor);
      }
      return session.finish(cursor);
    }
    case 'loki': {
      const from = store.flows.cursor<LokiCursor>(source.id);
      const query = { ...source, since: now - source.since, until: now };
      return importPages(
        session,
        new LineReader(source, estate.systems, options.specs),
        from,
        readLoki(query, from),
        (reader, page) => page.lines.forEach((line) => reader.text(line)),
      );
    }
    case 'elasticsearch': {
      const from = store.flows.cursor<ElasticCursor>(source.id);
      const query = { ...source, since: now - source.since, until: now };
      return importPages(
        session,
        new LineReader(source, estate.systems, options.specs),
        from,
        readElasticsearch(query, from),
        (reader, page) => reader.records(page.documents),
      );
    }
  }
}
