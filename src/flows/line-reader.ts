import type { LogSource, System } from '../model/estate.js';
import { EdgeAggregator } from './aggregate.js';
import type { PackedEdgeHour } from './edge-hour.js';
import {
  createJsonLineParser,
  createJsonRecordReader,
  NGINX_JSON_FIELDS,
  type JsonRecordOptions,
} from './json-record.js';
import { createCombinedParser, type ByteLineParser } from './nginx-combined.js';
import { PeerMap } from './peers.js';

const MALFORMED_SAMPLES = 10;

export type LineFormat = 'nginx-combined' | 'nginx-json' | 'jsonl';
/** The sources read as lines or JSON records (everything but OTLP, whose spans pair across lines). */
export type LineSource = Extract<LogSource, { type: LineFormat | 'loki' | 'elasticsearch' }>;

export interface MalformedSample {
  /** 1-based, within what the reader has read since its last take */
  line: number;
  reason: string;
  text: string;
}

/** What a reader saw since its last take: counts, samples of bad lines, and the edge-hours. */
export interface ReadResult {
  lines: number;
  malformed: number;
  malformedSamples: MalformedSample[];
  records: number;
  hours: PackedEdgeHour[];
}

/** Lines read and the malformed ones among them (counted, a few kept as samples), since the last take. */
export class LineCount {
  lines = 0;
  malformed = 0;
  malformedSamples: MalformedSample[] = [];

  bad(reason: string, text: string): void {
    this.malformed++;
    if (this.malformedSamples.length < MALFORMED_SAMPLES)
      this.malformedSamples.push({ line: this.lines, reason, text: text.slice(0, 300) });
  }

  take(): Pick<ReadResult, 'lines' | 'malformed' | 'malformedSamples'> {
    const taken = { lines: this.lines, malformed: this.malformed, malformedSamples: this.malformedSamples };
    this.lines = 0;
    this.malformed = 0;
    this.malformedSamples = [];
    return taken;
  }
}

/** The edges an aggregator gathered since the last take, with the calls they count. */
export function takeEdges(aggregator: EdgeAggregator, recordsBefore: number): Pick<ReadResult, 'records' | 'hours'> {
  return { records: aggregator.records - recordsBefore, hours: aggregator.take() };
}

const lineFormatOf = (source: LineSource): LineFormat =>
  source.type === 'loki' || source.type === 'elasticsearch' ? source.format : source.type;

function jsonOptions(source: LineSource, format: LineFormat): JsonRecordOptions {
  const nginx = format === 'nginx-json';
  const fields = 'fields' in source ? source.fields : undefined;
  return {
    fields: nginx ? { ...NGINX_JSON_FIELDS, ...fields } : (fields ?? {}),
    latencyUnit: nginx ? 's' : 'latencyUnit' in source ? source.latencyUnit : 'ms',
    clientIdentity: source.clientIdentity,
    system: source.system,
    sourceId: source.id,
  };
}

/**
 * Turns one source's lines (or JSON records) into edge-hours. One per thread: an import's batches may be read by
 * several (see parallel-lines.ts), each with its own reader, and the results are merged in file order.
 */
export class LineReader {
  private readonly aggregator: EdgeAggregator;
  private readonly format: LineFormat;
  private readonly byteParser?: ByteLineParser;
  private readonly textParser?: (line: string) => string | undefined;
  private readonly recordReader: (record: unknown) => string | undefined;
  private readonly count = new LineCount();
  private recordsTaken = 0;

  constructor(source: LineSource, systems: readonly System[]) {
    this.aggregator = new EdgeAggregator(new PeerMap(systems));
    this.format = lineFormatOf(source);
    if (this.format === 'nginx-combined') {
      this.byteParser = createCombinedParser(
        { clientIdentity: source.clientIdentity, system: source.system, sourceId: source.id },
        this.aggregator,
      );
    } else {
      this.textParser = createJsonLineParser(jsonOptions(source, this.format), this.aggregator);
    }
    this.recordReader = createJsonRecordReader(jsonOptions(source, this.format), this.aggregator);
  }

  /** Complete lines as the file holds them (UTF-8). Combined logs are parsed from the bytes, with no string per line. */
  bytes(bytes: Buffer): void {
    if (!this.byteParser) return this.text(bytes.toString('utf8'));
    const text = bytes.toString('latin1');
    this.byteParser.batch(text, bytes);
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      const stop = bytes[end - 1] === 13 ? end - 1 : end;
      const lineStart = start;
      start = end + 1;
      if (stop <= lineStart) continue;
      this.count.lines++;
      const problem = this.byteParser.line(lineStart, stop);
      if (problem !== undefined)
        this.count.bad(problem, bytes.toString('utf8', lineStart, Math.min(stop, lineStart + 1200)));
    }
  }

  /** Lines as text (Loki's, or a decoded file's). */
  text(text: string): void {
    if (this.byteParser) return this.bytes(Buffer.from(text));
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      const line = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
      start = end + 1;
      if (line.length === 0) continue;
      this.count.lines++;
      const problem = this.textParser!(line);
      if (problem !== undefined) this.count.bad(problem, line);
    }
  }

  /** A line not read (too long to hold), counted as malformed with its start as the sample. */
  skipped(reason: string, start: string): void {
    this.count.lines++;
    this.count.bad(reason, start);
  }

  /** JSON documents (Elasticsearch hits), one per line of the count. */
  records(documents: readonly unknown[]): void {
    for (const document of documents) {
      this.count.lines++;
      const problem = this.recordReader(document);
      if (problem !== undefined) this.count.bad(problem, JSON.stringify(document));
    }
  }

  /** Everything read since the last take. */
  take(): ReadResult {
    const edges = takeEdges(this.aggregator, this.recordsTaken);
    this.recordsTaken = this.aggregator.records;
    return { ...this.count.take(), ...edges };
  }
}
