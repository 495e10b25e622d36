import { closeSync, openSync } from 'node:fs';
import { threadId } from 'node:worker_threads';
import type { System } from '../model/estate.js';
import type { SpecRoute } from './operation-match.js';
import { MAX_LINE_BYTES, readOwnedLines } from './file-reader.js';
import type { LineReader, LineSource, ReadResult } from './line-reader.js';

/** One batch of a file, read: its lines span bytes [from, to). */
export interface BatchRead {
  index: number;
  /** the thread that read it */
  threadId: number;
  from: number;
  to: number;
  result: ReadResult;
}

/** What a worker needs to read batches of the same file (plain data: it crosses to the worker thread). */
export interface BatchPlan {
  path: string;
  /** the first byte to read */
  start: number;
  size: number;
  batchBytes: number;
  count: number;
  source: LineSource;
  systems: readonly System[];
  /** each system's spec operations, as entries (a Map does not cross to a worker as one) */
  specs: [string, SpecRoute[]][];
  /** Int32 on a SharedArrayBuffer: the next batch to claim, shared by every thread */
  next: Int32Array;
}

export function readBatch(plan: BatchPlan, reader: LineReader, fd: number, index: number): BatchRead {
  const start = plan.start + index * plan.batchBytes;
  const lines = readOwnedLines(fd, plan.size, start, Math.min(plan.size, start + plan.batchBytes));
  reader.bytes(lines.bytes);
  if (lines.tooLong !== undefined)
    reader.skipped(`too long to read (it runs over ${MAX_LINE_BYTES / 1024 / 1024} MB past its batch)`, lines.tooLong);
  return { index, threadId, from: lines.from, to: lines.to, result: reader.take() };
}

/** Claims batches until none is left, reading each: the loop every thread runs. */
export function* claimBatches(plan: BatchPlan, reader: LineReader): Generator<BatchRead> {
  const fd = openSync(plan.path, 'r');
  try {
    for (let index = Atomics.add(plan.next, 0, 1); index < plan.count; index = Atomics.add(plan.next, 0, 1))
      yield readBatch(plan, reader, fd, index);
  } finally {
    closeSync(fd);
  }
}
