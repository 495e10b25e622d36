// The workspace store under monitoring load: batched sample inserts (with their minute and hour rollups) per second,
// then the reads a chart makes: a 30-day chart of one monitor at 1-minute resolution, and one edge's 30-day p95 series,
// both from per-minute rollups that keep a latency histogram. Run: npx tsx bench/store.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { EdgeAggregator } from '../src/flows/aggregate.js';
import { PeerMap } from '../src/flows/peers.js';
import type { MonitorSample } from '../src/store/sample-repository.js';
import { openStore } from '../src/store/store.js';

const DAY = 86_400_000;
const MONITORS = 10;
const INTERVAL_MS = 30_000;
const BATCH = 5_000;
const EDGES = 10;
const READS = 7;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const dir = mkdtempSync(join(tmpdir(), 'junction-bench-store-'));
try {
  const store = openStore(dir);
  const until = Date.UTC(2026, 10, 26);
  const since = until - 30 * DAY;

  // 30 days of 10 monitors checked every 30 s: 864,000 samples, written in batches as the scheduler writes them.
  const samples: MonitorSample[] = [];
  for (let ts = since; ts < until; ts += INTERVAL_MS) {
    for (let m = 0; m < MONITORS; m++) {
      const total = 20 + ((ts / INTERVAL_MS + m * 7) % 97);
      samples.push({
        monitorId: `monitor-${m}`,
        ts: ts + m,
        ok: ts % 9_000_000 !== 0,
        status: 200,
        timings: { dns: 0, connect: 1, tls: 3, firstByte: total - 5, download: 1, total },
      });
    }
  }
  const cpu = process.cpuUsage();
  const began = performance.now();
  for (let i = 0; i < samples.length; i += BATCH) store.samples.insertBatch(samples.slice(i, i + BATCH));
  const insertMs = performance.now() - began;
  const used = process.cpuUsage(cpu);
  const rate = (ms: number) => Math.round(samples.length / (ms / 1000)).toLocaleString('en');
  console.log(
    `Sample inserts: ${samples.length.toLocaleString('en')} in batches of ${BATCH} (raw rows + minute and hour rollups, one transaction per batch): ` +
      `${(insertMs / 1000).toFixed(2)} s wall = ${rate(insertMs)} samples/s; ${rate((used.user + used.system) / 1000)} ` +
      `samples per CPU-second (goal >= 200,000/s)`,
  );

  // 30 days of 10 edges with 20 calls a minute (8.6M calls, 72,000 edge-hours with per-minute histograms), folded
  // and stored a day at a time as an import does.
  const aggregator = new EdgeAggregator(new PeerMap([]));
  const http = aggregator.protocol('http');
  const payments = aggregator.peer('payments');
  const callers = Array.from({ length: EDGES }, (_, e) => aggregator.peer(`system-${e}`));
  for (let day = since; day < until; day += DAY) {
    for (let minute = day; minute < day + DAY; minute += 60_000) {
      for (let e = 0; e < EDGES; e++) {
        for (let call = 0; call < 20; call++)
          aggregator.call(
            callers[e],
            payments,
            http,
            minute + call,
            200,
            100,
            5 + ((minute / 60_000 + call * 13 + e) % 180),
            Number.NaN,
          );
      }
    }
    store.flows.transaction(() => store.flows.mergeHours('bench', aggregator.take()));
  }

  /** Wall and CPU time of a read, median of READS runs. */
  const timed = (read: () => number) => {
    const wall: number[] = [];
    const cpu: number[] = [];
    let points = 0;
    for (let run = 0; run < READS; run++) {
      const c = process.cpuUsage();
      const t = performance.now();
      points = read();
      wall.push(performance.now() - t);
      const used = process.cpuUsage(c);
      cpu.push((used.user + used.system) / 1000);
    }
    const ms = median(wall);
    return (
      `${points.toLocaleString('en')} points: median ${ms.toFixed(1)} ms wall, ${median(cpu).toFixed(1)} ` +
      `ms CPU, of ${READS} (${ms < 20 ? 'meets' : 'misses'} the 20 ms goal)`
    );
  };
  console.log(
    `30-day chart, 1 monitor, 1-minute resolution: ${timed(() => store.samples.chart('monitor-3', since, until, 'minute').length)}`,
  );
  console.log(
    `30-day p95 series, 1 edge, per minute: ${timed(() => store.flows.edgeSeries('system-4', 'payments', 'http', since, until).length)}`,
  );
  console.log(`Load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} CPUs while measuring`);
  store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
