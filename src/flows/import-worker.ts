// A worker thread of a parallel import (parallel-lines.ts): claims batches of the file, reads them, posts the results.
// Bundled into one script (see startWorker), so it must not import what needs import.meta.
import { parentPort, workerData } from 'node:worker_threads';
import { LineReader } from './line-reader.js';
import { claimBatches, type BatchPlan } from './batch-read.js';

const plan = workerData as BatchPlan;
const reader = new LineReader(plan.source, plan.systems, new Map(plan.specs));
for (const read of claimBatches(plan, reader)) parentPort!.postMessage(read);
parentPort!.postMessage('finished');
