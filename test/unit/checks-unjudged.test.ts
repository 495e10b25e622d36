/**
 * Nothing unjudged passes: every check, judged on artifacts that hold only failures, says what went wrong and never
 * passes. Two worlds: every probe of the system failed below HTTP (refused, reset, timed out), and every HTTP answer
 * was 404. The documents (spec, AsyncAPI, attestations) are unreadable or absent in both, the flows store is empty.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { CHECKS } from '../../checks/index.js';
import { DEFAULT_SETTINGS } from '../../checks/contract.js';
import { unreadable } from '../../src/gather/spec.js';
import type { ArtifactMap } from '../../src/model/artifacts/map.js';
import type { HttpSample } from '../../src/model/artifacts/http.js';
import type { LoadResult } from '../../src/model/load.js';
import { systemSchema, type System } from '../../src/model/estate.js';
import type { Status } from '../../src/model/finding.js';

const BASE = 'https://api.example.test';
const SPEC = `${BASE}/openapi.yaml`;

const httpSystem = systemSchema.parse({
  id: 'orders',
  name: 'Orders',
  baseUrl: BASE,
  spec: SPEC,
  specPrevious: 'specs/orders-1.0.yaml',
  auth: { type: 'bearer', token: '${env:TOKEN}' },
  allow: { load: { maxRps: 50, maxRequests: 500, maxSeconds: 10 } },
  attestations: [],
});
const brokerSystem = systemSchema.parse({
  id: 'rabbit',
  name: 'Rabbit',
  spec: 'asyncapi.yaml',
  broker: { kind: 'rabbitmq', managementUrl: 'https://rabbit.example.test:15671', credential: 'rabbit' },
});

type World = 'no answer' | '404';

/** One exchange as the world answers it: a refused connection, or a 404 after a few milliseconds. */
function sample(world: World, url: string, method = 'GET'): HttpSample {
  const request = { method, url, requestHeaders: { 'user-agent': 'Junction' } };
  if (world === 'no answer')
    return {
      ...request,
      error: { code: 'connection-refused', message: 'connect ECONNREFUSED 127.0.0.1:443', phase: 'connect' },
    };
  return {
    ...request,
    status: 404,
    headers: { 'content-type': 'text/html', 'strict-transport-security': 'max-age=63072000' },
    bodyPreview: '<h1>Not Found</h1>',
    timings: { dns: 0, connect: 1, tls: 2, firstByte: 3, download: 0.1, total: 6.1 },
  };
}

const latency = { count: 30, mean: 4, p50: 4, p90: 5, p95: 5, p99: 6, p999: 6, max: 6 };
function load(world: World, url: string, targetRps: number | null): LoadResult {
  const answered = world === '404';
  return {
    url,
    targetRps,
    connections: 2,
    durationMs: 1500,
    sent: 30,
    completed: 30,
    errors: answered ? 0 : 30,
    statuses: answered ? { '4xx': 30 } : {},
    achievedRps: 20,
    notSentOnTime: 0,
    unsent: 0,
    serviceLatency: latency,
    correctedLatency: latency,
    connectionsOpened: 2,
    stoppedBy: answered ? 'duration' : 'breaker',
    stopDetail: answered ? undefined : 'error rate 100% over 5 requests',
    seconds: [],
  };
}

/** Every artifact kind in its failure form. */
function artifacts(world: World): ArtifactMap {
  const health = `${BASE}/`;
  const unreadableSpec = {
    ...unreadable(SPEC, `cannot be read: ${world === '404' ? 'HTTP 404' : 'connection-refused'}`),
    previous: { source: 'specs/orders-1.0.yaml', error: 'ENOENT: no such file' },
  };
  const noQueues = { at: 0, queues: [] };
  return {
    http: {
      baseUrl: BASE,
      secure: true,
      samples: [sample(world, health), sample(world, health), sample(world, health)],
      plain: { url: 'http://api.example.test/', sample: sample(world, 'http://api.example.test/') },
    },
    transport: {
      origin: 'https://junction-probe.invalid',
      cors: sample(world, health),
      preflight: sample(world, health, 'OPTIONS'),
    },
    auth: {
      credentialType: 'bearer',
      spec: { source: SPEC, error: 'cannot be read' },
      live: {
        probes: [
          {
            method: 'GET',
            path: '/',
            url: health,
            anonymous: sample(world, health),
            authenticated: sample(world, health),
            baseUrl: true,
          },
        ],
      },
    },
    tls: {
      host: 'api.example.test',
      port: 443,
      scannedAt: '2026-06-01T00:00:00.000Z',
      protocols: (['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const).map((version) => ({
        version,
        accepted: false,
        detail: 'refused: connection closed without a TLS alert',
        ms: 1,
      })),
      suites: [],
      ocspStapled: false,
      chain: [],
      trust: { trusted: false, error: 'no certificate', customCa: false },
      hostname: { name: 'api.example.test', matches: false },
      handshakes: 4,
      durationMs: 5,
    },
    spec: unreadableSpec,
    conformance: {
      specSource: SPEC,
      specHash: 'abc',
      calls: [
        {
          method: 'GET',
          path: '/orders',
          deprecated: false,
          sample: sample(world, `${BASE}/orders`),
          problems:
            world === '404'
              ? [{ rule: 'status-undocumented', message: '404 is not documented' }]
              : [{ rule: 'unreachable', message: 'connection-refused' }],
        },
      ],
      skipped: [],
    },
    attestations: { asOf: '2026-06-01', items: [] },
    burst: {
      ran: true,
      url: health,
      before: sample(world, health),
      load: load(world, health, 50),
      limited: 0,
      limitedWithoutRetryAfter: 0,
      limitedSamples: [],
      timeline: Array.from({ length: 30 }, () => (world === '404' ? 404 : 'err')),
    },
    spike: {
      ran: true,
      url: health,
      peakRps: 5,
      peakSource: 'default',
      steps: [1, 2, 5, 10].map((multiple) => ({
        multiple,
        targetRps: multiple * 5,
        load: load(world, health, multiple * 5),
      })),
      skippedSteps: [],
    },
    retry: {
      notFound: sample(world, `${BASE}/junction-missing-1a2b`),
      idempotency: { skipped: 'no unsafe method allowed' },
    },
    caching: { probes: [{ url: health, first: sample(world, health) }] },
    flows: {
      window: { from: 0, until: 7 * 86_400_000, anchor: 'clock' },
      systems: ['orders', 'rabbit'],
      edges: [],
      declared: [],
      unknownPeers: [],
      topology: {
        shape: 'empty',
        hubs: [],
        systems: 0,
        pairs: 0,
        direct: 0,
        spaghetti: 0,
        unknownCallers: [],
        text: 'no flows observed',
      },
      logSources: [],
      monitors: [],
    },
    broker: {
      kind: 'rabbitmq',
      managementUrl: 'https://rabbit.example.test:15671',
      vhost: '/',
      product: 'RabbitMQ',
      version: '4.0.5',
      ratesMode: 'basic',
      listeners: [],
      user: { name: 'audit', tags: ['monitoring'] },
      samples: [noQueues, { at: 10_000, queues: [] }],
      exchanges: [],
      bindings: [],
      policies: [],
    },
    brokerTransport: {
      managementUrl: 'https://rabbit.example.test:15671',
      listeners: [],
      listenersError: world === '404' ? 'HTTP 404' : 'connection-refused',
      plainAmqp: [{ host: 'rabbit.example.test', port: 5672, answered: false, detail: 'connection refused', ms: 1 }],
      tls: [{ what: 'amqps', host: 'rabbit.example.test', port: 5671, error: 'connection refused' }],
    },
    brokerGuest:
      world === '404'
        ? { url: 'https://rabbit.example.test:15671/api/whoami', status: 404 }
        : { url: 'https://rabbit.example.test:15671/api/whoami', error: 'connection-refused' },
    asyncapi: { source: '', version: '', title: '', documentVersion: '', valid: false, problems: [], channels: [] },
  };
}

/**
 * What each check says in each world: error where it could not judge, skip where there was nothing to judge,
 * fail or warn where the failure is itself the finding (unreachable is a fail of "reachable", no monitor is a fail).
 */
const EXPECTED: Record<string, Record<World, Status>> = {
  'security.https': { 'no answer': 'error', '404': 'fail' },
  'security.tls-version': { 'no answer': 'fail', '404': 'fail' },
  'security.certificate': { 'no answer': 'error', '404': 'error' },
  'security.transport-headers': { 'no answer': 'error', '404': 'pass' },
  'security.auth': { 'no answer': 'error', '404': 'warn' },
  'monitoring.latency': { 'no answer': 'fail', '404': 'fail' },
  'attested.encryption-at-rest': { 'no answer': 'warn', '404': 'warn' },
  'attested.backups': { 'no answer': 'warn', '404': 'warn' },
  'attested.runbooks': { 'no answer': 'warn', '404': 'warn' },
  'attested.monitoring': { 'no answer': 'warn', '404': 'warn' },
  'attested.owner': { 'no answer': 'warn', '404': 'warn' },
  'attested.other': { 'no answer': 'skip', '404': 'skip' },
  'documentation.spec': { 'no answer': 'fail', '404': 'fail' },
  'documentation.lint': { 'no answer': 'error', '404': 'error' },
  'documentation.conformance': { 'no answer': 'error', '404': 'fail' },
  'versioning.scheme': { 'no answer': 'error', '404': 'error' },
  'versioning.deprecation': { 'no answer': 'error', '404': 'error' },
  'versioning.breaking-changes': { 'no answer': 'error', '404': 'error' },
  'documentation.shadow-endpoints': { 'no answer': 'error', '404': 'error' },
  'documentation.unused-operations': { 'no answer': 'error', '404': 'error' },
  'caching.http': { 'no answer': 'error', '404': 'error' },
  'error-handling.timeouts': { 'no answer': 'error', '404': 'error' },
  'rate-limits.advertised': { 'no answer': 'error', '404': 'warn' },
  'error-handling.retry-signals': { 'no answer': 'error', '404': 'warn' },
  'rate-limits.enforced': { 'no answer': 'error', '404': 'error' },
  'scalability.spike': { 'no answer': 'fail', '404': 'fail' },
  'messaging.transport': { 'no answer': 'fail', '404': 'fail' },
  'messaging.default-credentials': { 'no answer': 'error', '404': 'error' },
  'messaging.consumers': { 'no answer': 'skip', '404': 'skip' },
  'messaging.backlog': { 'no answer': 'skip', '404': 'skip' },
  'messaging.dead-lettering': { 'no answer': 'skip', '404': 'skip' },
  'messaging.durability': { 'no answer': 'skip', '404': 'skip' },
  'documentation.asyncapi': { 'no answer': 'fail', '404': 'fail' },
  'architecture.topology': { 'no answer': 'skip', '404': 'skip' },
  'architecture.undocumented-flows': { 'no answer': 'skip', '404': 'skip' },
  'monitoring.silent-flows': { 'no answer': 'skip', '404': 'skip' },
  'monitoring.coverage': { 'no answer': 'fail', '404': 'fail' },
};

const systemFor = (requires: readonly string[]): System =>
  requires.some((kind) => kind.startsWith('broker') || kind === 'asyncapi') ? brokerSystem : httpSystem;

describe('nothing unjudged passes: every check on artifacts that hold only failures', () => {
  it('the table names every check, and no other', () => {
    assert.deepEqual(Object.keys(EXPECTED).sort(), CHECKS.map((check) => check.id).sort());
  });

  for (const world of ['no answer', '404'] as const) {
    for (const check of CHECKS) {
      it(`${check.id} when ${world === '404' ? 'every answer is 404' : 'nothing answers'}`, () => {
        const verdict = check.judge(artifacts(world), systemFor(check.requires), DEFAULT_SETTINGS);
        const expected = EXPECTED[check.id]?.[world];
        assert.equal(verdict.status, expected, `${check.id}: ${verdict.summary}`);
        // an unjudged verdict still says why: a summary that names what was answered or missing
        assert.ok(verdict.summary.length > 20, `${check.id}: "${verdict.summary}"`);
        if (
          world === '404' &&
          (verdict.status === 'error' || verdict.status === 'fail') &&
          check.requires.includes('http')
        )
          assert.match(verdict.summary, /404|HSTS|plain HTTP|spec/, `${check.id} says what was answered`);
      });
    }
  }

  it('a verdict on 404s says what was answered', () => {
    const summary = (id: string) => {
      const check = CHECKS.find((candidate) => candidate.id === id)!;
      return check.judge(artifacts('404'), systemFor(check.requires), DEFAULT_SETTINGS).summary;
    };
    assert.match(summary('monitoring.latency'), /^No baseline request was answered with success: 404 ×3 from /);
    assert.match(
      summary('scalability.spike'),
      /at 1× \(5 rps\): 100% of answers failed or were no success \(4xx: 30\)/,
    );
    assert.match(summary('error-handling.timeouts'), /the baseline got 404 ×3, the 1× step 4xx: 30/);
    assert.match(
      summary('caching.http'),
      /answered with success, caching not judged: https:\/\/api\.example\.test\/ 404/,
    );
    assert.match(summary('rate-limits.enforced'), /answered 4xx: 30, never a success/);
    assert.match(summary('documentation.conformance'), /404 is not documented/);
  });

  it('a 401 because the credential stayed home over plain HTTP says so', () => {
    const check = CHECKS.find((candidate) => candidate.id === 'monitoring.latency')!;
    const all = artifacts('404');
    const withheld = 'plain HTTP: set allow.plaintextCredentials to send it in clear text';
    all.http.samples = all.http.samples.map((sample) => ({ ...sample, status: 401, credentialWithheld: withheld }));
    const verdict = check.judge(all, httpSystem, DEFAULT_SETTINGS);
    assert.equal(verdict.status, 'fail');
    assert.match(
      verdict.summary,
      /401 ×3 .*\(the credential was not sent: plain HTTP: set allow\.plaintextCredentials/,
    );
  });
});
