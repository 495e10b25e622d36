import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BuildOptions } from 'esbuild';
import type { System } from '../model/estate.js';
import { readBatch, type BatchPlan, type BatchRead } from './batch-read.js';
import type { PackedEdgeHour } from './edge-hour.js';
import { LineReader, type LineSource } from './line-reader.js';
import type { SpecRoutes } from './operation-aggregate.js';

/**
 * Bytes per batch: small enough that the last batches leave no thread idle for long (21 MB batches made a 1M-line
 * import 15 % slower on 2 CPUs than 8 MB ones), large enough that a batch's overhead does not count.
 */
const BATCH_BYTES = 8 * 1024 * 1024;
const MAX_WORKERS = 3;

/** Structured clone turns Buffers into plain Uint8Arrays: make the blobs Buffers again. */
const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const revive = (read: BatchRead): BatchRead => ({
  ...read,
  result: {
    ...read.result,
    hours: read.result.hours.map((hour): PackedEdgeHour => ({ ...hour, histograms: asBuffer(hour.histograms) })),
    operations: read.result.operations.map((hour) => ({ ...hour, histograms: asBuffer(hour.histograms) })),
  },
});

const WORKER_SOURCE = fileURLToPath(new URL('./import-worker.ts', import.meta.url));
/** Beside the compiled CLI (dist/cli/, scripts/build-cli.ts): the worker bundled at build time. */
const PREBUILT_WORKER = fileURLToPath(new URL('./import-worker.cjs', import.meta.url));
/** How the worker is bundled into one CommonJS script, here on the fly and by scripts/build-cli.ts. */
export const IMPORT_WORKER_BUILD = {
  entryPoints: [WORKER_SOURCE],
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  logLevel: 'silent',
} as const satisfies BuildOptions;
/** The worker's code, read or bundled once per process. */
let workerCode: string | undefined;

/**
 * The compiled CLI ships the worker as one CommonJS script; from the TypeScript sources it is bundled on the fly
 * (about 10 ms with esbuild; a worker that loads tsx instead spends 400 ms of CPU starting). Where neither is at
 * hand (this module bundled into the desktop app), there is no worker and this thread reads alone.
 */
async function workerScript(): Promise<string | undefined> {
  if (workerCode === undefined && existsSync(PREBUILT_WORKER)) workerCode = readFileSync(PREBUILT_WORKER, 'utf8');
  if (workerCode === undefined && existsSync(WORKER_SOURCE)) {
    const { buildSync } = await import('esbuild');
    workerCode = buildSync({ ...IMPORT_WORKER_BUILD, write: false }).outputFiles[0].text;
  }
  return workerCode;
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
 * stay exact). Workers take tens of milliseconds to start; this thread reads meanwhile, so a small file never waits
 * for them. A batch claimed by a worker that then fails is read again here.
 */
export async function* readLinesInParallel(
  path: string,
  range: { start: number; size: number },
  source: LineSource,
  systems: readonly System[],
  options: ParallelOptions = {},
  specs: SpecRoutes = new Map(),
): AsyncGenerator<BatchRead> {
  const wanted = Math.max(0, options.workers ?? Math.min(MAX_WORKERS, availableParallelism() - 1));
  const batchBytes = options.batchBytes ?? BATCH_BYTES;
  const count = Math.ceil((range.size - range.start) / batchBytes);
  const plan: BatchPlan = {
    path,
    ...range,
    batchBytes,
    count,
    source,
    systems: [...systems],
    specs: [...specs].map(([system, routes]) => [system, [...routes]]),
    next: new Int32Array(new SharedArrayBuffer(4)),
  };
  const reader = new LineReader(source, systems, specs);
  const done = new Map<number, BatchRead>();
  let emitted = 0;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const workerCount = Math.min(wanted, count - 1);
  const script = workerCount > 0 ? await workerScript() : undefined;
  let running = 0;
  const workers: Worker[] = [];
  for (let i = 0; script !== undefined && i < workerCount; i++) {
    // a worker that fails to start or dies costs nothing but its share: see `running` below
    const worker = new Worker(script, { eval: true, workerData: plan });
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
