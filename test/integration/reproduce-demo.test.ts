import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startDemoEstate, type DemoEstate } from '../../assets/demo/estate.js';
import { openContext } from '../../src/estate/context.js';
import { runAudit } from '../../src/audit/runner.js';
import type { Finding, HttpExchangeEvidence } from '../../src/model/finding.js';
import { REPORT_FORMATS } from '../../src/report/index.js';
import type { Report } from '../../src/report/schema.js';
import { storedReport } from '../../src/report/stored.js';

// Checks that record HTTP exchanges (with the payments token sent), the TLS scan, and the load step on commerce.
const CHECKS = [
  'security.https',
  'security.auth',
  'security.tls-version',
  'security.certificate',
  'caching.http',
  'rate-limits.advertised',
  'scalability.spike',
];

/**
 * Runs a printed command the way an engineer pastes it into bash, in the workspace folder. Asynchronously: the
 * demo services answer from this very process.
 */
function paste(command: string, cwd: string, env: Record<string, string> = {}) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn('bash', ['-c', command], { cwd, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

describe('every finding can be reproduced by hand, without its secret', () => {
  let demo: DemoEstate;
  let report: Report;
  let token: string;
  let rendered: Record<string, string>;

  beforeAll(async () => {
    demo = await startDemoEstate();
    const context = openContext(demo.dir);
    try {
      const credential = context.vault().get('payments-token');
      assert.equal(credential.type, 'bearer');
      token = (credential as { token: string }).token;
      await runAudit(context.workspace, { store: context.store, vault: context.vault }, { checks: CHECKS });
      report = storedReport(context);
    } finally {
      context.close();
    }
    rendered = {};
    for (const format of ['json', 'md', 'html', 'sarif', 'junit'] as const)
      rendered[format] = String(REPORT_FORMATS[format].render(report));
  }, 180_000);

  afterAll(async () => {
    await demo?.stop();
  });

  const exchanges = (finding: Finding) =>
    finding.evidence.filter((evidence): evidence is HttpExchangeEvidence => evidence.kind === 'http');
  const tableCommands = (checkId: string) =>
    report.findings
      .filter((finding) => finding.checkId === checkId)
      .flatMap((finding) => finding.evidence)
      .flatMap((evidence) => (evidence.kind === 'table' ? evidence.rows : []))
      .map((row) => row.reproduce)
      .filter((command): command is string => typeof command === 'string');

  it('each recorded exchange carries a curl command; the one with the token repeats the request through $PAYMENTS_TOKEN', async () => {
    const all = report.findings.flatMap(exchanges);
    assert.ok(all.length >= 5, `${all.length} exchanges`);
    for (const exchange of all) assert.match(exchange.reproduce ?? '', /^curl -sS -i /);
    const authorized = report.findings
      .filter((finding) => finding.systemId === 'payments' && finding.checkId === 'security.auth')
      .flatMap(exchanges)
      .find(
        (exchange) =>
          exchange.request.headers.authorization === '[redacted]' &&
          exchange.response?.status === 200 &&
          exchange.request.url.startsWith('https:'),
      );
    assert.ok(authorized, 'an exchange of payments sent the credential');
    assert.match(authorized.reproduce!, /-H "authorization: \$PAYMENTS_TOKEN"/i);
    assert.match(authorized.reproduce!, /--cacert certs\/ca\.pem/);
    const run = await paste(authorized.reproduce!, demo.dir, { PAYMENTS_TOKEN: `Bearer ${token}` });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`^HTTP/[\\d.]+ ${authorized.response!.status}`), run.stdout.slice(0, 200));
    const without = await paste(authorized.reproduce!, demo.dir, { PAYMENTS_TOKEN: '' });
    assert.match(without.stdout, /^HTTP\/[\d.]+ 401/, 'the placeholder is what carries the credential');
  });

  it('the TLS handshakes carry openssl s_client lines that give the same answer by hand', async () => {
    const erp = report.findings.find((f) => f.systemId === 'erp' && f.checkId === 'security.tls-version')!;
    const protocols = erp.evidence.find(
      (evidence) => evidence.kind === 'table' && evidence.title?.startsWith('Protocol'),
    );
    assert.ok(protocols?.kind === 'table');
    for (const row of protocols.rows) {
      const command = String(row.reproduce);
      assert.match(command, /^openssl s_client -connect 127\.0\.0\.1:\d+ -tls1/);
      const run = await paste(command, demo.dir);
      // s_client exits 0 when the pinned handshake completes, non-zero when the server refuses the version
      assert.equal(run.status === 0, row.accepted === 'yes', `${command}\n${run.stdout.slice(-400)}${run.stderr}`);
      if (row.accepted === 'yes')
        assert.ok(run.stdout.includes(String(row.cipher)), `${row.cipher} negotiated by hand`);
    }
    const suites = tableCommands('security.tls-version');
    assert.ok(suites.some((command) => /-ciphersuites TLS_/.test(command)));
    assert.ok(suites.some((command) => /-tls1_2 -cipher [A-Z0-9-]+/.test(command)));
    const certificate = report.findings.find((f) => f.systemId === 'erp' && f.checkId === 'security.certificate')!;
    const line = certificate.evidence
      .flatMap((e) => (e.kind === 'list' ? e.items : []))
      .find((i) => i.label === 'Reproduce');
    const verified = await paste(String(line?.value), demo.dir);
    assert.equal(verified.status, 0, verified.stderr);
    assert.match(verified.stdout, /Verify return code: 0 \(ok\)/);
  });

  it('the load steps carry the autocannon line with the same rate, connections and duration', () => {
    const commands = tableCommands('scalability.spike');
    assert.ok(commands.length >= 1);
    for (const command of commands)
      assert.match(
        command,
        /^NODE_EXTRA_CA_CERTS=certs\/ca\.pem npx autocannon -c \d+ -d \d+ --overallRate \d+ (-H "Authorization=\$PAYMENTS_TOKEN" )?https:\/\/127\.0\.0\.1:\d+/,
      );
  });

  it('no byte of the secret is in any command or any report format', () => {
    const commands = [
      ...report.findings.flatMap(exchanges).map((exchange) => exchange.reproduce ?? ''),
      ...CHECKS.flatMap(tableCommands),
    ];
    const forms = [token, encodeURIComponent(token), Buffer.from(token).toString('base64'), token.slice(5)];
    for (const text of [...commands, ...Object.values(rendered)])
      for (const form of forms) assert.equal(text.includes(form), false, `the token (${form.length} chars) leaked`);
    assert.match(rendered.md, /Reproduce:\n\n```sh\ncurl /);
    assert.match(rendered.html, /<div class="reproduce"><span class="muted small">Reproduce<\/span><pre>curl /);
  });

  it('each finding says how it was established, and inferred ones are never shown as observed', () => {
    const basis = (checkId: string) => report.findings.find((finding) => finding.checkId === checkId)?.basis;
    assert.equal(basis('rate-limits.advertised'), 'inferred');
    assert.equal(basis('security.https'), 'observed');
    assert.equal(basis('scalability.spike'), 'observed');
    const advertised = report.findings.filter(
      (finding) => finding.checkId === 'rate-limits.advertised' && finding.status !== 'skip',
    );
    assert.ok(advertised.length > 0);
    const html = rendered.html;
    for (const finding of advertised) {
      const card = html.slice(
        html.indexOf(
          `<code>${finding.checkId}</code> · ${report.systems.find((s) => s.id === finding.systemId)!.name}`,
        ) - 600,
      );
      assert.match(card.slice(0, 800), /<span class="pill inferred"/);
    }
    assert.match(rendered.md, /`rate-limits\.advertised` \(Rate limits\) — \*inferred\*/);
    assert.match(rendered.sarif, /"basis": "inferred"/);
  });
});
