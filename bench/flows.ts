// Junction's import of a generated 1,000,000-line extended combined access log (parse, map to systems, match calls
// to the operations of three upstreams' specs, aggregate edge-minutes and operation-hours, store) against GoAccess
// on the same file (GoAccess also computes per-URL statistics): in process (lines/s, goal >= 500,000) and as whole
// processes, `junction flows import` vs `goaccess`, start-up and spec reading included (goal >= 10x), run in turns.
// Run: npm run build && npx tsx bench/flows.ts   (BENCH_LINES=200000 for a quicker run; BENCH_WORKERS=0 for this
// thread alone in process)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { estateSchema } from '../src/model/estate.js';
import { importSource } from '../src/flows/import.js';
import { loadSpecRoutes } from '../src/gather/spec-routes.js';
import { openStore } from '../src/store/store.js';
import { accessLogEstate, writeAccessLog, writeAccessLogSpecs } from './lib/access-log.js';

const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const RUNS = 3;
const JUNCTION = fileURLToPath(new URL('../bin/junction.js', import.meta.url));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const rate = (ms: number) => Math.round(LINES / (ms / 1000)).toLocaleString('en');
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** One whole process: wall time from here, CPU time (user + sys of the child) from bash's `time`. */
function timed(script: string, ...args: string[]): { wall: number; cpu: number; stdout: string } {
  const began = performance.now();
  const child = spawnSync('bash', ['-c', `TIMEFORMAT='%3U %3S'; time ${script}`, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wall = performance.now() - began;
  const [user, sys] = child.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  if (child.status !== 0 || user === undefined || sys === undefined)
    throw new Error(`${script} failed: ${child.stderr}`);
  return { wall, cpu: (user + sys) * 1000, stdout: child.stdout };
}

const dir = mkdtempSync(join(tmpdir(), 'junction-bench-flows-'));
try {
  const file = join(dir, 'access.log');
  await writeAccessLog(file, LINES);
  writeAccessLogSpecs(dir);
  writeFileSync(join(dir, 'junction.yaml'), JSON.stringify(accessLogEstate('access.log'), null, 1));
  console.log(
    `Generated ${LINES.toLocaleString('en')} lines (${(statSync(file).size / 1e6).toFixed(0)} MB) of extended ` +
      'combined log, 3 of its 25 upstreams with a spec',
  );
  const estate = estateSchema.parse(accessLogEstate(file));
  const resolve = (path: string) => resolvePath(dir, path);
  const specsBegan = performance.now();
  const { specs, unread } = await loadSpecRoutes(
    estate.systems,
    resolve,
    () => {
      throw new Error('the bench reads local specs only');
    },
    AbortSignal.timeout(30_000),
  );
  if (specs.size !== 3 || unread.length > 0) throw new Error(`specs not read: ${JSON.stringify(unread)}`);
  console.log(`Specs read in ${Math.round(performance.now() - specsBegan)} ms`);

  // in process: the import alone, into a fresh store each run
  const junction: { wall: number; cpu: number }[] = [];
  for (let run = 0; run < RUNS; run++) {
    const store = openStore(mkdtempSync(join(dir, 'state-')));
    const cpu = process.cpuUsage();
    const began = performance.now();
    const result = await importSource(store, estate, estate.logSources[0], {
      resolvePath: resolve,
      specs,
      parallel: process.env.BENCH_WORKERS ? { workers: Number(process.env.BENCH_WORKERS) } : undefined,
    });
    const used = process.cpuUsage(cpu);
    junction.push({ wall: performance.now() - began, cpu: (used.user + used.system) / 1000 });
    if (result.lines !== LINES || result.malformed !== 0)
      throw new Error(`import read ${result.lines} lines, ${result.malformed} malformed`);
    if (run === 0) {
      const operations = store.flows.operations(0);
      const documented = operations.filter((operation) => operation.documented);
      console.log(
        `Junction: ${result.records.toLocaleString('en')} calls, ${result.edges} edges, ` +
          `${new Set(operations.map((o) => `${o.target} ${o.method} ${o.path}`)).size} operations ` +
          `(${documented.reduce((sum, o) => sum + o.count, 0).toLocaleString('en')} calls matched to a spec)`,
      );
    }
    store.close();
  }
  const inWall = median(junction.map((run) => run.wall));
  const inCpu = median(junction.map((run) => run.cpu));
  console.log(
    `In process (median of ${RUNS}; this thread and up to ${Math.min(3, availableParallelism() - 1)} worker ` +
      `threads): wall ${seconds(inWall)} = ${rate(inWall)} lines/s; CPU ${seconds(inCpu)} = ${rate(inCpu)} lines ` +
      `per CPU-second: ${LINES / (inWall / 1000) >= 500_000 ? 'meets' : 'misses'} the 500,000 lines/s goal`,
  );

  // whole processes in turns, so both meet the same load: Junction into an empty store each run
  const whole = { junction: [] as { wall: number; cpu: number }[], goaccess: [] as { wall: number; cpu: number }[] };
  const junctionRun = () =>
    timed(`{ rm -rf "$0/.junction"; "${process.execPath}" "${JUNCTION}" flows import --json "$0" >/dev/null; }`, dir);
  const goaccessRun = () =>
    timed(`goaccess "$0" --log-format=COMBINED -o "$1" >/dev/null 2>&1`, file, join(dir, 'report.json'));
  junctionRun();
  for (let run = 0; run < RUNS; run++) {
    whole.goaccess.push(goaccessRun());
    whole.junction.push(junctionRun());
  }
  const figures = (runs: { wall: number; cpu: number }[]) => {
    const wall = median(runs.map((run) => run.wall));
    const cpu = median(runs.map((run) => run.cpu));
    return { wall, cpu, text: `wall ${seconds(wall)} = ${rate(wall)} lines/s; CPU ${seconds(cpu)}` };
  };
  const ours = figures(whole.junction);
  const peer = figures(whole.goaccess);
  console.log(`junction flows import (whole process, median of ${RUNS}): ${ours.text}`);
  console.log(`goaccess --log-format=COMBINED -o report.json (median of ${RUNS}, one thread): ${peer.text}`);
  const ratio = peer.wall / ours.wall;
  console.log(
    `Ratio: ${ratio.toFixed(1)}x GoAccess by wall time, ${(peer.cpu / ours.cpu).toFixed(1)}x by CPU time, whole ` +
      `processes: ${ratio >= 10 ? 'meets' : 'misses'} the 10x goal; load average now ${loadavg()[0].toFixed(1)} on ` +
      `${availableParallelism()} CPUs`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
