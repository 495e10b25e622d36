/**
 * bench/spec: Junction's spec ingestion and lint against their peers, same machine, same run.
 *
 * 1. Full ingest (parse + validate + index) of every corpus spec vs bare SwaggerParser.validate(), medians of 3 runs,
 *    both verdicts. swagger-parser runs with resolve.http = false: the benchmark talks to no network (with its
 *    defaults it downloads the URLs in GitHub's example payloads). The goal (≥ 3×) is over the single-file corpus;
 *    the multi-file specs (corpus/openapi/multifile) follow on their own rows, with their files read and resolved.
 * 2. Lint (ingest + lint, in a fresh process) vs `spectral lint` with spectral:oas on three specs, time and peak RSS.
 *    Junction: median of 3 runs. Spectral: ONE run per spec (47 s on OpenAI's spec), inside `unshare -rn` (no network).
 *    The ratio compares Junction's ingest + lint inside its process with Spectral's whole CLI run; the `process` column
 *    shows Junction's whole child process (Node and tsx start-up, module loading) for comparison.
 *
 * Wall time on a shared machine swings with the other work on it, so each row also reports CPU time (user + system
 * of the process doing the work); the ratios are printed for both, and the load average is printed at start and end.
 *
 * Run: npx tsx bench/spec.ts [--skip-spectral]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { ingestSpec } from '../src/openapi/ingest.js';
import { lintSpec } from '../src/openapi/lint.js';

const CORPUS = fileURLToPath(new URL('../../shared/corpus/openapi/specs/', import.meta.url));
const MULTIFILE = fileURLToPath(new URL('../../shared/corpus/openapi/multifile/', import.meta.url));
/** the entry file of each multi-file spec, by folder */
const MULTIFILE_ENTRIES: Record<string, string> = { 'redocly-cafe': 'openapi.yaml' };
const SPECTRAL = fileURLToPath(new URL('../node_modules/@stoplight/spectral-cli/dist/index.js', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const RUNS = 3;
const LINT_SPECS = ['twilio-api-v2010.v3.0.yaml', 'okta-legacy-v1.v2.0.yaml', 'openai.v3.1.yaml'];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value: number) => `${Math.round(value).toLocaleString('en')} ms`;
const pad = (text: string | number, width: number) => String(text).padEnd(width);

const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

async function time<T>(work: () => Promise<T>): Promise<{ ms: number; cpu: number; value?: T; error?: unknown }> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  try {
    const value = await work();
    return { ms: performance.now() - start, cpu: cpuMs(process.cpuUsage(cpu)), value };
  } catch (error) {
    return { ms: performance.now() - start, cpu: cpuMs(process.cpuUsage(cpu)), error };
  }
}

/** Child mode: one lint in a fresh process, reporting its time and peak RSS. */
async function lintOnce(file: string): Promise<void> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const spec = await ingestSpec(file, file);
  const results = lintSpec(spec);
  const elapsed = performance.now() - start;
  process.stdout.write(
    JSON.stringify({
      ms: elapsed,
      cpu: cpuMs(process.cpuUsage(cpu)),
      findings: results.reduce((total, result) => total + result.count, 0),
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    }),
  );
}

async function ingestBench(): Promise<void> {
  // imported here, so the lint children (fresh processes measuring Junction) do not load the peer's modules
  const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
  console.log('== Ingest: Junction (parse + validate + index) vs SwaggerParser.validate() (resolve.http = false)');
  console.log(`   medians of ${RUNS} runs per spec, after one warm-up of each tool\n`);
  const files = readdirSync(CORPUS).sort();
  await ingestSpec(CORPUS + 'oai-petstore.v2.0.json', 'warm-up');
  await SwaggerParser.validate(CORPUS + 'oai-petstore.v2.0.json', { resolve: { http: false } });
  const total = { ours: 0, theirs: 0, oursCpu: 0, theirsCpu: 0 };
  let slowest = { file: '', ms: 0, cpu: 0 };
  console.log(
    `${pad('spec', 34)}${pad('size', 10)}${pad('junction wall/cpu', 20)}${pad('swagger-p. wall/cpu', 22)}${pad(
      'ratio cpu',
      10,
    )}${pad('junction', 10)}${pad('swagger-parser', 16)}note`,
  );
  for (const file of files) {
    const { mine, peer } = await ingestRow(file, CORPUS + file);
    total.ours += mine.ms;
    total.theirs += peer.ms;
    total.oursCpu += mine.cpu;
    total.theirsCpu += peer.cpu;
    if (mine.cpu > slowest.cpu) slowest = { file, ...mine };
  }
  console.log('multi-file (not in the totals):');
  for (const [folder, entry] of Object.entries(MULTIFILE_ENTRIES)) {
    if (!existsSync(MULTIFILE + folder)) console.log(`${pad(folder, 34)}missing: ${MULTIFILE + folder}`);
    else await ingestRow(`${folder}/${entry}`, `${MULTIFILE}${folder}/${entry}`);
  }
  console.log(
    `\nWhole corpus, wall: Junction ${ms(total.ours)}, swagger-parser ${ms(total.theirs)}: ${(total.theirs / total.ours).toFixed(2)}× (goal ≥ 3×).`,
  );
  console.log(
    `Whole corpus, CPU:  Junction ${ms(total.oursCpu)}, swagger-parser ${ms(total.theirsCpu)}: ${(total.theirsCpu / total.oursCpu).toFixed(2)}×.`,
  );
  console.log(
    `Slowest spec for Junction: ${slowest.file} at ${ms(slowest.ms)} wall, ${ms(slowest.cpu)} CPU (goal: none over 1,500 ms).\n`,
  );
}

/** One spec's row: Junction's and swagger-parser's medians (wall and CPU) and verdicts. */
async function ingestRow(
  label: string,
  path: string,
): Promise<{ mine: { ms: number; cpu: number }; peer: { ms: number; cpu: number } }> {
  const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
  const junctionRuns: number[] = [];
  const junctionCpu: number[] = [];
  let verdict = '';
  let note = '';
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const run = await time(() => ingestSpec(path, label));
    junctionRuns.push(run.ms);
    junctionCpu.push(run.cpu);
    bytes = run.value?.index.bytes ?? bytes;
    verdict = run.error ? 'unreadable' : run.value!.index.valid ? 'valid' : 'invalid';
    if (run.value && !run.value.index.valid)
      note = `ours: ${run.value.index.problems.find((problem) => problem.severity === 'error')?.message}`;
  }
  const peerRuns: number[] = [];
  const peerCpu: number[] = [];
  let peerVerdict = '';
  let peerError = '';
  for (let i = 0; i < RUNS; i++) {
    const run = await time(() => SwaggerParser.validate(path, { resolve: { http: false } }));
    peerRuns.push(run.ms);
    peerCpu.push(run.cpu);
    peerVerdict = run.error ? 'invalid' : 'valid';
    peerError = run.error
      ? String((run.error as Error).message)
          .split('\n')[0]
          .slice(0, 110)
      : '';
  }
  const mine = { ms: median(junctionRuns), cpu: median(junctionCpu) };
  const peer = { ms: median(peerRuns), cpu: median(peerCpu) };
  if (peerVerdict !== verdict) note = [note, `swagger-parser: ${peerError}`].filter(Boolean).join(' | ');
  console.log(
    `${pad(label, 34)}${pad(`${(bytes / 1e6).toFixed(2)} MB`, 10)}${pad(
      `${ms(mine.ms)} / ${ms(mine.cpu)}`,
      20,
    )}${pad(`${ms(peer.ms)} / ${ms(peer.cpu)}`, 22)}${pad(`${(peer.cpu / mine.cpu).toFixed(1)}×`, 10)}${pad(verdict, 10)}${pad(peerVerdict, 16)}${note}`,
  );
  return { mine, peer };
}

function lintBench(skipSpectral: boolean): void {
  console.log('== Lint: Junction (ingest + lint, fresh process) vs spectral lint (spectral:oas)');
  console.log(
    `   Junction: median of ${RUNS} runs; Spectral: ONE run per spec (it takes tens of seconds), without network (unshare -rn)\n`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'junction-bench-'));
  const ruleset = join(dir, '.spectral.yaml');
  writeFileSync(ruleset, 'extends: ["spectral:oas"]\n');
  try {
    console.log(
      `${pad('spec', 30)}${pad('junction wall/cpu', 20)}${pad('process', 10)}${pad('peak RSS', 10)}${pad('findings', 10)}${pad(
        'spectral wall/cpu',
        22,
      )}${pad('peak RSS', 10)}${pad('findings', 10)}ratio wall/cpu`,
    );
    for (const file of LINT_SPECS) {
      const runs = Array.from({ length: RUNS }, () => {
        const start = performance.now();
        const child = spawnSync(process.execPath, ['--import', 'tsx', SELF, '--lint-once', CORPUS + file], {
          encoding: 'utf8',
          maxBuffer: 1 << 26,
        });
        if (child.status !== 0) throw new Error(`lint child failed: ${child.stderr}`);
        return {
          ...(JSON.parse(child.stdout) as { ms: number; cpu: number; findings: number; maxRssMb: number }),
          processMs: performance.now() - start,
        };
      });
      const mine = median(runs.map((run) => run.ms));
      const mineCpu = median(runs.map((run) => run.cpu));
      const rss = Math.max(...runs.map((run) => run.maxRssMb));
      let peer = '-';
      let peerRss = '-';
      let peerFindings = '-';
      let ratio = '-';
      if (!skipSpectral) {
        const start = performance.now();
        const child = spawnSync(
          '/usr/bin/time',
          [
            '-f',
            'MAXRSS_KB=%M CPU_S=%U+%S',
            'unshare',
            '-rn',
            process.execPath,
            SPECTRAL,
            'lint',
            '-r',
            ruleset,
            '-f',
            'json',
            '--quiet',
            CORPUS + file,
          ],
          {
            encoding: 'utf8',
            maxBuffer: 1 << 28,
          },
        );
        const elapsed = performance.now() - start;
        const kb = /MAXRSS_KB=(\d+)/.exec(child.stderr)?.[1];
        const cpu = /CPU_S=([\d.]+)\+([\d.]+)/.exec(child.stderr);
        const peerCpu = cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : NaN;
        peer = `${ms(elapsed)} / ${ms(peerCpu)}`;
        peerRss = kb ? `${Math.round(Number(kb) / 1024)} MB` : '?';
        try {
          peerFindings = String((JSON.parse(child.stdout) as unknown[]).length);
        } catch {
          peerFindings = `? (exit ${child.status})`;
        }
        ratio = `${(elapsed / mine).toFixed(1)}× / ${(peerCpu / mineCpu).toFixed(1)}×`;
      }
      console.log(
        `${pad(file, 30)}${pad(`${ms(mine)} / ${ms(mineCpu)}`, 20)}${pad(ms(median(runs.map((run) => run.processMs))), 10)}${pad(
          `${Math.round(rss)} MB`,
          10,
        )}${pad(runs[0].findings, 10)}${pad(peer, 22)}${pad(peerRss, 10)}${pad(peerFindings, 10)}${ratio}`,
      );
    }
    console.log(
      '\nGoals: lint ≥ 10× faster than Spectral, peak memory under 300 MB. Findings differ by design: Junction runs the',
    );
    console.log(
      'essential spectral:oas rules plus its integration rules (429, pagination, idempotency, security per operation).',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
if (args[0] === '--lint-once') await lintOnce(args[1]);
else {
  const load = () =>
    loadavg()
      .map((value) => value.toFixed(2))
      .join(' ');
  console.log(`load average (1, 5, 15 min): ${load()}\n`);
  await ingestBench();
  lintBench(args.includes('--skip-spectral'));
  console.log(`\nload average (1, 5, 15 min): ${load()}`);
}
