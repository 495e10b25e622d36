import { isHub, type LogSource, type System } from '../model/estate.js';
import { EdgeAggregator } from './aggregate.js';
import type { PackedEdgeHour } from './edge-hour.js';
import type { SpecRoutes } from './operation-aggregate.js';
import type { PackedOperationHour } from './operation-hour.js';
import {
  createJsonLineParser,
  createJsonRecordReader,
  NGINX_JSON_FIELDS,
  type JsonRecordOptions,
} from './json-record.js';
import { createCombinedParser, type ByteLineParser } from './nginx-combined.js';
import { PeerMap, type PatternHits } from './peers.js';
import { OWN_PROBE } from './record.js';

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
  /** lines of Junction's own probes (its User-Agent), left out of the flows */
  ownProbes: number;
  records: number;
  hours: PackedEdgeHour[];
  /** the same calls by operation, edge and hour */
  operations: PackedOperationHour[];
  /** the called systems whose undocumented templates overflowed the cap (TEMPLATE_CAP) in this reader */
  overflowed: string[];
  /** pattern aliases and the distinct peers they matched */
  patternHits: PatternHits[];
}

/** Lines read and the malformed ones among them (counted, a few kept as samples), since the last take. */
export class LineCount {
  lines = 0;
  malformed = 0;
  ownProbes = 0;
  malformedSamples: MalformedSample[] = [];

  bad(reason: string, text: string): void {
    this.malformed++;
    if (this.malformedSamples.length < MALFORMED_SAMPLES)
      this.malformedSamples.push({ line: this.lines, reason, text: text.slice(0, 300) });
  }

  /** What a parser said of a line: a problem, Junction's own probe, or nothing (undefined). */
  judged(problem: string | undefined, text: () => string): void {
    if (problem === undefined) return;
    if (problem === OWN_PROBE) this.ownProbes++;
    else this.bad(problem, text());
  }

  take(): Pick<ReadResult, 'lines' | 'malformed' | 'malformedSamples' | 'ownProbes'> {
    const taken = {
      lines: this.lines,
      malformed: this.malformed,
      malformedSamples: this.malformedSamples,
      ownProbes: this.ownProbes,
    };
    this.lines = 0;
    this.malformed = 0;
    this.ownProbes = 0;
    this.malformedSamples = [];
    return taken;
  }
}

/** The edges an aggregator gathered since the last take, with the calls they count and the pattern aliases it used. */
export function takeEdges(
  aggregator: EdgeAggregator,
  recordsBefore: number,
): Pick<ReadResult, 'records' | 'hours' | 'operations' | 'overflowed' | 'patternHits'> {
  return {
    records: aggregator.records - recordsBefore,
    hours: aggregator.take(),
    operations: aggregator.takeOperations(),
    overflowed: [...aggregator.overflowed],
    patternHits: aggregator.patternHits(),
  };
}

const lineFormatOf = (source: LineSource): LineFormat =>
  source.type === 'loki' || source.type === 'elasticsearch' ? source.format : source.type;

function jsonOptions(source: LineSource, format: LineFormat, systems: readonly System[]): JsonRecordOptions {
  const nginx = format === 'nginx-json';
  const fields = 'fields' in source ? source.fields : undefined;
  return {
    fields: nginx ? { ...NGINX_JSON_FIELDS, ...fields } : (fields ?? {}),
    latencyUnit: nginx ? 's' : 'latencyUnit' in source ? source.latencyUnit : 'ms',
    clientIdentity: source.clientIdentity,
    system: source.system,
    gateway: isGatewayLog(source, systems),
    sourceId: source.id,
  };
}

/** Is the log's system a gateway (every upstream a flow), or the proxy in front of one system? See HopContext. */
const isGatewayLog = (source: LineSource, systems: readonly System[]): boolean => {
  const system = systems.find((candidate) => candidate.id === source.system);
  return system !== undefined && isHub(system);
};

/**
 * Turns one source's lines (or JSON records) into edge-hours and operation-hours. One per thread: an import's batches may be read by
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

  /** `specs`: the spec operations calls to each system are matched to */
  constructor(source: LineSource, systems: readonly System[], specs: SpecRoutes = new Map()) {
    this.aggregator = new EdgeAggregator(new PeerMap(systems), specs);
    this.format = lineFormatOf(source);
    if (this.format === 'nginx-combined') {
      this.byteParser = createCombinedParser(
        {
          clientIdentity: source.clientIdentity,
          system: source.system,
          gateway: isGatewayLog(source, systems),
          sourceId: source.id,
        },
        this.aggregator,
      );
    } else {
      this.textParser = createJsonLineParser(jsonOptions(source, this.format, systems), this.aggregator);
    }
    this.recordReader = createJsonRecordReader(jsonOptions(source, this.format, systems), this.aggregator);
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
        this.count.judged(problem, () => bytes.toString('utf8', lineStart, Math.min(stop, lineStart + 1200)));
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
      this.count.judged(this.textParser!(line), () => line);
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
      this.count.judged(this.recordReader(document), () => JSON.stringify(document));
    }
  }

  /** Everything read since the last take. */
  take(): ReadResult {
    const edges = takeEdges(this.aggregator, this.recordsTaken);
    this.recordsTaken = this.aggregator.records;
    return { ...this.count.take(), ...edges };
  }
}
