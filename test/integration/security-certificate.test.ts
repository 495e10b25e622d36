import assert from 'node:assert/strict';
import tls from 'node:tls';
import { afterAll, beforeAll, test } from 'vitest';
import { DEFAULT_SETTINGS } from '../../checks/contract.js';
import { sslLabsGrade } from '../../checks/lib/tls.js';
import { securityCertificate } from '../../checks/security-certificate.js';
import { systemSchema } from '../../src/model/estate.js';
import type { TlsArtifact } from '../../src/model/artifacts/tls.js';
import { scanTls } from '../../src/probe/tls/scan.js';
import { OpensslCa, opensslDate, type IssuedCertificate, type LeafSpec } from '../helpers/openssl-certs.js';

let ca: OpensslCa;
const servers: tls.Server[] = [];

/** Serves `cert` on a Node TLS server and scans it (protocol matrix and chain; suites are not what these tests judge). */
async function scanServing(
  cert: IssuedCertificate,
  options: { ca?: string; servername?: string } = { ca: ca.cert },
): Promise<TlsArtifact> {
  // Security level 0 so that OpenSSL loads the weak certificates (SHA-1, RSA-1024) the tests serve.
  const server = tls.createServer({ cert: cert.cert, key: cert.key, ciphers: 'DEFAULT@SECLEVEL=0' }, (socket) =>
    socket.end(),
  );
  server.on('tlsClientError', () => {});
  servers.push(server);
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
  return scanTls({ host: '127.0.0.1', port, timeoutMs: 3000, suites: false, ...options });
}

const judge = (artifact: TlsArtifact) =>
  securityCertificate.judge(
    { tls: artifact },
    systemSchema.parse({ id: 'svc', name: 'Service', baseUrl: `https://127.0.0.1:${artifact.port}` }),
    DEFAULT_SETTINGS,
  );

const issued = (spec: LeafSpec) => ca.issue(spec);

beforeAll(() => {
  ca = OpensslCa.create();
});
afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
  ca.remove();
});

test('a valid chain from the system CA passes; days to expiry and key are evidence', async () => {
  const artifact = await scanServing(issued({ name: 'valid' }));
  const verdict = judge(artifact);
  assert.equal(verdict.status, 'pass', verdict.summary);
  assert.match(verdict.summary, /EC 256.*89 days to expiry/);
  assert.equal(artifact.chain[0].signatureAlgorithm, 'sha256WithRSAEncryption');
  assert.equal(artifact.chain.at(-1)!.subject, 'CN=Junction Test CA');
});

test('the same chain without the system CA does not validate against the bundled roots', async () => {
  const artifact = await scanServing(issued({ name: 'no-anchor' }), {});
  assert.equal(artifact.trust.trusted, false);
  const verdict = judge(artifact);
  assert.equal(verdict.status, 'fail');
  assert.match(verdict.summary, /does not validate \(UNABLE_TO_(VERIFY_LEAF_SIGNATURE|GET_ISSUER_CERT_LOCALLY)\)/);
  assert.equal(sslLabsGrade(artifact).grade, 'T');
});

test('expired fails', async () => {
  const verdict = judge(
    await scanServing(issued({ name: 'expired', startDate: opensslDate(-60), endDate: opensslDate(-3) })),
  );
  assert.equal(verdict.status, 'fail');
  assert.match(verdict.summary, /expired 3 days ago/);
});

test('not yet valid fails', async () => {
  const verdict = judge(
    await scanServing(issued({ name: 'future', startDate: opensslDate(5), endDate: opensslDate(100) })),
  );
  assert.equal(verdict.status, 'fail');
  assert.match(verdict.summary, /not valid before/);
});

test('expiring within 30 days warns', async () => {
  const verdict = judge(await scanServing(issued({ name: 'soon', endDate: opensslDate(10.5) })));
  assert.equal(verdict.status, 'warn');
  assert.match(verdict.summary, /expires in 10 days/);
});

test('a name mismatch fails and grades M', async () => {
  const artifact = await scanServing(issued({ name: 'wrong-host', san: 'DNS:wrong.example' }));
  assert.equal(artifact.trust.trusted, true);
  assert.equal(artifact.hostname.matches, false);
  assert.match(judge(artifact).summary, /does not name 127\.0\.0\.1 \(SAN: DNS:wrong\.example\)/);
  assert.equal(sslLabsGrade(artifact).grade, 'M');
});

test('SNI: the servername is what the leaf must name', async () => {
  const cert = issued({ name: 'named', san: 'DNS:api.junction.test' });
  const artifact = await scanServing(cert, { ca: ca.cert, servername: 'api.junction.test' });
  assert.equal(artifact.servername, 'api.junction.test');
  assert.equal(artifact.hostname.matches, true);
  assert.equal(judge(artifact).status, 'pass');
});

test('a self-signed leaf is named as such', async () => {
  const verdict = judge(await scanServing(issued({ name: 'self', selfSigned: true })));
  assert.equal(verdict.status, 'fail');
  assert.match(verdict.summary, /leaf is self-signed/);
});

test('an RSA-1024 key fails', async () => {
  const artifact = await scanServing(issued({ name: 'rsa1024', key: 1024 }));
  assert.equal(artifact.chain[0].keyBits, 1024);
  const verdict = judge(artifact);
  assert.equal(verdict.status, 'fail');
  assert.match(verdict.summary, /leaf has a 1024-bit RSA key/);
});

test('a SHA-1 signature fails', async () => {
  const artifact = await scanServing(issued({ name: 'sha1', digest: 'sha1' }));
  const verdict = judge(artifact);
  assert.equal(verdict.status, 'fail');
  assert.match(verdict.summary, /leaf is signed with sha1WithRSAEncryption/);
  assert.equal(sslLabsGrade(artifact).grade, 'T');
});
