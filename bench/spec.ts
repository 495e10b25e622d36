/**
 * bench/spec: Junction's spec ingestion and lint against their peers, same machine, same run.
 *
 * 1. Full ingest (parse + validate + index) of every corpus spec vs bare SwaggerParser.validate(), medians of 3 runs
 *    taken in turns (Junction, swagger-parser, Junction, …), both verdicts. The benchmark talks to no network:
 *    swagger-parser reads a single-file spec with resolve.external = false (as bench/cli's peer does: with
 *    resolve.http = false it stops at the first URL in a `$ref` key of GitHub's example payloads, "unable to
 *    resolve", before validating anything), and a multi-file spec with resolve.http = false (its files read and
 *    resolved). The goal (≥ 3×) is over the single-file corpus; the multi-file specs (corpus/openapi/multifile)
 *    follow on their own rows.
 * 2. Lint: `junction spec lint --ruleset spectral:oas -f json` vs `spectral lint` (spectral:oas) on Twilio, Okta
 *    legacy, Stripe and OpenAI, whole processes under /usr/bin/time inside `unshare -rn` (no network): wall, CPU, peak
 *    RSS; Junction the median of 3 runs (one before Spectral's, two after), Spectral one run per spec. Spectral is
 *    found by $SPECTRAL_CLI, as the devDependency @stoplight/spectral-cli (kept for this bench only) or under
 *    /work/spectral; without it the bench says so and measures Junction alone. Then the per-rule counts of both, side
 *    by side. `--lint-only` skips the ingest part.
 *
 * Wall time on a shared machine swings with the other work on it, so each row also reports CPU time (user + system
 * of the process doing the work); the ratios are printed for both, and the load average is printed at start and end.
 *
 * Run: npx tsx bench/spec.ts [--skip-spectral] [--lint-only] [--spec NAME]  (npm run build first: the compiled CLI is
 * measured; --spec lints only the specs whose file name contains NAME)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { ingestSpec } from '../src/openapi/ingest.js';

const CORPUS = fileURLToPath(new URL('../../shared/corpus/openapi/specs/', import.meta.url));
const MULTIFILE = fileURLToPath(new URL('../../shared/corpus/openapi/multifile/', import.meta.url));
/** the entry file of each multi-file spec, by folder */
const MULTIFILE_ENTRIES: Record<string, string> = { 'redocly-cafe': 'openapi.yaml' };
const JUNCTION = fileURLToPath(new URL('../bin/junction.js', import.meta.url));
const RUNS = 3;
const LINT_SPECS = [
  'twilio-api-v2010.v3.0.yaml',
  'okta-legacy-v1.v2.0.yaml',
  'stripe-2023-09.v3.0.yaml',
  'openai.v3.1.yaml',
];

/** `--spec NAME`: lint only the corpus specs whose file name contains NAME */
const ONLY_SPEC = process.argv.includes('--spec') ? process.argv[process.argv.indexOf('--spec') + 1] : undefined;

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

/** A whole ingest: ingestSpec builds the operation index when it is first read, so this reads it. */
async function ingest(path: string, label: string) {
  const spec = await ingestSpec(path, label);
  return { spec, index: spec.index };
}

async function ingestBench(): Promise<void> {
  // imported here, so the lint children (fresh processes measuring Junction) do not load the peer's modules
  const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
  console.log(
    '== Ingest: Junction (parse + validate + index) vs SwaggerParser.validate() (single files: resolve.external = ' +
      'false; multi-file: resolve.http = false)',
  );
  console.log(`   medians of ${RUNS} runs per spec taken in turns, after one warm-up of each tool\n`);
  const files = readdirSync(CORPUS).sort();
  await ingest(CORPUS + 'oai-petstore.v2.0.json', 'warm-up');
  await SwaggerParser.validate(CORPUS + 'oai-petstore.v2.0.json', { resolve: { external: false } });
  const total = { ours: 0, theirs: 0, oursCpu: 0, theirsCpu: 0 };
  let slowest = { file: '', ms: 0, cpu: 0 };
  console.log(
    `${pad('spec', 34)}${pad('size', 10)}${pad('junction wall/cpu', 20)}${pad('swagger-p. wall/cpu', 22)}${pad(
      'ratio cpu',
      10,
    )}${pad('junction', 10)}${pad('swagger-parser', 16)}note`,
  );
  for (const file of files) {
    const { mine, peer } = await ingestRow(file, CORPUS + file, { external: false });
    total.ours += mine.ms;
    total.theirs += peer.ms;
    total.oursCpu += mine.cpu;
    total.theirsCpu += peer.cpu;
    if (mine.cpu > slowest.cpu) slowest = { file, ...mine };
  }
  console.log('multi-file (not in the totals):');
  for (const [folder, entry] of Object.entries(MULTIFILE_ENTRIES)) {
    if (!existsSync(MULTIFILE + folder)) console.log(`${pad(folder, 34)}missing: ${MULTIFILE + folder}`);
    else await ingestRow(`${folder}/${entry}`, `${MULTIFILE}${folder}/${entry}`, { http: false });
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
  resolve: { external?: boolean; http?: boolean },
): Promise<{ mine: { ms: number; cpu: number }; peer: { ms: number; cpu: number } }> {
  const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
  const junctionRuns: number[] = [];
  const junctionCpu: number[] = [];
  let verdict = '';
  let note = '';
  let bytes = 0;
  const peerRuns: number[] = [];
  const peerCpu: number[] = [];
  let peerVerdict = '';
  let peerError = '';
  // in turns, so that both meet the same load on a shared machine
  for (let i = 0; i < RUNS; i++) {
    const run = await time(() => ingest(path, label));
    junctionRuns.push(run.ms);
    junctionCpu.push(run.cpu);
    bytes = run.value?.index.bytes ?? bytes;
    verdict = run.error ? 'unreadable' : run.value!.index.valid ? 'valid' : 'invalid';
    if (run.value && !run.value.index.valid)
      note = `ours: ${run.value.index.problems.find((problem) => problem.severity === 'error')?.message}`;
    const peerRun = await time(() => SwaggerParser.validate(path, { resolve }));
    peerRuns.push(peerRun.ms);
    peerCpu.push(peerRun.cpu);
    peerVerdict = peerRun.error ? 'invalid' : 'valid';
    peerError = peerRun.error
      ? String((peerRun.error as Error).message)
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

/**
 * Spectral's CLI, the benchmark peer (a devDependency so `npm ci` installs it; never imported by src/):
 * $SPECTRAL_CLI, else the devDependency in node_modules, else an install under /work/spectral.
 */
function findSpectral(): string | undefined {
  const candidates = [
    process.env.SPECTRAL_CLI,
    fileURLToPath(new URL('../node_modules/@stoplight/spectral-cli/dist/index.js', import.meta.url)),
    '/work/spectral/node_modules/@stoplight/spectral-cli/dist/index.js',
  ].filter((candidate): candidate is string => Boolean(candidate));
  return candidates.find((candidate) => existsSync(candidate));
}

interface ProcessRun {
  ms: number;
  cpu: number;
  rssMb: number;
  counts: Record<string, number>;
  exit: number | null;
}

/** One whole process under /usr/bin/time without network (unshare -rn): wall, CPU, peak RSS and per-rule counts. */
function timedProcess(args: string[], codeOf: (result: Record<string, unknown>) => string): ProcessRun {
  const start = performance.now();
  const child = spawnSync('/usr/bin/time', ['-f', 'MAXRSS_KB=%M CPU_S=%U+%S', 'unshare', '-rn', ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const ms = performance.now() - start;
  const kb = /MAXRSS_KB=(\d+)/.exec(child.stderr)?.[1];
  const cpu = /CPU_S=([\d.]+)\+([\d.]+)/.exec(child.stderr);
  const counts: Record<string, number> = {};
  try {
    for (const result of JSON.parse(child.stdout) as Record<string, unknown>[])
      counts[codeOf(result)] = (counts[codeOf(result)] ?? 0) + 1;
  } catch {
    throw new Error(`${args.join(' ')} printed no JSON (exit ${child.status}): ${child.stderr.slice(0, 500)}`);
  }
  return {
    ms,
    cpu: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : NaN,
    rssMb: kb ? Number(kb) / 1024 : NaN,
    counts,
    exit: child.status,
  };
}

/**
 * `junction spec lint` (the compiled CLI, --ruleset spectral:oas) against `spectral lint` with spectral:oas, both as
 * whole processes: Junction the median of 3 runs, Spectral one run per spec (tens of seconds on OpenAI's spec). Then,
 * per spec, each rule's count side by side.
 */
function lintBench(skipSpectral: boolean): void {
  console.log(
    '== Lint: `junction spec lint --ruleset spectral:oas` vs `spectral lint` (spectral:oas), whole processes',
  );
  const spectral = skipSpectral ? undefined : findSpectral();
  if (!skipSpectral && !spectral)
    console.log(
      '   Spectral not found: `npm ci` installs the devDependency @stoplight/spectral-cli, or set SPECTRAL_CLI to ' +
        'its dist/index.js; Junction alone is measured\n',
    );
  else if (spectral) console.log(`   Spectral: ${spectral}`);
  console.log(
    `   Junction: median of ${RUNS} runs of ${JUNCTION} (one before Spectral's run, the rest after); Spectral: ` +
      'one run per spec; both inside unshare -rn\n',
  );
  const dir = mkdtempSync(join(tmpdir(), 'junction-bench-'));
  const ruleset = join(dir, '.spectral.yaml');
  writeFileSync(ruleset, 'extends: ["spectral:oas"]\n');
  const tables: string[] = [];
  try {
    console.log(
      `${pad('spec', 30)}${pad('junction wall/cpu', 22)}${pad('peak RSS', 10)}${pad('results', 9)}${pad(
        'spectral wall/cpu',
        24,
      )}${pad('peak RSS', 10)}${pad('results', 9)}ratio wall/cpu`,
    );
    for (const file of LINT_SPECS.filter((name) => !ONLY_SPEC || name.includes(ONLY_SPEC))) {
      const lint = () =>
        timedProcess(
          [process.execPath, JUNCTION, 'spec', 'lint', CORPUS + file, '--ruleset', 'spectral:oas', '--format', 'json'],
          (result) => String(result.rule),
        );
      // Junction's runs on both sides of Spectral's, so that a change of load during the long peer run meets both
      const runs = [lint()];
      let peer: ProcessRun | undefined;
      if (spectral)
        peer = timedProcess(
          [process.execPath, spectral, 'lint', '-r', ruleset, '-f', 'json', CORPUS + file],
          (result) => String(result.code),
        );
      while (runs.length < RUNS) runs.push(lint());
      const mine = { ms: median(runs.map((run) => run.ms)), cpu: median(runs.map((run) => run.cpu)) };
      const rss = Math.max(...runs.map((run) => run.rssMb));
      const ours = runs[0].counts;
      const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, count) => sum + count, 0);
      console.log(
        `${pad(file, 30)}${pad(`${ms(mine.ms)} / ${ms(mine.cpu)}`, 22)}${pad(`${Math.round(rss)} MB`, 10)}${pad(
          total(ours),
          9,
        )}${pad(peer ? `${ms(peer.ms)} / ${ms(peer.cpu)}` : '-', 24)}${pad(
          peer ? `${Math.round(peer.rssMb)} MB` : '-',
          10,
        )}${pad(peer ? total(peer.counts) : '-', 9)}${
          peer ? `${(peer.ms / mine.ms).toFixed(1)}× / ${(peer.cpu / mine.cpu).toFixed(1)}×` : '-'
        }`,
      );
      const rules = [...new Set([...Object.keys(ours), ...Object.keys(peer?.counts ?? {})])].sort();
      tables.push(
        [
          `-- ${file}: per rule, Junction | Spectral`,
          ...rules.map((rule) => {
            const theirs = peer ? (peer.counts[rule] ?? 0) : undefined;
            const same = theirs === undefined || theirs === (ours[rule] ?? 0);
            return `   ${same ? ' ' : '≠'} ${pad(rule, 40)}${pad(ours[rule] ?? 0, 8)}${theirs ?? '-'}`;
          }),
        ].join('\n'),
      );
    }
    console.log('\nGoals: ≥ 10× faster than Spectral on each spec (whole processes), peak memory under 300 MB.\n');
    console.log(tables.join('\n\n'));
    console.log(
      '\nWhere counts differ, test/unit/spec-lint-corpus.test.ts and docs/ARCHITECTURE.md say why (the spec place).',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
{
  const load = () =>
    loadavg()
      .map((value) => value.toFixed(2))
      .join(' ');
  console.log(`load average (1, 5, 15 min): ${load()}\n`);
  if (!args.includes('--lint-only')) await ingestBench();
  lintBench(args.includes('--skip-spectral'));
  console.log(`\nload average (1, 5, 15 min): ${load()}`);
}
