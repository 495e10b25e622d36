import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { DEFAULT_SETTINGS } from '../../checks/contract.js';
import { mozillaProfile, sslLabsGrade } from '../../checks/lib/tls.js';
import { securityTlsVersion } from '../../checks/security-tls-version.js';
import { systemSchema } from '../../src/model/estate.js';
import { tlsGatherer } from '../../src/gather/tls.js';
import type { TlsArtifact } from '../../src/model/artifacts/tls.js';
import { ProbeError } from '../../src/probe/errors.js';
import { Probe, policyFor } from '../../src/probe/probe.js';
import { scanTls } from '../../src/probe/tls/scan.js';
import { gatherWith } from '../helpers/gather.js';
import { startNginx, type RunningNginx } from '../helpers/nginx.js';
import { OpensslCa, type IssuedCertificate } from '../helpers/openssl-certs.js';
import { startOpensslServer, type RunningOpensslServer } from '../helpers/openssl-server.js';
import { startHttpServer, startTcpServer, type TestServer } from '../helpers/servers.js';

const accepted = (artifact: TlsArtifact) => artifact.protocols.filter((p) => p.accepted).map((p) => p.version);
const judge = (artifact: TlsArtifact) =>
  securityTlsVersion.judge({ tls: artifact }, systemFor(`https://127.0.0.1:${artifact.port}`), DEFAULT_SETTINGS);
const systemFor = (baseUrl: string, extra: object = {}) =>
  systemSchema.parse({ id: 'svc', name: 'Service', baseUrl, ...extra });

let ca: OpensslCa;
let leaf: IssuedCertificate;
let rsaLeaf: IssuedCertificate;
const closers: (() => Promise<void>)[] = [];

function startTls(options: tls.TlsOptions, cert = leaf): Promise<number> {
  const server = tls.createServer({ cert: cert.cert, key: cert.key, ...options }, (socket) => socket.end());
  server.on('tlsClientError', () => {});
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      closers.push(() => new Promise((done) => server.close(() => done())));
      resolve((server.address() as { port: number }).port);
    });
  });
}

const scan = (port: number, extra: Partial<Parameters<typeof scanTls>[0]> = {}) =>
  scanTls({ host: '127.0.0.1', port, ca: ca.cert, timeoutMs: 3000, ...extra });

beforeAll(() => {
  ca = OpensslCa.create();
  leaf = ca.issue({ name: 'leaf' });
  rsaLeaf = ca.issue({ name: 'rsa-leaf', key: 2048 });
});
afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
  ca.remove();
});

describe('protocol matrix against Node TLS servers pinned to a version range', () => {
  test('TLS 1.3 only: modern profile, grade A, pass', async () => {
    const artifact = await scan(await startTls({ minVersion: 'TLSv1.3' }));
    assert.deepEqual(accepted(artifact), ['TLSv1.3']);
    assert.match(artifact.protocols[0].detail!, /refused/);
    assert.deepEqual(artifact.suites[0].accepted.map((s) => s.name).sort(), [
      'TLS_AES_128_GCM_SHA256',
      'TLS_AES_256_GCM_SHA384',
      'TLS_CHACHA20_POLY1305_SHA256',
    ]);
    assert.equal(artifact.protocols[3].group, 'X25519');
    assert.equal(mozillaProfile(artifact), 'modern');
    assert.equal(sslLabsGrade(artifact).grade, 'A');
    assert.equal(judge(artifact).status, 'pass');
  });

  test('TLS 1.2 + 1.3 with AEAD ECDHE suites only: intermediate profile, pass', async () => {
    const port = await startTls({
      minVersion: 'TLSv1.2',
      ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305',
    });
    const artifact = await scan(port);
    assert.deepEqual(accepted(artifact), ['TLSv1.2', 'TLSv1.3']);
    assert.deepEqual(
      artifact.suites
        .find((s) => s.version === 'TLSv1.2')!
        .accepted.map((s) => s.name)
        .sort(),
      ['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-CHACHA20-POLY1305'],
    );
    assert.equal(mozillaProfile(artifact), 'intermediate');
    assert.equal(judge(artifact).status, 'pass');
  });

  test('TLS 1.2 only with a CBC static-RSA suite: warn, old profile', async () => {
    const port = await startTls({ maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA' }, rsaLeaf);
    const artifact = await scan(port);
    assert.deepEqual(accepted(artifact), ['TLSv1.2']);
    const suites = artifact.suites[0].accepted;
    assert.deepEqual(suites.map((s) => [s.name, s.forwardSecret, s.aead]).sort(), [
      ['AES128-SHA', false, false],
      ['ECDHE-RSA-AES128-GCM-SHA256', true, true],
    ]);
    const verdict = judge(artifact);
    assert.equal(verdict.status, 'warn');
    assert.match(verdict.summary, /TLS 1.3 not offered/);
    assert.match(verdict.summary, /AES128-SHA/);
    assert.equal(mozillaProfile(artifact), 'old');
  });

  test('TLS 1.0–1.1 only at security level 0: fail, grade C', async () => {
    const port = await startTls({ minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' });
    const artifact = await scan(port);
    assert.deepEqual(accepted(artifact), ['TLSv1', 'TLSv1.1']);
    const verdict = judge(artifact);
    assert.equal(verdict.status, 'fail');
    assert.match(verdict.summary, /TLS 1.0 and TLS 1.1/);
    assert.match(verdict.summary, /nothing newer than TLS 1.1/);
    assert.equal(sslLabsGrade(artifact).grade, 'C');
  });

  test('elimination and one-handshake-per-suite enumeration agree', async () => {
    const port = await startTls({ minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' }, rsaLeaf);
    const [fast, exhaustive] = await Promise.all([scan(port), scan(port, { suiteMode: 'per-suite' })]);
    const names = (artifact: TlsArtifact) =>
      artifact.suites.map((entry) => [entry.version, entry.accepted.map((s) => s.name).sort()]);
    assert.deepEqual(names(fast), names(exhaustive));
    assert.ok(fast.suites.find((s) => s.version === 'TLSv1.2')!.accepted.length >= 10);
    assert.ok(fast.handshakes < exhaustive.handshakes / 3, `${fast.handshakes} vs ${exhaustive.handshakes}`);
  });

  test('OCSP stapling is seen when the server staples a response', async () => {
    const response = ca.ocspResponse(leaf);
    const server = tls.createServer({ cert: leaf.cert, key: leaf.key, minVersion: 'TLSv1.2' }, (socket) =>
      socket.end(),
    );
    server.on(
      'OCSPRequest',
      (_cert: Buffer, _issuer: Buffer, callback: (error: Error | null, response?: Buffer) => void) =>
        callback(null, response),
    );
    const port = await new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
    );
    closers.push(() => new Promise((done) => server.close(() => done())));
    const [stapled, plain] = await Promise.all([
      scan(port, { suites: false }),
      scan(await startTls({}), { suites: false }),
    ]);
    assert.equal(stapled.ocspStapled, true);
    assert.equal(plain.ocspStapled, false);
  });
});

describe('real TLS servers outside Node', () => {
  let sServer: RunningOpensslServer;
  let nginx: RunningNginx;
  beforeAll(async () => {
    sServer = await startOpensslServer(rsaLeaf.certPath, rsaLeaf.keyPath, ['-tls1', '-cipher', 'DEFAULT@SECLEVEL=0']);
    const server = (port: number, protocols: string) =>
      `  server {\n    listen 127.0.0.1:${port} ssl;\n    ssl_certificate ${rsaLeaf.certPath};\n    ssl_certificate_key ` +
      `${rsaLeaf.keyPath};\n    ssl_protocols ${protocols};\n    ssl_ciphers DEFAULT@SECLEVEL=0;\n    location ` +
      `/ { return 200 "ok"; }\n  }`;
    nginx = await startNginx(
      2,
      ([legacy, modern]) => `${server(legacy, 'TLSv1.1 TLSv1.2')}\n${server(modern, 'TLSv1.3')}`,
    );
  });
  afterAll(async () => {
    await Promise.all([sServer?.stop(), nginx?.stop()]);
  });

  test('openssl s_server -tls1 at security level 0: only TLS 1.0, fail', async () => {
    const artifact = await scan(sServer.port);
    assert.deepEqual(accepted(artifact), ['TLSv1']);
    assert.ok(artifact.suites[0].accepted.length > 0);
    assert.equal(judge(artifact).status, 'fail');
  });

  test('nginx with ssl_protocols TLSv1.1 TLSv1.2: fail for TLS 1.1', async () => {
    const artifact = await scan(nginx.ports[0]);
    assert.deepEqual(accepted(artifact), ['TLSv1.1', 'TLSv1.2']);
    const verdict = judge(artifact);
    assert.equal(verdict.status, 'fail');
    assert.match(verdict.summary, /accepts TLS 1.1/);
    assert.equal(sslLabsGrade(artifact).ignoringTrust, 'B');
  });

  test('nginx with TLSv1.3 only: pass, modern', async () => {
    const artifact = await scan(nginx.ports[1]);
    assert.deepEqual(accepted(artifact), ['TLSv1.3']);
    assert.equal(mozillaProfile(artifact), 'modern');
    assert.equal(judge(artifact).status, 'pass');
  });
});

describe('endpoints that are not TLS fail fast and clearly', () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });

  test('plain HTTP on the TLS port is a protocol error at once, not after a timeout', async () => {
    const server = await startHttpServer((_req, res) => res.end('plain'));
    servers.push(server);
    const started = performance.now();
    await assert.rejects(
      scan(server.port),
      (error: ProbeError) => error.code === 'protocol' && /does not speak TLS/.test(error.message),
    );
    assert.ok(performance.now() - started < 2000);
  });

  test('a silent TCP service is a TLS timeout bounded by the system timeouts', async () => {
    const server = await startTcpServer(() => {});
    servers.push(server);
    const system = systemFor(`https://127.0.0.1:${server.port}`, {
      limits: { timeouts: { connect: '300ms', tls: '300ms' } },
    });
    const started = performance.now();
    await assert.rejects(
      gatherWith(tlsGatherer, system),
      (error: ProbeError) => error.code === 'timeout-tls' && /never answered a ClientHello/.test(error.message),
    );
    assert.ok(performance.now() - started < 2500);
  });

  test('a closed port is unreachable', async () => {
    const server = await startTcpServer(() => {});
    await server.close();
    await assert.rejects(scan(server.port), (error: ProbeError) => error.code === 'connection-refused');
  });

  test('a plain-HTTP base URL is skipped with the reason, never scanned', () => {
    assert.match(String(securityTlsVersion.appliesTo(systemFor('http://127.0.0.1:9'))), /plain HTTP/);
    assert.equal(securityTlsVersion.appliesTo(systemFor('https://127.0.0.1:9')), true);
  });
});

test('the gatherer scans the base URL host:port with the system tls.ca', async () => {
  const port = await startTls({ minVersion: 'TLSv1.2' });
  const system = systemFor(`https://127.0.0.1:${port}/api`);
  const artifact = await gatherWith(tlsGatherer, system, new Probe(system, { policy: policyFor(system), ca: ca.cert }));
  assert.equal(artifact.port, port);
  assert.equal(artifact.trust.trusted, true);
  assert.equal(artifact.trust.customCa, true);
  assert.equal(artifact.hostname.matches, true);
});
