/**
 * Junction's TLS prober against testssl.sh and sslscan on the same local endpoints (127.0.0.1 only):
 *   1. `testssl --protocols --fast` vs Junction's protocol matrix: verdicts per endpoint, agreement, wall times, ratio;
 *   2. `sslscan` vs Junction's full TLS audit (protocols, suites per version, certificate): suite agreement, times, ratio;
 *   3. 50 nginx endpoints audited in one run (goal: under 5 s).
 * Run: npx tsx bench/tls.ts   (minutes: testssl takes 10–40 s per endpoint); `--fleet` runs part 3 only.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { XMLParser } from 'fast-xml-parser';
import { mapWithConcurrency } from '../src/util/concurrency.js';
import { TLS_VERSIONS, type TlsArtifact, type TlsVersion } from '../src/model/artifacts/tls.js';
import type { SuiteMode } from '../src/probe/tls/enumerate.js';
import { scanTls } from '../src/probe/tls/scan.js';
import { SUITES } from '../src/probe/tls/suites.js';
import { percentile } from '../checks/lib/stats.js';
import { startNginx } from '../test/helpers/nginx.js';
import { OpensslCa } from '../test/helpers/openssl-certs.js';
import { startOpensslServer } from '../test/helpers/openssl-server.js';

const RUNS = 5;
const FLEET = 50;
const median = (values: number[]) => percentile(values, 50)!;
const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;

interface Endpoint {
  name: string;
  port: number;
}

function run(command: string, args: string[]): Promise<{ code: number | null; ms: number; stdout: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, ms: performance.now() - started, stdout }));
  });
}

/** Node TLS servers in a worker thread: their handshakes do not share the scanner's event loop. */
async function startNodeServers(
  configs: { name: string; options: Record<string, string> }[],
  cert: string,
  key: string,
): Promise<{ endpoints: Endpoint[]; stop(): Promise<void> }> {
  const worker = new Worker(
    `const tls = require('node:tls'); const { parentPort, workerData } = require('node:worker_threads');
     Promise.all(workerData.configs.map((config) => new Promise((resolve) => {
       const server = tls.createServer({ cert: workerData.cert, key: workerData.key, ...config.options }, (socket) => socket.end());
       server.on('tlsClientError', () => {});
       server.listen(0, '127.0.0.1', () => resolve({ name: config.name, port: server.address().port }));
     }))).then((endpoints) => parentPort.postMessage(endpoints));`,
    { eval: true, workerData: { configs, cert, key } },
  );
  const endpoints = await new Promise<Endpoint[]>((resolve) => worker.once('message', resolve));
  return { endpoints, stop: async () => void (await worker.terminate()) };
}

// ---- testssl --protocols --fast vs the protocol matrix --------------------------------------------------------

const TESTSSL_IDS: Record<TlsVersion, string> = {
  TLSv1: 'TLS1',
  'TLSv1.1': 'TLS1_1',
  'TLSv1.2': 'TLS1_2',
  'TLSv1.3': 'TLS1_3',
};

async function testsslProtocols(
  endpoint: Endpoint,
  dir: string,
): Promise<{ offered: Record<TlsVersion, boolean | undefined>; ms: number; exit: number | null }> {
  const file = join(dir, `testssl-${endpoint.port}.json`);
  // testssl exits 1 when a result is ambiguous: that is a verdict, not a failure of the run.
  const result = await run('testssl', [
    '--protocols',
    '--fast',
    '--quiet',
    '--color',
    '0',
    '--warnings',
    'off',
    '--jsonfile',
    file,
    `127.0.0.1:${endpoint.port}`,
  ]);
  const findings = JSON.parse(readFileSync(file, 'utf8')) as { id: string; finding: string }[];
  const offered = Object.fromEntries(
    TLS_VERSIONS.map((version) => {
      const finding = findings.find((item) => item.id === TESTSSL_IDS[version])?.finding;
      return [version, finding === undefined ? undefined : !/not offered/i.test(finding) && /offered/i.test(finding)];
    }),
  ) as Record<TlsVersion, boolean | undefined>;
  return { offered, ms: result.ms, exit: result.code };
}

async function junctionMatrix(endpoint: Endpoint): Promise<{ accepted: Record<TlsVersion, boolean>; ms: number }> {
  const times: number[] = [];
  let artifact: TlsArtifact | undefined;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    artifact = await scanTls({ host: '127.0.0.1', port: endpoint.port, timeoutMs: 5000, suites: false });
    times.push(performance.now() - started);
  }
  const accepted = Object.fromEntries(artifact!.protocols.map((p) => [p.version, p.accepted])) as Record<
    TlsVersion,
    boolean
  >;
  return { accepted, ms: median(times) };
}

// ---- sslscan vs the full audit ------------------------------------------------------------------------------

const SSLSCAN_VERSIONS: Record<string, TlsVersion> = {
  'TLSv1.0': 'TLSv1',
  'TLSv1.1': 'TLSv1.1',
  'TLSv1.2': 'TLSv1.2',
  'TLSv1.3': 'TLSv1.3',
};
const SSLSCAN_FLAGS = [
  '--no-colour',
  '--xml=-',
  '--no-groups',
  '--no-heartbleed',
  '--no-renegotiation',
  '--no-compression',
  '--no-fallback',
];

async function sslscan(endpoint: Endpoint): Promise<{ suites: Set<string>; ms: number }> {
  const times: number[] = [];
  let stdout = '';
  for (let i = 0; i < 3; i++) {
    const result = await run('sslscan', [...SSLSCAN_FLAGS, `127.0.0.1:${endpoint.port}`]);
    times.push(result.ms);
    stdout = result.stdout;
  }
  const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(
    stdout.slice(stdout.indexOf('<?xml')),
  );
  const ciphers = [xml.document?.ssltest?.cipher ?? []].flat() as { sslversion: string; id: string }[];
  const suites = new Set(
    ciphers
      .filter((c) => SSLSCAN_VERSIONS[c.sslversion])
      .map((c) => `${SSLSCAN_VERSIONS[c.sslversion]} ${c.id.toUpperCase()}`),
  );
  return { suites, ms: median(times) };
}

async function junctionAudit(
  endpoint: Endpoint,
  suiteMode: SuiteMode = 'elimination',
): Promise<{ suites: Set<string>; ms: number; handshakes: number }> {
  const times: number[] = [];
  let artifact: TlsArtifact | undefined;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    artifact = await scanTls({ host: '127.0.0.1', port: endpoint.port, timeoutMs: 5000, suiteMode });
    times.push(performance.now() - started);
  }
  const suites = new Set(
    artifact!.suites.flatMap((entry) => entry.accepted.map((suite) => `${entry.version} ${suite.code.toUpperCase()}`)),
  );
  return { suites, ms: median(times), handshakes: artifact!.handshakes };
}

/** Both tools are built on OpenSSL; only suites Node's OpenSSL can offer are compared (Node has no RC4, 3DES or export suites). */
const JUNCTION_CODES = new Set(SUITES.map((suite) => suite.code.toUpperCase()));
const comparable = (entry: string) => JUNCTION_CODES.has(entry.split(' ')[1]);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'junction-bench-tls-'));
  const ca = OpensslCa.create();
  const rsa = ca.issue({ name: 'rsa', key: 2048 });
  const ec = ca.issue({ name: 'ec' });

  const node = await startNodeServers(
    [
      { name: 'node TLS 1.3 only', options: { minVersion: 'TLSv1.3' } },
      { name: 'node TLS 1.2 only', options: { maxVersion: 'TLSv1.2' } },
      {
        name: 'node TLS 1.0-1.2 SECLEVEL=0',
        options: { minVersion: 'TLSv1', maxVersion: 'TLSv1.2', ciphers: 'DEFAULT@SECLEVEL=0' },
      },
      {
        name: 'node TLS 1.2-1.3 AEAD only',
        options: { ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-CHACHA20-POLY1305' },
      },
    ],
    rsa.cert,
    rsa.key,
  );
  const sServer = await startOpensslServer(rsa.certPath, rsa.keyPath, ['-tls1', '-cipher', 'DEFAULT@SECLEVEL=0']);
  const block = (port: number, protocols: string, leaf = rsa) =>
    `  server { listen 127.0.0.1:${port} ssl; ssl_certificate ${leaf.certPath}; ssl_certificate_key ${leaf.keyPath}; ` +
    `ssl_protocols ${protocols}; ssl_ciphers DEFAULT@SECLEVEL=0; return 200; }`;
  const nginx = await startNginx(
    2,
    ([legacy, modern]) => `${block(legacy, 'TLSv1.1 TLSv1.2')}\n${block(modern, 'TLSv1.3', ec)}`,
  );
  const endpoints: Endpoint[] = [
    ...node.endpoints,
    { name: 'openssl s_server -tls1', port: sServer.port },
    { name: 'nginx TLSv1.1 TLSv1.2', port: nginx.ports[0] },
    { name: 'nginx TLSv1.3', port: nginx.ports[1] },
  ];

  const fleetOnly = process.argv.includes('--fleet');
  console.log(
    `load average at start: ${loadavg()
      .map((value) => value.toFixed(1))
      .join(' ')} (2 cores; other work on the machine slows every figure)`,
  );
  try {
    if (!fleetOnly) await compareWithPeers(endpoints, dir);
    console.log(`\n3. ${FLEET} nginx endpoints, full audit in one run (goal < 5 s)\n`);
    const mixes = ['TLSv1.2 TLSv1.3', 'TLSv1.3', 'TLSv1.1 TLSv1.2', 'TLSv1 TLSv1.1 TLSv1.2 TLSv1.3', 'TLSv1.2'];
    const fleet = await startNginx(FLEET, (ports) =>
      ports.map((port, index) => block(port, mixes[index % mixes.length], index % 2 ? rsa : ec)).join('\n'),
    );
    try {
      const times: number[] = [];
      const cpu: number[] = [];
      let handshakes = 0;
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        const cpuBefore = process.cpuUsage();
        const artifacts = await mapWithConcurrency(fleet.ports, 16, (port) =>
          scanTls({ host: '127.0.0.1', port, ca: ca.cert, timeoutMs: 5000 }),
        );
        times.push(performance.now() - started);
        const used = process.cpuUsage(cpuBefore);
        cpu.push((used.user + used.system) / 1000);
        handshakes = artifacts.reduce((sum, artifact) => sum + artifact.handshakes, 0);
      }
      console.log(
        `${FLEET} endpoints, ${handshakes} handshakes: median ${ms(median(times))} over 3 runs (${times
          .map(ms)
          .join(', ')}); goal < 5000 ms: ${median(times) < 5000 ? 'met' : 'NOT met'}`,
      );
      console.log(`Junction's own CPU time per run (load-independent): median ${ms(median(cpu))}`);
      console.log(
        `load average at end: ${loadavg()
          .map((value) => value.toFixed(1))
          .join(' ')}`,
      );
    } finally {
      await fleet.stop();
    }
  } finally {
    await Promise.all([node.stop(), sServer.stop(), nginx.stop()]);
    ca.remove();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function compareWithPeers(endpoints: Endpoint[], dir: string): Promise<void> {
  console.log(
    `\n1. testssl --protocols --fast vs Junction protocol matrix (${endpoints.length} endpoints; Junction: median of ${RUNS} runs)\n`,
  );
  let agreeing = 0;
  let testsslTotal = 0;
  let junctionTotal = 0;
  const flags = (offered: Record<TlsVersion, boolean | undefined>) =>
    TLS_VERSIONS.map((v) => (offered[v] === undefined ? '?' : offered[v] ? '+' : '-')).join('');
  console.log(
    `${'endpoint'.padEnd(30)} ${'testssl'.padEnd(8)} ${'junction'.padEnd(9)} ${'agree'.padEnd(6)} ${'testssl'.padStart(9)} ` +
      `${'junction'.padStart(9)}  (+ accepted, - refused: TLS 1.0 1.1 1.2 1.3)`,
  );
  for (const endpoint of endpoints) {
    const theirs = await testsslProtocols(endpoint, dir);
    const ours = await junctionMatrix(endpoint);
    const agree = TLS_VERSIONS.every((version) => theirs.offered[version] === ours.accepted[version]);
    agreeing += agree ? 1 : 0;
    testsslTotal += theirs.ms;
    junctionTotal += ours.ms;
    console.log(
      `${endpoint.name.padEnd(30)} ${flags(theirs.offered).padEnd(8)} ${flags(ours.accepted).padEnd(9)} ` +
        `${(agree ? 'yes' : 'NO').padEnd(6)} ${ms(theirs.ms).padStart(9)} ${ms(ours.ms).padStart(9)}${
          theirs.exit === 0 ? '' : `  (testssl exit ${theirs.exit})`
        }`,
    );
  }
  console.log(
    `\nagreement ${((100 * agreeing) / endpoints.length).toFixed(0)}% (${agreeing}/${endpoints.length}); ` +
      `wall time testssl ${ms(testsslTotal)}, Junction ${ms(junctionTotal)}: Junction ${(testsslTotal / junctionTotal).toFixed(0)}x ` +
      `faster (goal 100x)`,
  );

  console.log(
    `\n2. sslscan (${SSLSCAN_FLAGS.slice(2).join(' ')}) vs Junction full TLS audit (protocols, suites per version, chain; medians of 3)\n`,
  );
  let both = 0;
  let union = 0;
  let sslscanTotal = 0;
  let auditTotal = 0;
  let perSuiteTotal = 0;
  let perSuiteAgreeing = 0;
  console.log(
    `${'endpoint'.padEnd(30)} ${'suites s/j'.padEnd(11)} ${'agree'.padEnd(7)} ${'sslscan'.padStart(9)} ${'junction'.padStart(9)} handshakes`,
  );
  for (const endpoint of endpoints) {
    const theirs = await sslscan(endpoint);
    const ours = await junctionAudit(endpoint);
    const exhaustive = await junctionAudit(endpoint, 'per-suite');
    perSuiteTotal += exhaustive.ms;
    perSuiteAgreeing += [...exhaustive.suites].sort().join() === [...ours.suites].sort().join() ? 1 : 0;
    const theirsComparable = [...theirs.suites].filter(comparable);
    const all = new Set([...theirsComparable, ...ours.suites]);
    const common = [...all].filter((entry) => theirs.suites.has(entry) && ours.suites.has(entry)).length;
    both += common;
    union += all.size;
    sslscanTotal += theirs.ms;
    auditTotal += ours.ms;
    const differences = [...all].filter((entry) => !(theirs.suites.has(entry) && ours.suites.has(entry)));
    console.log(
      `${endpoint.name.padEnd(30)} ${`${theirsComparable.length}/${ours.suites.size}`.padEnd(11)} ` +
        `${`${((100 * common) / Math.max(1, all.size)).toFixed(0)}%`.padEnd(7)} ` +
        `${ms(theirs.ms).padStart(9)} ${ms(ours.ms).padStart(9)} ${ours.handshakes}` +
        (differences.length > 0
          ? `  differ: ${differences.map((entry) => `${entry} (${theirs.suites.has(entry) ? 'sslscan' : 'junction'} only)`).join(', ')}`
          : ''),
    );
  }
  console.log(
    `\nsuite agreement ${((100 * both) / Math.max(1, union)).toFixed(1)}% (${both}/${union} version+suite ` +
      `pairs); wall time sslscan ${ms(sslscanTotal)}, Junction ${ms(auditTotal)}: ratio ${(sslscanTotal / auditTotal).toFixed(1)}x ` +
      `(goal >= 1x)`,
  );
  console.log(
    `one handshake per suite (suiteMode 'per-suite'): same suites as elimination on ${perSuiteAgreeing}/${endpoints.length} ` +
      `endpoints, wall time ${ms(perSuiteTotal)} (sslscan ratio ${(sslscanTotal / perSuiteTotal).toFixed(1)}x)`,
  );
}

await main();
