import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ConfigError } from '../../src/estate/errors.js';
import { parseEstate } from '../../src/estate/workspace.js';
import { recordExchange } from '../../src/gather/record.js';
import type { Estate } from '../../src/model/estate.js';
import { pathProblem } from '../../src/model/request-path.js';
import { Probe, policyFor } from '../../src/probe/probe.js';
import { runCli } from '../helpers/cli.js';
import { tempWorkspace } from '../helpers/estate.js';
import { startHttpServer, startHttpsServer, testCertificates, type TestServer } from '../helpers/servers.js';

const CONFIGURATIONS = 300;
const TOKEN = 'fuzz-token-7c1d9e';
const PASSWORD = 'fuzzpass9';

/** mulberry32: a small seeded generator, so a failing configuration can be reproduced from its index. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Arrival {
  at: number;
  path: string;
  authorization?: string;
}

let system: TestServer;
let secureSystem: TestServer;
let other: TestServer;
let ca: string;
const atSystem: Arrival[] = [];
const atOther: Arrival[] = [];

beforeAll(async () => {
  const record =
    (into: Arrival[]) => (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
      into.push({ at: performance.now(), path: req.url ?? '', authorization: req.headers.authorization });
      res.end('ok');
    };
  system = await startHttpServer(record(atSystem));
  secureSystem = await startHttpsServer(record(atSystem));
  ca = (await testCertificates()).caCert;
  other = await startHttpServer(record(atOther));
});
afterAll(() => Promise.all([system.close(), secureSystem.close(), other.close()]));

/** One generated junction.yaml, mixing safe and hostile values for every field that bounds or aims a probe. */
function generate(next: () => number): string {
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)];
  const host = `127.0.0.1:${other.port}`;
  // each field is hostile about one time in ten, so that configurations that load are common too
  const mixed = <T>(safe: readonly T[], hostile: readonly T[]): T => (next() < 0.1 ? pick(hostile) : pick(safe));
  const safePaths = [undefined, '/', '/health', '/ok?probe=1', '/%E2%82%AC', '/a%2Fb'] as const;
  const hostilePaths = [
    `//${host}/x`,
    `\\\\${host}\\x`,
    `/\\${host}/x`,
    `http://${host}/x`,
    `/%2F%2F${host}/x`,
    `/%252F%252F${host}/x`,
    `%2F%2F${host}`,
    '/..%2F..%2Fadmin',
    '/../admin',
    '/%',
    '/a b',
    '/a\u0000b',
    'health',
  ] as const;
  const path = () => mixed<string | undefined>(safePaths, hostilePaths);
  const hostileDurations = ['0s', '1ms', '50ms', '4s', '11m', '25h', '30d', '401d', 0, -1, 'soon', '1e3s'];
  const timeoutDuration = () => mixed<string | number>(['1s', '5s', '10m', 5000], hostileDurations);
  const intervalDuration = () => mixed<string | number>(['5s', '30s', '24h', 5000], hostileDurations);
  const scheme = mixed(['http', 'http', 'https'], ['ftp', 'file']);
  const userinfo = mixed([''], ['alice@', `alice:${PASSWORD}@`, `%61lice:${PASSWORD}%40x@`]);
  const basePath = mixed(['', '/api', '/api/v2/', '/a%20b'], ['/api?x=1', '/api#f']);
  const port = scheme === 'https' ? secureSystem.port : system.port;
  const baseUrl = `${scheme}://${userinfo}127.0.0.1:${port}${basePath}`;
  const lines = [
    'version: 1',
    'name: Fuzz',
    'systems:',
    '  - id: sys',
    '    name: System',
    `    baseUrl: ${JSON.stringify(baseUrl)}`,
  ];
  const health = path();
  if (health !== undefined) lines.push(`    healthPath: ${JSON.stringify(health)}`);
  const timeout = next() < 0.5 ? undefined : timeoutDuration();
  const maxRps = mixed([undefined, 4, 10, 25, 100, 1000], [0, -5, 5000, 1e9, '"fast"']);
  if (maxRps !== undefined || timeout !== undefined) {
    const limits = [
      maxRps === undefined ? '' : `maxRps: ${maxRps}`,
      timeout === undefined ? '' : `timeouts: { firstByte: ${JSON.stringify(timeout)} }`,
    ].filter(Boolean);
    lines.push(`    limits: { ${limits.join(', ')} }`);
  }
  const allow: string[] = [];
  if (next() < 0.4) allow.push(`plaintextCredentials: ${pick(['true', 'false'])}`);
  if (next() < 0.3) {
    const loadPath = path();
    allow.push(
      `load: { maxRps: ${mixed([1, 100], [20000])}, maxRequests: ${mixed([10], [2_000_000])}, maxSeconds: ${mixed([1, 600], [601])}` +
        `${loadPath === undefined ? '' : `, path: ${JSON.stringify(loadPath)}`} }`,
    );
  }
  if (allow.length > 0) lines.push(`    allow: { ${allow.join(', ')} }`);
  if (next() < 0.6) {
    const origins = pick([
      '',
      `, origins: ["http://${host}"]`,
      `, origins: ["http://${host}/x"]`,
      `, origins: ["http://u:${PASSWORD}@${host}"]`,
    ]);
    lines.push(`    auth: { type: bearer, token: "\${env:FUZZ_TOKEN}"${origins} }`);
  }
  lines.push('monitors:', '  - system: sys');
  const monitorPath = path();
  if (monitorPath !== undefined) lines.push(`    path: ${JSON.stringify(monitorPath)}`);
  const interval = next() < 0.3 ? undefined : intervalDuration();
  if (interval !== undefined) lines.push(`    interval: ${JSON.stringify(interval)}`);
  if (next() < 0.3)
    lines.push(`    thresholds: { window: ${JSON.stringify(mixed(['5m', '400d'], ['401d', '1ms', 'soon']))} }`);
  return lines.join('\n') + '\n';
}

/** Every bound the schema promises, on an estate it accepted. */
function assertBounded(estate: Estate, text: string): void {
  const [sys] = estate.systems;
  assert.ok(sys.baseUrl, text);
  const url = new URL(sys.baseUrl);
  assert.equal(url.username + url.password, '', `userinfo accepted:\n${text}`);
  assert.ok(/^https?:$/.test(url.protocol), text);
  for (const path of [sys.healthPath, sys.allow.load?.path, estate.monitors[0].path])
    if (path !== undefined) assert.equal(pathProblem(path), undefined, text);
  const rps = sys.limits?.maxRps ?? 20;
  assert.ok(rps > 0 && rps <= 1000, text);
  for (const ms of Object.values(sys.limits?.timeouts ?? {})) assert.ok(ms >= 100 && ms <= 600_000, text);
  const monitor = estate.monitors[0];
  assert.ok(monitor.interval >= 5000 && monitor.interval <= 86_400_000, text);
  const window = monitor.thresholds?.window;
  if (window !== undefined) assert.ok(window <= 400 * 86_400_000, text);
  const load = sys.allow.load;
  if (load) assert.ok(load.maxRps <= 10_000 && load.maxRequests <= 1_000_000 && load.maxSeconds <= 600, text);
}

describe('fuzzed junction.yaml: every configuration loads within its bounds or is refused with file:line', () => {
  it(`${CONFIGURATIONS} generated configurations; none sends elsewhere, faster than the cap or in clear text`, async () => {
    const next = random(0x16);
    let loaded = 0;
    let refused = 0;
    const refusedTexts: { text: string; line: number }[] = [];
    for (let index = 0; index < CONFIGURATIONS; index++) {
      const text = generate(next);
      let estate: Estate;
      try {
        estate = parseEstate(text, 'junction.yaml');
      } catch (error) {
        assert.ok(error instanceof ConfigError, `#${index} threw ${String(error)}\n${text}`);
        assert.equal(error.file, 'junction.yaml');
        assert.ok(
          error.line !== undefined && error.line >= 1 && error.line <= text.split('\n').length,
          `#${index} no line\n${text}`,
        );
        assert.ok(!error.describe().includes(PASSWORD), `#${index} echoed the password`);
        refused++;
        refusedTexts.push({ text, line: error.line });
        continue;
      }
      loaded++;
      assertBounded(estate, text);
      const sys = estate.systems[0];
      const url = new URL(sys.baseUrl!);
      const probe = new Probe(sys, {
        policy: policyFor(sys),
        credential: sys.auth ? { type: 'bearer', token: TOKEN } : undefined,
        ca,
      });
      // what the baseline and the monitor would send, all at once, for about 200 ms at the cap: the cap must space them
      const interval = 1000 / (sys.limits?.maxRps ?? 20);
      const count = Math.min(21, Math.ceil(200 / interval) + 1);
      const expected = (count - 1) * interval;
      const send = async (): Promise<Arrival[]> => {
        const before = atSystem.length;
        const urls = Array.from({ length: count }, (_, i) =>
          probe.url(i === 1 ? estate.monitors[0].path : sys.healthPath),
        );
        const samples = await Promise.all(urls.map((url) => recordExchange(probe, { method: 'GET', url })));
        await probe.loadAccess(probe.url(sys.allow.load?.path ?? sys.healthPath));
        const sent = atSystem.slice(before);
        assert.equal(
          sent.length,
          count,
          `#${index}: ${JSON.stringify(samples.map((sample) => sample.error))}\n${text}`,
        );
        return sent;
      };
      const spanOf = (sent: Arrival[]): number => sent.at(-1)!.at - sent[0].at;
      let arrived = await send();
      // Starts are spaced 1/maxRps apart; on a loaded machine an arrival can be late by tens of milliseconds, hence
      // half the span is enough (without the cap they would all arrive within a few milliseconds). A stalled event loop
      // can still bunch one batch, so the spacing is asked up to three times: a missing cap bunches every one. Over TLS
      // the handshakes of client and server share this thread's CPU and bunch arrivals together, so the spread is
      // measured on plain HTTP.
      if (expected >= 100 && url.protocol === 'http:') {
        for (let attempt = 1; attempt < 3 && spanOf(arrived) < expected / 2; attempt++) arrived = await send();
        assert.ok(
          spanOf(arrived) >= expected / 2,
          `#${index}: ${count} spread over ${spanOf(arrived).toFixed(1)} ms at maxRps ${1000 / interval}\n${text}`,
        );
      }
      const credentialed = arrived.filter((arrival) => arrival.authorization === `Bearer ${TOKEN}`).length;
      assert.equal(
        credentialed,
        sys.auth && (url.protocol === 'https:' || sys.allow.plaintextCredentials) ? count : 0,
        `#${index} credential over plain HTTP\n${text}`,
      );
      const basePath = url.pathname.replace(/\/$/, '');
      assert.ok(
        arrived.every((arrival) => arrival.path.startsWith(basePath)),
        `#${index} left the base path\n${text}`,
      );
    }
    assert.equal(atOther.length, 0, 'no configuration reached the other host');
    // the generator must exercise both outcomes, or the test proves little
    assert.ok(loaded >= 75 && refused >= 75, `${loaded} loaded, ${refused} refused`);
    // and the real executable refuses them as a user sees it: exit 2, junction.yaml:line, nothing sent
    const arrivedBefore = atSystem.length;
    for (const { text, line } of refusedTexts.filter((_, index) => index % 25 === 0)) {
      const dir = tempWorkspace(text);
      const result = await runCli(['monitor', dir, '--rounds', '1']);
      assert.equal(result.code, 2, `${result.stderr}\n${text}`);
      assert.ok(result.stderr.includes(`junction.yaml:${line}`), `${result.stderr}\n${text}`);
      assert.ok(!result.stderr.includes(PASSWORD) && !result.stdout.includes(PASSWORD), 'the CLI echoed the password');
    }
    assert.equal(atSystem.length, arrivedBefore, 'a refused configuration sent nothing');
  });
});
