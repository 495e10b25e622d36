import { closeSync, openSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { threadId, Worker } from 'node:worker_threads';
import type { System } from '../estate/schema.js';
import type { PackedEdgeHour } from './edge-hour.js';
import { readOwnedLines } from './file-reader.js';
import { LineReader, type LineSource, type ReadResult } from './line-reader.js';

/** Bytes per batch: small enough to share the work evenly, large enough that a batch's overhead does not count. */
export const BATCH_BYTES = 8 * 1024 * 1024;
const MAX_WORKERS = 3;

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
  /** Int32 on a SharedArrayBuffer: the next batch to claim, shared by every thread */
  next: Int32Array;
}

export function readBatch(plan: BatchPlan, reader: LineReader, fd: number, index: number): BatchRead {
  const start = plan.start + index * plan.batchBytes;
  const lines = readOwnedLines(fd, plan.size, start, Math.min(plan.size, start + plan.batchBytes));
  reader.bytes(lines.bytes);
  return { index, threadId, from: lines.from, to: lines.to, result: reader.take() };
}

/** Claims batches until none is left, reading each: the loop every thread runs. */
export function* claimBatches(plan: BatchPlan, reader: LineReader): Generator<BatchRead> {
  const fd = openSync(plan.path, 'r');
  try {
    for (let index = Atomics.add(plan.next, 0, 1); index < plan.count; index = Atomics.add(plan.next, 0, 1)) yield readBatch(plan, reader, fd, index);
  } finally {
    closeSync(fd);
  }
}

/** Structured clone turns Buffers into plain Uint8Arrays: make the blobs Buffers again. */
const revive = (read: BatchRead): BatchRead => ({
  ...read,
  result: {
    ...read.result,
    hours: read.result.hours.map((hour): PackedEdgeHour => ({ ...hour, histograms: Buffer.from(hour.histograms.buffer, hour.histograms.byteOffset, hour.histograms.byteLength) })),
  },
});

/**
 * The worker's module: run from the TypeScript sources under tsx (tests, `npx junction`), or built next to the
 * bundle that imports this one (the desktop app). A worker that cannot start costs nothing: this thread reads
 * every batch itself.
 */
function startWorker(plan: BatchPlan): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSource ? './import-worker.ts' : './import-worker.mjs', import.meta.url).href;
  if (!fromSource) return new Worker(new URL(entry), { workerData: plan });
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(bootstrap, { eval: true, workerData: plan });
}

export interface ParallelOptions {
  /** worker threads besides this one (default: one per other CPU, at most 3) */
  workers?: number;
  batchBytes?: number;
  signal?: AbortSignal;
}

/**
 * Reads the complete lines of [start, size) of a log file in batches, on this thread and on worker threads that
 * claim batches from a shared counter, and yields each batch's result in file order (so cursors and line numbers
 * stay exact). Workers take a few hundred milliseconds to start; this thread reads meanwhile, so a small file never
 * waits for them. A batch claimed by a worker that then fails is read again here.
 */
export async function* readLinesInParallel(
  path: string,
  range: { start: number; size: number },
  source: LineSource,
  systems: readonly System[],
  options: ParallelOptions = {},
): AsyncGenerator<BatchRead> {
  const batchBytes = options.batchBytes ?? BATCH_BYTES;
  const count = Math.ceil((range.size - range.start) / batchBytes);
  const plan: BatchPlan = { path, ...range, batchBytes, count, source, systems: [...systems], next: new Int32Array(new SharedArrayBuffer(4)) };
  const reader = new LineReader(source, systems);
  const done = new Map<number, BatchRead>();
  let emitted = 0;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const wanted = Math.min(options.workers ?? Math.min(MAX_WORKERS, availableParallelism() - 1), count - 1);
  let running = 0;
  const workers: Worker[] = [];
  for (let i = 0; i < wanted; i++) {
    const worker = startWorker(plan);
    running++;
    let finished = false;
    const stop = () => {
      if (finished) return;
      finished = true;
      running--;
      notify();
    };
    worker.on('message', (message: BatchRead | 'finished') => {
      if (message === 'finished') return stop();
      if (message.index >= emitted && !done.has(message.index)) done.set(message.index, revive(message));
      notify();
    });
    worker.on('error', stop);
    worker.on('exit', stop);
    workers.push(worker);
  }
  const fd = openSync(path, 'r');
  try {
    while (emitted < count) {
      if (options.signal?.aborted) return;
      if (done.has(emitted)) {
        const read = done.get(emitted)!;
        done.delete(emitted++);
        yield read;
        continue;
      }
      const index = Atomics.add(plan.next, 0, 1);
      if (index < count) {
        done.set(index, readBatch(plan, reader, fd, index));
        // let the workers' results in
        await new Promise<void>((resolve) => setImmediate(resolve));
      } else if (running === 0) {
        // every batch is claimed and no worker is left: one that failed took this one with it
        done.set(emitted, readBatch(plan, reader, fd, emitted));
      } else {
        await new Promise<void>((resolve) => (wake = resolve));
      }
    }
  } finally {
    Atomics.store(plan.next, 0, count);
    closeSync(fd);
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
