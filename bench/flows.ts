// Junction's end-to-end import of a generated 1,000,000-line extended combined access log (parse, map to systems,
// aggregate per-minute edges, store) against GoAccess on the same file: lines/s of each and the ratio.
// Run: npx tsx bench/flows.ts   (BENCH_LINES=200000 for a quicker run; BENCH_WORKERS=0 for this thread alone)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { estateSchema } from '../src/model/estate.js';
import { importSource } from '../src/flows/import.js';
import { openStore } from '../src/store/store.js';
import { accessLogEstate, writeAccessLog } from './lib/access-log.js';

const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const RUNS = 3;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const dir = mkdtempSync(join(tmpdir(), 'junction-bench-flows-'));
try {
  const file = join(dir, 'access.log');
  await writeAccessLog(file, LINES);
  console.log(
    `Generated ${LINES.toLocaleString('en')} lines (${(statSync(file).size / 1e6).toFixed(0)} MB) of extended combined log`,
  );
  const estate = estateSchema.parse(accessLogEstate(file));

  const junction: { wall: number; cpu: number }[] = [];
  for (let run = 0; run < RUNS; run++) {
    const stateDir = mkdtempSync(join(dir, 'state-'));
    const store = openStore(stateDir);
    const cpu = process.cpuUsage();
    const began = performance.now();
    const result = await importSource(store, estate, estate.logSources[0], {
      resolvePath: (p) => p,
      parallel: process.env.BENCH_WORKERS ? { workers: Number(process.env.BENCH_WORKERS) } : undefined,
    });
    const used = process.cpuUsage(cpu);
    junction.push({ wall: performance.now() - began, cpu: (used.user + used.system) / 1000 });
    store.close();
    if (result.lines !== LINES || result.malformed !== 0)
      throw new Error(`import read ${result.lines} lines, ${result.malformed} malformed`);
    if (run === 0) console.log(`Junction: ${result.records.toLocaleString('en')} calls, ${result.edges} edges`);
  }
  const junctionWall = median(junction.map((run) => run.wall));
  const junctionCpu = median(junction.map((run) => run.cpu));

  // GoAccess's own CPU time comes from bash's `time` (user + sys of the child), its wall time from here.
  const goaccess: { wall: number; cpu: number }[] = [];
  for (let run = 0; run < RUNS; run++) {
    const began = performance.now();
    const child = spawnSync(
      'bash',
      [
        '-c',
        `TIMEFORMAT='%3U %3S'; time goaccess "$0" --log-format=COMBINED -o "$1" >/dev/null 2>&1`,
        file,
        join(dir, 'report.json'),
      ],
      { encoding: 'utf8' },
    );
    const wall = performance.now() - began;
    const [user, sys] = child.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
    if (child.status !== 0 || user === undefined || sys === undefined)
      throw new Error(`goaccess failed: ${child.stderr}`);
    goaccess.push({ wall, cpu: (user + sys) * 1000 });
  }
  const goaccessWall = median(goaccess.map((run) => run.wall));
  const goaccessCpu = median(goaccess.map((run) => run.cpu));

  const rate = (ms: number) => Math.round(LINES / (ms / 1000)).toLocaleString('en');
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(
    `Junction import (median of ${RUNS}; this thread and up to ${Math.min(3, availableParallelism() - 1)} ` +
      `worker threads): wall ${seconds(junctionWall)} = ${rate(junctionWall)} lines/s; CPU ${seconds(junctionCpu)} ` +
      `= ${rate(junctionCpu)} lines per CPU-second`,
  );
  console.log(
    `GoAccess --log-format=COMBINED -o report.json (median of ${RUNS}, one thread): wall ${seconds(goaccessWall)} ` +
      `= ${rate(goaccessWall)} lines/s; CPU ${seconds(goaccessCpu)} = ${rate(goaccessCpu)} lines per CPU-second`,
  );
  console.log(
    `Ratio: ${(goaccessWall / junctionWall).toFixed(1)}x GoAccess by wall time, ${(goaccessCpu / junctionCpu).toFixed(1)}x by CPU time (goal >= 30x)`,
  );
  console.log(
    `Junction ${LINES / (junctionWall / 1000) >= 300_000 ? 'meets' : 'misses'} the 300,000 lines/s goal ` +
      `(wall); load average now ${loadavg()[0].toFixed(1)} on ${availableParallelism()} CPUs`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
