import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { EdgeAggregator } from './aggregate.js';
import { headOf, readNewLines, resumeOffset, type FileCursor } from './file-reader.js';
import { LineCount, takeEdges, type ReadResult } from './line-reader.js';
import { exportTraceRequestSchema, extractSpans, pairSpans, settleUnpaired, type FlowSpan } from './otlp.js';

/** A single OTLP document is parsed whole: past this size it is refused (JSON lines have no such limit). */
export const MAX_OTLP_DOCUMENT_BYTES = 256 * 1024 * 1024;
const PEEK_BYTES = 64 * 1024;

/** What one read of an OTLP file gave, and where the next import starts (unchanged when nothing could be read). */
export interface OtlpFileRead {
  result: ReadResult;
  cursor: FileCursor | undefined;
  bytes: number;
  /** bytes left for the next import (a document that does not parse yet) */
  held?: number;
}

const parses = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** The first bytes from `start`, up to the end of the first line (or PEEK_BYTES past it when it is longer). */
function firstLine(fd: number, start: number, size: number): string {
  const chunks: Buffer[] = [];
  for (let at = start; at < size;) {
    const buffer = Buffer.allocUnsafe(Math.min(PEEK_BYTES, size - at));
    const read = readSync(fd, buffer, 0, buffer.length, at);
    if (read === 0) break;
    const newline = buffer.subarray(0, read).indexOf(10);
    chunks.push(buffer.subarray(0, newline >= 0 ? newline : read));
    if (newline >= 0 || at + read - start > MAX_OTLP_DOCUMENT_BYTES) break;
    at += read;
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * How the new part of a file is laid out: JSON lines (the collector's file exporter: one ExportTraceServiceRequest a
 * line), or one document: a pretty-printed request spread over many lines, or a JSON array of requests.
 */
function layoutOf(fd: number, start: number, size: number): 'lines' | 'document' {
  const line = firstLine(fd, start, size).trim();
  if (line.startsWith('[')) return 'document';
  return line.startsWith('{') && !parses(line) ? 'document' : 'lines';
}

/** Spans of export requests → calls in the aggregator; a value that is no request is counted as malformed. */
function foldRequests(
  values: readonly { value: unknown; text: () => string }[],
  count: LineCount,
  aggregator: EdgeAggregator,
): ReadResult {
  const recordsBefore = aggregator.records;
  const spans: FlowSpan[] = [];
  for (const { value, text } of values) {
    const request = exportTraceRequestSchema.safeParse(value);
    if (!request.success) {
      count.bad('not an OTLP ExportTraceServiceRequest', text());
      continue;
    }
    const extracted = extractSpans(request.data);
    spans.push(...extracted.spans);
    for (const bad of extracted.malformed) count.bad(bad.reason, bad.text);
  }
  const pairing = pairSpans(spans);
  for (const record of [...pairing.records, ...settleUnpaired(pairing.waiting)]) aggregator.add(record);
  return { ...count.take(), ...takeEdges(aggregator, recordsBefore) };
}

/** JSON lines, one request each. */
function readLines(text: string, aggregator: EdgeAggregator): ReadResult {
  const count = new LineCount();
  const values: { value: unknown; text: () => string }[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    count.lines++;
    try {
      values.push({ value: JSON.parse(line), text: () => line });
    } catch {
      count.bad('not valid JSON', line);
    }
  }
  return foldRequests(values, count, aggregator);
}

/** One document: a request, or an array of requests. */
function readDocument(text: string, aggregator: EdgeAggregator): ReadResult | { error: string } {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return { error: (error as Error).message };
  }
  const count = new LineCount();
  count.lines = text.split('\n').length;
  const items = Array.isArray(document) ? (document as unknown[]) : [document];
  return foldRequests(
    items.map((value) => ({ value, text: () => JSON.stringify(value).slice(0, 300) })),
    count,
    aggregator,
  );
}

/**
 * Reads what is new in an OTLP/JSON file. JSON lines are read line by line (a last line without a newline when it
 * parses); a document is read whole once it parses, and a document that does not parse yet (still being written,
 * or broken) is reported as malformed and read again next time: the cursor stays before it.
 */
export function* readOtlpFile(
  path: string,
  cursor: FileCursor | undefined,
  aggregator: EdgeAggregator,
  onProgress?: (done: number, total: number) => void,
): Generator<OtlpFileRead> {
  const fd = openSync(path, 'r');
  let layout: 'lines' | 'document';
  let start: number;
  let size: number;
  try {
    size = fstatSync(fd).size;
    start = resumeOffset(fd, size, cursor);
    if (start >= size) return;
    layout = layoutOf(fd, start, size);
    if (layout === 'document') {
      const count = new LineCount();
      if (size - start > MAX_OTLP_DOCUMENT_BYTES) {
        count.lines = 1;
        count.bad(
          `a single document of ${Math.round((size - start) / 1024 / 1024)} MB is over the ` +
            `${MAX_OTLP_DOCUMENT_BYTES / 1024 / 1024} MB limit: export JSON lines instead (one request a line)`,
          '',
        );
        yield { result: { ...count.take(), ...takeEdges(aggregator, aggregator.records) }, cursor, bytes: 0 };
        return;
      }
      const buffer = Buffer.allocUnsafe(size - start);
      let filled = 0;
      while (filled < buffer.length) {
        const read = readSync(fd, buffer, filled, buffer.length - filled, start + filled);
        if (read === 0) break;
        filled += read;
      }
      const text = buffer.toString('utf8', 0, filled);
      const read = readDocument(text, aggregator);
      if ('error' in read) {
        count.lines = 1;
        count.bad(`the document does not parse (still being written, or broken): ${read.error}`, text.slice(0, 300));
        yield {
          result: { ...count.take(), ...takeEdges(aggregator, aggregator.records) },
          cursor,
          bytes: 0,
          held: filled,
        };
        return;
      }
      onProgress?.(start + filled, size);
      yield { result: read, cursor: { offset: start + filled, head: headOf(fd, start + filled) }, bytes: filled };
      return;
    }
  } finally {
    closeSync(fd);
  }
  let offset = start;
  for (const batch of readNewLines(path, cursor, onProgress, (last) => parses(last.toString('utf8')))) {
    const read = readLines(batch.bytes.toString('utf8'), aggregator);
    yield { result: read, cursor: batch.cursor, bytes: batch.cursor.offset - offset };
    offset = batch.cursor.offset;
  }
}
