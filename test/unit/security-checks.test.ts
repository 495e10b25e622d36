import assert from 'node:assert/strict';
import { describe, test } from 'vitest';
import { DEFAULT_SETTINGS } from '../../checks/contract.js';
import { mozillaProfile, sslLabsGrade } from '../../checks/lib/tls.js';
import { securityAuth } from '../../checks/security-auth.js';
import { securityCertificate } from '../../checks/security-certificate.js';
import { securityTlsVersion } from '../../checks/security-tls-version.js';
import { securityHttps } from '../../checks/security-https.js';
import { securityTransportHeaders } from '../../checks/security-transport-headers.js';
import { systemSchema } from '../../src/model/estate.js';
import type { HttpArtifact, HttpSample } from '../../src/model/artifacts/http.js';
import type { AuthArtifact, TransportArtifact } from '../../src/model/artifacts/security.js';
import type { TlsArtifact, TlsCertificate, TlsSuite, TlsVersion } from '../../src/model/artifacts/tls.js';

const system = systemSchema.parse({ id: 'svc', name: 'Service', baseUrl: 'https://api.example.test' });
const SCANNED_AT = '2026-06-01T00:00:00.000Z';

const suite = (name: string, extra: Partial<TlsSuite> = {}): TlsSuite => ({
  name,
  code: '0x0000',
  forwardSecret: true,
  aead: true,
  keyExchange: 'ECDH',
  authentication: 'RSA',
  encryption: 'AESGCM(128)',
  ...extra,
});
const cert = (extra: Partial<TlsCertificate> = {}): TlsCertificate => ({
  subject: 'CN=api.example.test',
  issuer: 'CN=Example CA',
  serialNumber: '01',
  validFrom: '2026-01-01T00:00:00.000Z',
  validTo: '2027-01-01T00:00:00.000Z',
  keyType: 'ec',
  keyBits: 256,
  curve: 'prime256v1',
  signatureAlgorithm: 'sha256WithRSAEncryption',
  selfSigned: false,
  isCa: false,
  subjectAltName: 'DNS:api.example.test',
  fingerprint256: 'AA:BB',
  ...extra,
});

/** A recorded scan: the versions given are accepted, each with the given suites. */
function scan(accepted: Partial<Record<TlsVersion, TlsSuite[]>>, extra: Partial<TlsArtifact> = {}): TlsArtifact {
  const versions = Object.keys(accepted) as TlsVersion[];
  return {
    host: 'api.example.test',
    port: 443,
    scannedAt: SCANNED_AT,
    protocols: (['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const).map((version) =>
      versions.includes(version)
        ? { version, accepted: true, cipher: accepted[version]![0]?.name, ms: 2 }
        : { version, accepted: false, detail: 'refused: alert', ms: 1 },
    ),
    suites: versions.map((version) => ({ version, offered: 10, accepted: accepted[version]! })),
    ocspStapled: false,
    chain: [cert()],
    trust: { trusted: true, customCa: false },
    hostname: { name: 'api.example.test', matches: true },
    handshakes: 10,
    durationMs: 20,
    ...extra,
  };
}
const TLS13 = [suite('TLS_AES_256_GCM_SHA384'), suite('TLS_AES_128_GCM_SHA256')];

describe('TLS grade and Mozilla profile', () => {
  test('caps: TLS 1.0 → B, no forward secrecy → B, anonymous suites → F, nothing ≥ 1.2 → C', () => {
    assert.equal(
      sslLabsGrade(scan({ 'TLSv1.2': [suite('ECDHE-RSA-AES128-GCM-SHA256')], 'TLSv1.3': TLS13 })).grade,
      'A',
    );
    assert.equal(
      sslLabsGrade(
        scan({
          TLSv1: [suite('ECDHE-RSA-AES128-SHA', { aead: false })],
          'TLSv1.2': [suite('ECDHE-RSA-AES128-GCM-SHA256')],
        }),
      ).grade,
      'B',
    );
    assert.equal(
      sslLabsGrade(scan({ 'TLSv1.2': [suite('AES128-GCM-SHA256', { forwardSecret: false, keyExchange: 'RSA' })] }))
        .grade,
      'B',
    );
    assert.equal(
      sslLabsGrade(scan({ 'TLSv1.2': [suite('ADH-AES128-GCM-SHA256', { authentication: 'None' })] })).grade,
      'F',
    );
    assert.equal(sslLabsGrade(scan({ TLSv1: [suite('ECDHE-RSA-AES128-SHA', { aead: false })] })).grade, 'C');
  });

  test('trust issues show as T or M with the letter they hide', () => {
    const untrusted = sslLabsGrade(
      scan({ 'TLSv1.3': TLS13 }, { trust: { trusted: false, error: 'SELF_SIGNED_CERT_IN_CHAIN', customCa: false } }),
    );
    assert.deepEqual([untrusted.grade, untrusted.ignoringTrust], ['T', 'A']);
    assert.equal(
      sslLabsGrade(scan({ 'TLSv1.3': TLS13 }, { chain: [cert({ validTo: '2026-05-01T00:00:00.000Z' })] })).grade,
      'T',
    );
    assert.equal(
      sslLabsGrade(scan({ 'TLSv1.3': TLS13 }, { hostname: { name: 'other.test', matches: false } })).grade,
      'M',
    );
  });

  test('profiles: modern = 1.3 only, intermediate = 1.2+ with Mozilla suites, old, none', () => {
    assert.equal(mozillaProfile(scan({ 'TLSv1.3': TLS13 })), 'modern');
    assert.equal(
      mozillaProfile(scan({ 'TLSv1.2': [suite('ECDHE-RSA-AES128-GCM-SHA256')], 'TLSv1.3': TLS13 })),
      'intermediate',
    );
    assert.equal(
      mozillaProfile(scan({ 'TLSv1.2': [suite('AES128-SHA', { aead: false, forwardSecret: false })] })),
      'old',
    );
    assert.equal(mozillaProfile(scan({ 'TLSv1.2': [suite('CAMELLIA128-SHA', { aead: false })] })), 'none');
  });
});

describe('security.tls-version and security.certificate on recorded scans', () => {
  test('nothing accepted fails; a certificate without a handshake fails', () => {
    const none = scan({}, { chain: [] });
    assert.equal(securityTlsVersion.judge({ tls: none }, system, DEFAULT_SETTINGS).status, 'fail');
    assert.match(
      securityCertificate.judge({ tls: none }, system, DEFAULT_SETTINGS).summary,
      /no TLS handshake completed/,
    );
  });

  test('expiry is measured from the scan time, so judging a stored run again gives the same verdict', () => {
    const soon = scan({ 'TLSv1.3': TLS13 }, { chain: [cert({ validTo: '2026-06-15T00:00:00.000Z' })] });
    const verdict = securityCertificate.judge({ tls: soon }, system, DEFAULT_SETTINGS);
    assert.equal(verdict.status, 'warn');
    assert.match(verdict.summary, /expires in 14 days/);
  });

  test('a trusted EC leaf with the right name and a year left passes', () => {
    assert.equal(
      securityCertificate.judge({ tls: scan({ 'TLSv1.3': TLS13 }) }, system, DEFAULT_SETTINGS).status,
      'pass',
    );
  });
});

const sample = (extra: Partial<HttpSample> = {}): HttpSample => ({
  method: 'GET',
  url: 'https://api.example.test/',
  requestHeaders: {},
  status: 200,
  headers: {},
  ...extra,
});

describe('security.transport-headers and security.auth on recorded exchanges', () => {
  const transport = (extra: Partial<TransportArtifact> = {}): TransportArtifact => ({
    origin: 'https://junction-probe.invalid',
    cors: sample(),
    preflight: sample({ method: 'OPTIONS', status: 204 }),
    ...extra,
  });
  const http = (headers: Record<string, string>, secure = true): HttpArtifact => ({
    baseUrl: secure ? 'https://api.example.test' : 'http://api.example.test',
    secure,
    samples: [sample({ headers })],
    plain: { reason: 'n/a' },
  });

  test('a plain-HTTP base URL fails security.https alone: every credential travels in clear text', () => {
    const https = securityHttps.judge({ http: http({}, false) }, system, DEFAULT_SETTINGS);
    assert.equal(https.status, 'fail');
    assert.match(https.summary, /served over plain HTTP .*every credential travels in clear text/);
    const headers = securityTransportHeaders.judge(
      { http: http({}, false), transport: transport() },
      system,
      DEFAULT_SETTINGS,
    );
    assert.equal(headers.status, 'pass', 'transport headers judge CORS and banners, not the scheme');
  });

  test('a preflight allowing * with credentials fails; Server without a version is not a banner', () => {
    const preflight = sample({
      method: 'OPTIONS',
      status: 204,
      headers: { 'access-control-allow-origin': '*', 'access-control-allow-credentials': 'true' },
    });
    const verdict = securityTransportHeaders.judge(
      {
        http: http({ 'strict-transport-security': 'max-age=31536000', server: 'nginx' }),
        transport: transport({ preflight }),
      },
      system,
      DEFAULT_SETTINGS,
    );
    assert.equal(verdict.status, 'fail');
    assert.doesNotMatch(verdict.summary, /banner/);
  });

  test('auth: anonymous 401 and authenticated 200 pass; a rejected credential fails', () => {
    const live = (authenticated: number): AuthArtifact['live'] => ({
      probes: [
        {
          method: 'GET',
          path: '/items',
          url: 'https://api.example.test/items',
          anonymous: sample({ status: 401 }),
          authenticated: sample({ status: authenticated }),
        },
      ],
    });
    const ok = securityAuth.judge({ auth: { credentialType: 'bearer', live: live(200) } }, system, DEFAULT_SETTINGS);
    assert.equal(ok.status, 'pass');
    const rejected = securityAuth.judge(
      { auth: { credentialType: 'bearer', live: live(401) } },
      system,
      DEFAULT_SETTINGS,
    );
    assert.equal(rejected.status, 'fail');
    assert.match(rejected.summary, /rejects the configured credential \(401\)/);
  });

  test('auth: HTTP basic warns over TLS and fails over plain HTTP', () => {
    const auth: AuthArtifact = {
      spec: {
        source: 'spec.yaml',
        schemes: [{ name: 'basic', type: 'http', scheme: 'basic', pointer: '' }],
        operations: [{ method: 'GET', path: '/items', security: [{ basic: [] }] }],
      },
      live: { reason: 'not called' },
    };
    assert.equal(securityAuth.judge({ auth }, system, DEFAULT_SETTINGS).status, 'warn');
    const plain = systemSchema.parse({ id: 'svc', name: 'Service', baseUrl: 'http://api.example.test' });
    assert.match(securityAuth.judge({ auth }, plain, DEFAULT_SETTINGS).summary, /HTTP basic over plain HTTP/);
  });
});
