/**
 * bench/cli: the CLI as a user meets it after `npm ci`, whole processes (`node bin/junction.js …`, the compiled CLI),
 * against named peers measured on the same machine in the same run. Each figure is the median of --runs runs (10),
 * after one warm-up, of wall time, CPU time (user + system) and peak RSS, the last two read by /usr/bin/time. The
 * machine is shared: the load average is printed at start and end, and the CPU ratio is the steadier one.
 *
 *   startup  --help, --version and a usage error vs `node -e ''` (goal ≤ 3×); --help under 80 MB
 *   spec     spec inspect vs SwaggerParser.validate() in its own process (bench/peers/swagger-parser-validate.mjs)
 *            on six corpus specs, the two run in turns, verdicts side by side (goal ≥ 3×); Stripe under 300 MB
 *   diff     spec diff of the kubernetes 1.28 → 1.29 pair vs two spec inspects of the same files (oasdiff, the natural
 *            peer, is a Go program that cannot be installed here: no Go toolchain, no release download)
 *   flows    flows import of a generated gateway access log (bench/lib/access-log.ts) vs GoAccess on the same file
 *   tls      an audit of TLS only (security.tls-version and security.certificate) of 6 nginx endpoints vs sslscan of
 *            each endpoint in turn, accepted cipher suites compared
 *
 * Run: npm run build && npx tsx bench/cli.ts [--runs N] [--only startup,spec,diff,flows,tls]   (BENCH_LINES=100000)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { startNginx } from '../test/helpers/nginx.js';
import { OpensslCa } from '../test/helpers/openssl-certs.js';
import { accessLogEstate, writeAccessLog, writeAccessLogSpecs } from './lib/access-log.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const JUNCTION = join(ROOT, 'bin', 'junction.js');
const SWAGGER_PARSER = join(ROOT, 'bench', 'peers', 'swagger-parser-validate.mjs');
const SPECS = fileURLToPath(new URL('../../shared/corpus/openapi/specs/', import.meta.url));
const PAIRS = fileURLToPath(new URL('../../shared/corpus/openapi/pairs/', import.meta.url));
const INSPECTED = [
  'stripe-2023-09.v3.0.yaml',
  'kubernetes-1.36.v2.0.json',
  'jira-cloud-platform.v3.0.json',
  'openai.v3.1.yaml',
  'github-api-2022-07.v3.0.json',
  'okta-management.v3.0.yaml',
];
const LINES = Number(process.env.BENCH_LINES ?? 100_000);

const argument = (name: string) => {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
};
const RUNS = Number(argument('--runs') ?? 10);
const ONLY = argument('--only')?.split(',');

interface Run {
  wallMs: number;
  cpuMs: number;
  rssMb: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The medians of a command's runs, and its last run's output (for its verdict). */
interface Measured {
  wallMs: number;
  cpuMs: number;
  rssMb: number;
  last: Run;
}

const TIME_MARK = '@@bench-cli ';

/** One whole process under /usr/bin/time: wall time from here, CPU and peak RSS from the kernel's accounting. */
function runOnce(command: string, args: string[], cwd = ROOT): Run {
  const started = performance.now();
  const child = spawnSync('/usr/bin/time', ['-f', `${TIME_MARK}%U %S %M`, command, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const wallMs = performance.now() - started;
  const at = child.stderr.lastIndexOf(TIME_MARK);
  if (at === -1) throw new Error(`${command} ${args.join(' ')} was not measured: ${child.stderr}`);
  const [user, system, rssKb] = child.stderr
    .slice(at + TIME_MARK.length)
    .trim()
    .split(' ')
    .map(Number);
  const stderr = child.stderr.slice(0, at).replace(/^Command exited with non-zero status \d+\n/m, '');
  return {
    wallMs,
    cpuMs: (user + system) * 1000,
    rssMb: rssKb / 1024,
    code: child.status,
    stdout: child.stdout,
    stderr,
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** `runs` measured runs after one warm-up (disk cache, compile cache); `before` runs unmeasured before each. */
function measure(command: string, args: string[], options: { runs?: number; cwd?: string; before?: () => void } = {}) {
  const runs: Run[] = [];
  options.before?.();
  runOnce(command, args, options.cwd);
  for (let i = 0; i < (options.runs ?? RUNS); i++) {
    options.before?.();
    runs.push(runOnce(command, args, options.cwd));
  }
  return {
    wallMs: median(runs.map((run) => run.wallMs)),
    cpuMs: median(runs.map((run) => run.cpuMs)),
    rssMb: median(runs.map((run) => run.rssMb)),
    last: runs.at(-1)!,
  } satisfies Measured;
}

/**
 * Two commands measured in turns (one warm-up each, then a, b, a, b, …), so that both meet the same load on a shared
 * machine: what the spec comparison uses, where the other agents' work would otherwise fall on one side.
 */
function measureInTurns(a: [string, string[]], b: [string, string[]], runs = RUNS): [Measured, Measured] {
  const both = [a, b].map(([command, args]) => {
    runOnce(command, args);
    return { command, args, runs: [] as Run[] };
  });
  for (let i = 0; i < runs; i++) for (const side of both) side.runs.push(runOnce(side.command, side.args));
  const [ours, peer] = both.map(({ runs: measured }) => ({
    wallMs: median(measured.map((run) => run.wallMs)),
    cpuMs: median(measured.map((run) => run.cpuMs)),
    rssMb: median(measured.map((run) => run.rssMb)),
    last: measured.at(-1)!,
  }));
  return [ours, peer];
}

const junction = (args: string[], options?: Parameters<typeof measure>[2]) =>
  measure(process.execPath, [JUNCTION, ...args], options);

const ms = (value: number) => `${Math.round(value).toLocaleString('en')} ms`;
const mb = (value: number) => `${Math.round(value)} MB`;
const ratio = (peer: number, ours: number) => `${(peer / ours).toFixed(2)}×`;
const cells = (widths: number[], values: (string | number)[]) =>
  values.map((value, index) => String(value).padEnd(widths[index] ?? 0)).join('');
const figures = (measured: Measured) => `${ms(measured.wallMs)} / ${ms(measured.cpuMs)}`;
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

function startup(): void {
  console.log(`\n== 1. Start-up vs node -e '' (median of ${RUNS}; goal ≤ 3× by wall time; --help under 80 MB)\n`);
  const node = measure(process.execPath, ['-e', '']);
  const widths = [34, 22, 14, 12, 10];
  console.log(cells(widths, ['command', 'wall / cpu', 'ratio wall', 'ratio cpu', 'peak RSS']));
  console.log(cells(widths, ["node -e ''", figures(node), '1.00×', '1.00×', mb(node.rssMb)]));
  for (const [label, args, code] of [
    ['junction --help', ['--help'], 0],
    ['junction --version', ['--version'], 0],
    ['junction no-such-command (usage)', ['no-such-command'], 2],
  ] as const) {
    const ours = junction([...args]);
    if (ours.last.code !== code) throw new Error(`${label} exited ${ours.last.code}, not ${code}`);
    const goal = ours.wallMs <= 3 * node.wallMs ? 'met' : 'NOT met';
    const memory = label === 'junction --help' ? ` (goal < 80 MB: ${ours.rssMb < 80 ? 'met' : 'NOT met'})` : '';
    console.log(
      cells(widths, [
        label,
        figures(ours),
        `${ratio(ours.wallMs, node.wallMs)} ${goal}`,
        ratio(ours.cpuMs, node.cpuMs),
        mb(ours.rssMb) + memory,
      ]),
    );
  }
}

/** Junction's verdict of a spec from `spec inspect --json`, and the peer's from its JSON line. */
const junctionVerdict = (run: Run) => ((JSON.parse(run.stdout) as { valid: boolean }).valid ? 'valid' : 'invalid');
const peerVerdict = (run: Run) => JSON.parse(run.stdout) as { valid: boolean; error?: string };

function specInspect(): void {
  console.log(
    `\n== 2. spec inspect --json vs SwaggerParser.validate() in its own node process (resolve.external = false), ` +
      `median of ${RUNS} each, the two run in turns; goal ≥ 3×\n`,
  );
  const widths = [32, 22, 22, 12, 11, 10, 10, 10];
  console.log(
    cells(widths, [
      'spec',
      'junction wall/cpu',
      'swagger-p. wall/cpu',
      'ratio wall',
      'ratio cpu',
      'RSS j/s',
      'junction',
      'peer',
    ]),
  );
  const total = { ours: 0, peer: 0, oursCpu: 0, peerCpu: 0 };
  for (const file of INSPECTED) {
    const [ours, peer] = measureInTurns(
      [process.execPath, [JUNCTION, 'spec', 'inspect', '--json', SPECS + file]],
      [process.execPath, [SWAGGER_PARSER, SPECS + file]],
    );
    total.ours += ours.wallMs;
    total.peer += peer.wallMs;
    total.oursCpu += ours.cpuMs;
    total.peerCpu += peer.cpuMs;
    const theirs = peerVerdict(peer.last);
    const verdict = junctionVerdict(ours.last);
    // swagger-parser stops at its first error (a $ref it cannot follow ends it before the schema validation) while
    // Junction reads on and reports every problem: the peer's reason is printed beside each invalid verdict
    const same = (theirs.valid ? 'valid' : 'invalid') === verdict;
    const note = theirs.valid
      ? same
        ? ''
        : '  differ'
      : `  ${same ? '' : 'differ: '}swagger-parser stopped at: ${theirs.error}`;
    const memory = file.startsWith('stripe') ? ` (goal < 300 MB: ${ours.rssMb < 300 ? 'met' : 'NOT met'})` : '';
    console.log(
      cells(widths, [
        file,
        figures(ours),
        figures(peer),
        ratio(peer.wallMs, ours.wallMs),
        ratio(peer.cpuMs, ours.cpuMs),
        `${Math.round(ours.rssMb)}/${Math.round(peer.rssMb)}`,
        verdict,
        theirs.valid ? 'valid' : 'invalid',
      ]) +
        note +
        memory,
    );
  }
  console.log(
    `\nSix specs, sum of medians: Junction ${ms(total.ours)} wall / ${ms(total.oursCpu)} CPU, swagger-parser ` +
      `${ms(total.peer)} / ${ms(total.peerCpu)}: ${ratio(total.peer, total.ours)} by wall time, ` +
      `${ratio(total.peerCpu, total.oursCpu)} by CPU time (goal ≥ 3×: ${total.peer >= 3 * total.ours ? 'met' : 'NOT met'})`,
  );
}

function specDiff(): void {
  console.log(
    `\n== 3. spec diff of kubernetes 1.28 → 1.29 vs two spec inspects (median of ${RUNS}); oasdiff is not ` +
      `installable here (a Go program: no toolchain, no release download), so no outside peer\n`,
  );
  const [old, revised] = [PAIRS + 'kubernetes-1.28-to-1.29/old.json', PAIRS + 'kubernetes-1.28-to-1.29/new.json'];
  const diff = junction(['spec', 'diff', '--json', old, revised]);
  const inspectOld = junction(['spec', 'inspect', '--json', old]);
  const inspectNew = junction(['spec', 'inspect', '--json', revised]);
  const changes = (JSON.parse(diff.last.stdout) as { changes: { breaking: boolean }[] }).changes;
  const two = { wallMs: inspectOld.wallMs + inspectNew.wallMs, cpuMs: inspectOld.cpuMs + inspectNew.cpuMs };
  console.log(
    `spec diff: ${figures(diff)} wall / CPU, ${mb(diff.rssMb)}; ${changes.length} changes, ` +
      `${changes.filter((change) => change.breaking).length} breaking`,
  );
  console.log(
    `two spec inspects (old ${figures(inspectOld)}, new ${figures(inspectNew)}): ${ms(two.wallMs)} / ${ms(two.cpuMs)}`,
  );
  console.log(
    `spec diff takes ${(diff.wallMs / two.wallMs).toFixed(2)}× the wall time of two inspects ` +
      `(${(diff.cpuMs / two.cpuMs).toFixed(2)}× the CPU time): it reads both without the schema validation and compares`,
  );
}

async function flowsImport(): Promise<void> {
  const runs = Math.min(RUNS, 5);
  console.log(
    `\n== 4. flows import of a ${LINES.toLocaleString('en')}-line gateway log vs GoAccess on the same file ` +
      `(median of ${runs}: GoAccess takes seconds a run)\n`,
  );
  const workspace = mkdtempSync(join(tmpdir(), 'junction-bench-cli-flows-'));
  try {
    await writeAccessLog(join(workspace, 'access.log'), LINES);
    writeAccessLogSpecs(workspace);
    writeFileSync(join(workspace, 'junction.yaml'), JSON.stringify(accessLogEstate('access.log'), null, 1));
    // each run imports into an empty store: a second import of the same file reads nothing new
    const ours = junction(['flows', 'import', '--json', workspace], {
      runs,
      before: () => rmSync(join(workspace, '.junction'), { recursive: true, force: true }),
    });
    if (ours.last.code !== 0) throw new Error(`flows import exited ${ours.last.code}: ${ours.last.stderr}`);
    const peer = measure(
      'goaccess',
      [join(workspace, 'access.log'), '--log-format=COMBINED', '-o', join(workspace, 'report.json')],
      { runs },
    );
    if (peer.last.code !== 0) throw new Error(`goaccess exited ${peer.last.code}: ${peer.last.stderr}`);
    const rate = (wall: number) => `${Math.round(LINES / (wall / 1000)).toLocaleString('en')} lines/s`;
    console.log(`junction flows import: ${figures(ours)}, ${rate(ours.wallMs)}, ${mb(ours.rssMb)}`);
    console.log(`goaccess -o report.json: ${figures(peer)}, ${rate(peer.wallMs)}, ${mb(peer.rssMb)}`);
    console.log(
      `GoAccess ÷ Junction: ${ratio(peer.wallMs, ours.wallMs)} by wall time, ${ratio(peer.cpuMs, ours.cpuMs)} by CPU ` +
        `time, above 1 when Junction is faster (whole processes, start-up and store included; up to ${Math.min(3, availableParallelism() - 1)} worker threads)`,
    );
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

const SSLSCAN_FLAGS = ['--no-colour', '--xml=-', '--no-groups', '--no-heartbleed', '--no-renegotiation'];
const SSLSCAN_VERSIONS: Record<string, string> = {
  'TLSv1.0': 'TLS 1.0',
  'TLSv1.1': 'TLS 1.1',
  'TLSv1.2': 'TLS 1.2',
  'TLSv1.3': 'TLS 1.3',
};

/** Accepted "version code" pairs from sslscan's XML. */
function sslscanSuites(xmlText: string): Set<string> {
  const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(
    xmlText.slice(xmlText.indexOf('<?xml')),
  );
  const ciphers = [xml.document?.ssltest?.cipher ?? []].flat() as { sslversion: string; id: string }[];
  return new Set(
    ciphers
      .filter((cipher) => SSLSCAN_VERSIONS[cipher.sslversion])
      .map((cipher) => `${SSLSCAN_VERSIONS[cipher.sslversion]} ${cipher.id.toLowerCase()}`),
  );
}

/** Accepted "version code" pairs per system from the JSON report's security.tls-version evidence. */
function junctionSuites(reportText: string): Map<string, Set<string>> {
  type Table = { kind: string; title?: string; rows?: { version: string; code: string }[] };
  const report = JSON.parse(reportText) as { findings: { checkId: string; systemId: string; evidence: Table[] }[] };
  const suites = new Map<string, Set<string>>();
  for (const finding of report.findings.filter((entry) => entry.checkId === 'security.tls-version')) {
    const table = finding.evidence.find((entry) => entry.kind === 'table' && entry.title === 'Accepted cipher suites');
    suites.set(finding.systemId, new Set((table?.rows ?? []).map((row) => `${row.version} ${row.code.toLowerCase()}`)));
  }
  return suites;
}

async function tlsAudit(): Promise<void> {
  console.log(
    `\n== 5. TLS-only audit (--checks security.tls-version,security.certificate) of 6 nginx endpoints vs sslscan ` +
      `of each in turn (median of ${RUNS})\n`,
  );
  const ca = OpensslCa.create();
  const rsa = ca.issue({ name: 'rsa', key: 2048 });
  const ec = ca.issue({ name: 'ec' });
  const mixes = [
    'TLSv1.2 TLSv1.3',
    'TLSv1.3',
    'TLSv1.1 TLSv1.2',
    'TLSv1 TLSv1.1 TLSv1.2 TLSv1.3',
    'TLSv1.2',
    'TLSv1.2',
  ];
  const nginx = await startNginx(mixes.length, (ports) =>
    ports
      .map(
        (port, index) =>
          `  server { listen 127.0.0.1:${port} ssl; ssl_certificate ${(index % 2 ? rsa : ec).certPath}; ` +
          `ssl_certificate_key ${(index % 2 ? rsa : ec).keyPath}; ssl_protocols ${mixes[index]}; ` +
          `ssl_ciphers DEFAULT@SECLEVEL=0; return 200; }`,
      )
      .join('\n'),
  );
  const workspace = mkdtempSync(join(tmpdir(), 'junction-bench-cli-tls-'));
  try {
    mkdirSync(join(workspace, 'certs'));
    writeFileSync(join(workspace, 'certs', 'ca.pem'), ca.cert);
    const systems = nginx.ports.map((port, index) => ({
      id: `tls-${index + 1}`,
      name: `nginx ${mixes[index]}`,
      baseUrl: `https://127.0.0.1:${port}`,
      tls: { ca: 'certs/ca.pem' },
    }));
    writeFileSync(
      join(workspace, 'junction.yaml'),
      JSON.stringify({ version: 1, name: 'tls bench', systems }, null, 1),
    );
    const ours = junction([
      'audit',
      workspace,
      '--checks',
      'security.tls-version,security.certificate',
      '--json',
      '--fail-on',
      'never',
    ]);
    if (ours.last.code !== 0) throw new Error(`audit exited ${ours.last.code}: ${ours.last.stderr}`);
    const peers = nginx.ports.map((port) => measure('sslscan', [...SSLSCAN_FLAGS, `127.0.0.1:${port}`]));
    const peer = {
      wallMs: peers.reduce((sum, one) => sum + one.wallMs, 0),
      cpuMs: peers.reduce((sum, one) => sum + one.cpuMs, 0),
    };
    const ourSuites = junctionSuites(ours.last.stdout);
    let agree = 0;
    let pairs = 0;
    systems.forEach((system, index) => {
      const theirs = sslscanSuites(peers[index].last.stdout);
      const mine = ourSuites.get(system.id) ?? new Set<string>();
      const all = new Set([...theirs, ...mine]);
      const same = [...all].filter((pair) => theirs.has(pair) && mine.has(pair)).length;
      agree += same;
      pairs += all.size;
      const only = [...all].filter((pair) => !(theirs.has(pair) && mine.has(pair)));
      console.log(
        `${system.name.padEnd(36)} suites junction ${String(mine.size).padEnd(4)} sslscan ${String(theirs.size).padEnd(4)}` +
          `${only.length === 0 ? 'same' : `differ: ${only.map((pair) => `${pair} (${theirs.has(pair) ? 'sslscan' : 'junction'} only)`).join(', ')}`}`,
      );
    });
    console.log(
      `\njunction audit, 6 endpoints in one process: ${figures(ours)} wall / CPU, ${mb(ours.rssMb)}; ` +
        `sslscan, 6 processes one after another: ${ms(peer.wallMs)} / ${ms(peer.cpuMs)}`,
    );
    console.log(
      `sslscan ÷ Junction: ${ratio(peer.wallMs, ours.wallMs)} by wall time, ${ratio(peer.cpuMs, ours.cpuMs)} by CPU ` +
        `time, above 1 when Junction is faster; ` +
        `accepted suites agree on ${agree} of ${pairs} (version, suite) pairs`,
    );
  } finally {
    await nginx.stop();
    ca.remove();
    rmSync(workspace, { recursive: true, force: true });
  }
}

const version = runOnce(process.execPath, [JUNCTION, '--version']);
if (version.stderr !== '')
  throw new Error(`bin/junction.js does not run the compiled CLI (${version.stderr.trim()}): npm run build first`);
console.log(
  `bench/cli: Junction ${version.stdout.trim()}, node ${process.version}, ${availableParallelism()} CPUs; ` +
    `load average at start ${load()}`,
);
const sections: [string, () => void | Promise<void>][] = [
  ['startup', startup],
  ['spec', specInspect],
  ['diff', specDiff],
  ['flows', flowsImport],
  ['tls', tlsAudit],
];
for (const [name, section] of sections) if (!ONLY || ONLY.includes(name)) await section();
console.log(`\nload average at end ${load()}`);
