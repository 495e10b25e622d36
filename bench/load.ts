// Junction's load generator vs autocannon and wrk against the same local HTTP server (a separate Node process),
// same connections and duration; then Junction's open-loop rate accuracy and coordinated-omission correction.
// Run: npx tsx bench/load.ts [--runs 3] [--seconds 3] [--connections 10]
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { LoadBudget, runLoad } from '../src/probe/load.js';
import { type LoadResult } from '../src/model/load.js';

const run = promisify(execFile);
const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const RUNS = option('runs', 3);
const SECONDS = option('seconds', 3);
const CONNECTIONS = option('connections', 10);
const UNLIMITED = { maxRps: 1e9, maxRequests: 1e9, maxSeconds: 600 };

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fixed = (value: number, digits = 0) => value.toFixed(digits);

/** A one-line Node HTTP server in its own process; `stallEvery` delays every n-th request by `stallMs`. */
async function startServer(stallEvery = 0, stallMs = 0): Promise<{ url: string; process: ChildProcess }> {
  const source =
    `let n=0;require('http').createServer((q,s)=>{n++;if(${stallEvery}&&n%${stallEvery}===0)setTimeout(()=>s.end('ok'),${stallMs});else ` +
    `s.end('ok')}).listen(0,'127.0.0.1',function(){console.log(this.address().port)})`;
  const child = spawn(process.execPath, ['-e', source], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) =>
    child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim())),
  );
  return { url: `http://127.0.0.1:${port}/`, process: child };
}

async function junction(url: string): Promise<number> {
  const result = await runLoad(
    { url, durationMs: SECONDS * 1000, connections: CONNECTIONS },
    new LoadBudget(UNLIMITED),
  );
  if (result.correctedLatency.count !== result.completed) throw new Error('a latency went unrecorded');
  return result.completed / SECONDS;
}

async function autocannon(url: string): Promise<number> {
  const bin = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
  const { stdout } = await run(
    process.execPath,
    [bin, '-c', String(CONNECTIONS), '-d', String(SECONDS), '--json', url],
    { maxBuffer: 1 << 24 },
  );
  const report = JSON.parse(stdout) as { requests: { total: number }; duration: number };
  return report.requests.total / report.duration;
}

async function wrk(url: string): Promise<number> {
  const { stdout } = await run('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${SECONDS}s`, url]);
  return Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)![1]);
}

async function throughput(): Promise<void> {
  const server = await startServer();
  const figures: Record<string, number[]> = { junction: [], autocannon: [], wrk: [] };
  try {
    await junction(server.url); // warm-up: JIT and connections, not counted
    for (let i = 0; i < RUNS; i++) {
      figures.junction.push(await junction(server.url));
      figures.autocannon.push(await autocannon(server.url));
      figures.wrk.push(await wrk(server.url));
    }
  } finally {
    server.process.kill();
  }
  const [j, a, w] = [median(figures.junction), median(figures.autocannon), median(figures.wrk)];
  console.log(
    `Throughput, closed loop, ${CONNECTIONS} connections, ${SECONDS} s, median of ${RUNS} runs (every Junction latency recorded):`,
  );
  console.log(`  junction    ${fixed(j)} req/s   runs: ${figures.junction.map((v) => fixed(v)).join(', ')}`);
  console.log(`  autocannon  ${fixed(a)} req/s   runs: ${figures.autocannon.map((v) => fixed(v)).join(', ')}`);
  console.log(`  wrk         ${fixed(w)} req/s   runs: ${figures.wrk.map((v) => fixed(v)).join(', ')}`);
  console.log(`  ratio junction/autocannon ${fixed(j / a, 2)} (goal ≥ 0.90), junction/wrk ${fixed(j / w, 2)}`);
}

async function accuracy(rate: number, stallEvery: number, stallMs: number, connections: number): Promise<LoadResult[]> {
  const server = await startServer(stallEvery, stallMs);
  const results: LoadResult[] = [];
  try {
    for (let i = 0; i < RUNS; i++)
      results.push(
        await runLoad({ url: server.url, rate, durationMs: SECONDS * 1000, connections }, new LoadBudget(UNLIMITED)),
      );
  } finally {
    server.process.kill();
  }
  return results;
}

function printAccuracy(title: string, rate: number, results: LoadResult[]): void {
  // the run with the median achieved rate, so every figure printed comes from one run
  const r = [...results].sort((a, b) => a.achievedRps - b.achievedRps)[Math.floor(results.length / 2)];
  console.log(title);
  console.log(
    `  achieved ${fixed(r.achievedRps, 1)} of ${rate} req/s (${fixed((r.achievedRps / rate) * 100, 2)}%, ` +
      `goal within 2%); runs: ${results.map((x) => fixed(x.achievedRps, 1)).join(', ')}`,
  );
  console.log(`  not sent on time: ${r.notSentOnTime} of ${r.sent + r.unsent} scheduled (${r.unsent} never sent)`);
  console.log(
    `  service latency   p50 ${r.serviceLatency.p50} ms  p99 ${r.serviceLatency.p99} ms  max ${r.serviceLatency.max} ms`,
  );
  console.log(
    `  corrected latency p50 ${r.correctedLatency.p50} ms  p99 ${r.correctedLatency.p99} ms  max ${r.correctedLatency.max} ms`,
  );
}

await throughput();
const RATE = 2000;
printAccuracy(
  `\nOpen loop at ${RATE} req/s, ${CONNECTIONS} connections, ${SECONDS} s, median of ${RUNS} runs:`,
  RATE,
  await accuracy(RATE, 0, 0, CONNECTIONS),
);
printAccuracy(
  `\nCoordinated omission: 500 req/s on 1 connection, every 250th request stalls 200 ms (median of ${RUNS}):`,
  500,
  await accuracy(500, 250, 200, 1),
);
