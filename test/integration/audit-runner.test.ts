import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { openContext } from '../../src/estate/context.js';
import type { AuditEvent } from '../../src/audit/events.js';
import { runAudit } from '../../src/audit/runner.js';
import { storedReport } from '../../src/report/stored.js';
import { renderJunit } from '../../src/report/junit.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { reportSchema } from '../../src/report/schema.js';
import { countingServer } from '../helpers/counting-server.js';
import { tempWorkspace } from '../helpers/estate.js';
import { startHttpServer, startHttpsServer, testCertificates, type TestServer } from '../helpers/servers.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

describe('audit runner', () => {
  let secure: TestServer;
  let redirector: TestServer;
  let gatherRequests = 0;

  beforeAll(async () => {
    secure = await startHttpsServer((_req, res) => {
      gatherRequests++;
      res.writeHead(200, { 'strict-transport-security': 'max-age=31536000' });
      res.end('ok');
    });
    redirector = await startHttpServer((req, res) => {
      res.writeHead(301, { location: `${secure.url}${req.url}` });
      res.end();
    });
  });
  afterAll(() => Promise.all([secure.close(), redirector.close()]));

  it('gathers once per system, judges every check, stores the run and reports', async () => {
    const dir = tempWorkspace(`version: 1
name: Runner test
systems:
  - id: good
    name: Good
    baseUrl: ${secure.url}
    plainHttpUrl: ${redirector.url}
    tls: { ca: ca.pem }
  - id: down
    name: Down
    baseUrl: https://127.0.0.1:9
    limits: { timeouts: { connect: 500ms } }
  - id: nokey
    name: No key
    baseUrl: ${secure.url}
    auth: { credential: missing-cred }
`);
    writeFileSync(join(dir, 'ca.pem'), (await testCertificates()).caCert);
    const context = openContext(dir, { vaultKey: () => Buffer.alloc(32, 7) });
    const events: AuditEvent[] = [];
    try {
      const result = await runAudit(
        context.workspace,
        { store: context.store, vault: context.vault },
        { checks: ['security.https', 'monitoring.latency'], onEvent: (e) => events.push(e) },
      );
      const status = (systemId: string, checkId: string) =>
        result.findings.find((f) => f.systemId === systemId && f.checkId === checkId)?.status;
      assert.equal(status('good', 'security.https'), 'pass');
      assert.equal(status('good', 'monitoring.latency'), 'pass');
      assert.equal(status('down', 'monitoring.latency'), 'fail');
      assert.equal(status('down', 'security.https'), 'error', 'unanswerable is an error, never a pass');
      assert.equal(status('nokey', 'security.https'), 'error');
      assert.match(result.findings.find((f) => f.systemId === 'nokey')!.summary, /no credential "missing-cred"/);

      const gathered = events.flatMap((e) =>
        e.type === 'gather-started' && e.systemId === 'good' ? [e.artifact] : [],
      );
      // monitoring.latency also uses the flows (its per-operation tables), read from the store
      assert.deepEqual(gathered, ['flows', 'http'], 'one http gather feeds both checks');
      assert.equal(gatherRequests, 5, 'five baseline requests to the good system (nokey never probed)');
      assert.equal(events.at(-1)!.type, 'run-finished');

      // error counts as 0 in scores, like fail
      assert.ok(result.scores.overall! < 100);
      assert.equal(result.scores.categories.Security!.counts.error, 2);

      const stored = context.store.runs.get(result.run.id)!;
      assert.equal(stored.status, 'finished');
      assert.deepEqual(
        stored.systems.map((s) => s.id),
        ['good', 'down', 'nokey'],
      );
      assert.equal(context.store.runs.findings(result.run.id).length, result.findings.length);
      const artifacts = context.store.runs.artifacts(result.run.id, 'good');
      assert.equal((artifacts.http.artifact as { samples: unknown[] }).samples.length, 5);

      const report = storedReport(context, { runId: result.run.id });
      reportSchema.parse(JSON.parse(JSON.stringify(report)));
      // Each finding carries the heading its verdict was judged with, and the run its checks' words.
      const title = (systemId: string, checkId: string) =>
        report.findings.find((f) => f.systemId === systemId && f.checkId === checkId)?.title;
      assert.equal(title('good', 'security.https'), 'Traffic is HTTPS only, with HSTS');
      assert.equal(title('down', 'monitoring.latency'), report.checks?.['monitoring.latency']?.failureTitle);
      assert.deepEqual(Object.keys(report.checks ?? {}), ['security.https', 'monitoring.latency']);
      const junit = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(renderJunit(report));
      const suites = junit.testsuites.testsuite as { id: string; tests: string; testcase: unknown[] }[];
      assert.equal(suites.length, 3);
      assert.equal(
        suites.reduce((n, s) => n + Number(s.tests), 0),
        result.findings.length,
        'one testcase per check × system',
      );
      assert.equal(Number(junit.testsuites.errors), 3);
      assert.match(renderMarkdown(report), /❌ fail `monitoring.latency`/);
    } finally {
      context.close();
    }
  });

  it('selects checks and systems, and refuses unknown ones', async () => {
    const dir = tempWorkspace(
      `version: 1\nname: S\nsystems:\n  - { id: a, name: A, baseUrl: "${redirector.url}" }\n  - { id: b, name: B, baseUrl: "${redirector.url}" }\n`,
    );
    const context = openContext(dir);
    try {
      const result = await runAudit(
        context.workspace,
        { store: context.store, vault: context.vault },
        { checks: ['security.https'], systems: ['b'] },
      );
      assert.deepEqual(
        result.findings.map((f) => `${f.systemId}:${f.checkId}`),
        ['b:security.https'],
      );
      await assert.rejects(
        runAudit(context.workspace, { store: context.store, vault: context.vault }, { systems: ['zzz'] }),
        /unknown system: zzz/,
      );
    } finally {
      context.close();
    }
  });

  it('gathers the spike before the burst, whatever order --checks names them in', async () => {
    // A token bucket of 60 requests refilled at 3 a second, its Retry-After true: the spike's 54 requests fit in it,
    // and the burst drains what they left. Gathered the other way round, the spike would start on an empty bucket and
    // meet 429s from its 2× or 5× step on.
    let tokens = 60;
    let filledAt = performance.now();
    const quota = await countingServer((_req, res) => {
      const now = performance.now();
      tokens = Math.min(60, tokens + ((now - filledAt) / 1000) * 3);
      filledAt = now;
      if (tokens < 1) return res.writeHead(429, { 'retry-after': '1' }).end();
      tokens -= 1;
      res.end('ok');
    });
    const dir = tempWorkspace(`version: 1
name: Gather order
systems:
  - id: limited
    name: Limited
    baseUrl: ${quota.server.url}
    healthPath: /
    expectedPeakRps: 2
    allow: { load: { maxRps: 30, maxRequests: 300, maxSeconds: 20 } }
`);
    const context = openContext(dir);
    const events: AuditEvent[] = [];
    try {
      const result = await runAudit(
        context.workspace,
        { store: context.store, vault: context.vault },
        { checks: ['rate-limits.enforced', 'scalability.spike'], onEvent: (event) => events.push(event) },
      );
      assert.deepEqual(
        events.flatMap((event) => (event.type === 'gather-started' ? [event.artifact] : [])),
        ['spike', 'burst'],
      );
      const status = (checkId: string) => result.findings.find((finding) => finding.checkId === checkId);
      assert.equal(status('scalability.spike')?.status, 'pass', status('scalability.spike')?.summary);
      assert.equal(status('rate-limits.enforced')?.status, 'pass', status('rate-limits.enforced')?.summary);
      assert.deepEqual(
        result.findings.map((finding) => finding.checkId),
        ['rate-limits.enforced', 'scalability.spike'],
        'the report keeps the order of the checks',
      );
    } finally {
      context.close();
      await quota.server.close();
    }
  });
});
