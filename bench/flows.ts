// Junction's end-to-end import of a generated 1,000,000-line extended combined access log (parse, map to systems,
// aggregate per-minute edges, store) against GoAccess on the same file: lines/s of each and the ratio.
// Run: npx tsx bench/flows.ts   (BENCH_LINES=200000 for a quicker run; BENCH_WORKERS=0 for this thread alone)
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { estateSchema } from '../src/model/estate.js';
import { importSource } from '../src/flows/import.js';
import { openStore } from '../src/store/store.js';

const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const RUNS = 3;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const CLIENTS = Array.from({ length: 40 }, (_, i) => `client-${i}`);
const UPSTREAMS = Array.from({ length: 30 }, (_, i) => `10.0.${Math.floor(i / 10)}.${i + 10}:8080`);
const PATHS = [
  '/api/orders',
  '/api/orders/123',
  '/api/invoices',
  '/api/customers/42/addresses',
  '/health',
  '/api/stock?sku=A-100',
  '/v2/products',
  '/api/payments',
];
const AGENTS = [
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36',
  'okhttp/4.12.0',
  'python-requests/2.32',
  'Go-http-client/1.1',
];

/** A deterministic pseudo-random sequence (mulberry32), so every run reads the same file. */
function random(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function generate(file: string): Promise<void> {
  const next = random(42);
  const out = createWriteStream(file);
  const start = Date.UTC(2026, 10, 25, 0, 0, 0);
  const p = (n: number) => String(n).padStart(2, '0');
  let chunk = '';
  for (let i = 0; i < LINES; i++) {
    const d = new Date(start + Math.floor((i / LINES) * 86_400_000));
    const r = next();
    const status = r < 0.9 ? 200 : r < 0.95 ? 404 : r < 0.98 ? 201 : r < 0.995 ? 502 : 504;
    const client = CLIENTS[Math.floor(next() * CLIENTS.length)];
    const upstream = UPSTREAMS[Math.floor(next() * UPSTREAMS.length)];
    const upstreamTime = (next() * next() * 0.8).toFixed(3);
    const agent = next() < 0.7 ? `${client}/1.${i % 10} ${AGENTS[i % AGENTS.length]}` : AGENTS[i % AGENTS.length];
    chunk +=
      `10.${i % 7}.${i % 250}.${i % 200} - - [${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:` +
      `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ` +
      `+0000] "GET ${PATHS[i % PATHS.length]} HTTP/1.1" ${status} ${Math.floor(next() * 20_000)} "-" "${agent}" ` +
      `rt=${(Number(upstreamTime) + 0.002).toFixed(3)} urt="${upstreamTime}" ua="${upstream}"\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise<void>((resolve) => out.once('finish', () => resolve()));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const dir = mkdtempSync(join(tmpdir(), 'junction-bench-flows-'));
try {
  const file = join(dir, 'access.log');
  await generate(file);
  console.log(
    `Generated ${LINES.toLocaleString('en')} lines (${(statSync(file).size / 1e6).toFixed(0)} MB) of extended combined log`,
  );
  const estate = estateSchema.parse({
    version: 1,
    name: 'bench',
    systems: [
      { id: 'gateway', name: 'Gateway', baseUrl: 'https://gateway.internal' },
      ...CLIENTS.slice(0, 30).map((id) => ({ id, name: id, baseUrl: `https://${id}.internal` })),
      ...UPSTREAMS.slice(0, 25).map((address, i) => ({
        id: `upstream-${i}`,
        name: `Upstream ${i}`,
        baseUrl: `http://${address}`,
      })),
    ],
    logSources: [
      { id: 'gateway-log', type: 'nginx-combined', path: file, system: 'gateway', clientIdentity: 'user-agent' },
    ],
  });

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
