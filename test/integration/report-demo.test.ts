import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { parse as parseJunit } from 'junit2json';
import { chromium, type Browser } from 'playwright-core';
import type { Log } from 'sarif';
import { parseDocument } from 'yaml';
import { startDemoEstate, type DemoEstate } from '../../assets/demo/estate.js';
import { isAttested } from '../../src/model/attestation.js';
import { CHECKS } from '../../checks/index.js';
import { openContext } from '../../src/estate/context.js';
import { runAudit } from '../../src/audit/runner.js';
import { flowsImportCommand } from '../../src/cli/actions/flows.js';
import { HTML_SECTIONS } from '../../src/report/html.js';
import { ingestSpec } from '../../src/openapi/ingest.js';
import { lintHits } from '../../src/openapi/lint.js';
import { LINT_RULES } from '../../src/model/lint-rules.js';
import { OWASP_API_TOP10 } from '../../src/model/owasp.js';
import { REPORT_FORMAT_NAMES, writeReports } from '../../src/report/index.js';
import { CHROMIUM_ARGS, chromiumPath } from '../../src/report/pdf.js';
import { reportSchema, type Report } from '../../src/report/schema.js';
import { storedReport } from '../../src/report/stored.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { sarifValidator } from '../helpers/sarif.js';

/** Where the screenshot and PDF pages go for a person to look at. */
const OUTPUT = join(REPO_ROOT, 'test-output', 'report');

// Fast checks (one baseline, one TLS scan, the spec's lint, anonymous calls) and the attested ones: the slow and
// load-heavy ones have their own tests.
const FAST = new Set([
  'security.https',
  'security.tls-version',
  'security.certificate',
  'security.auth',
  'monitoring.latency',
  'monitoring.coverage',
  'monitoring.silent-flows',
  'architecture.topology',
  'documentation.lint',
  'rate-limits.advertised',
]);
const ATTESTED_IDS = CHECKS.filter((check) => isAttested(check.id)).map((check) => check.id);
const CHECK_IDS = CHECKS.filter((check) => FAST.has(check.id) || isAttested(check.id)).map((check) => check.id);

describe('the demo estate’s readiness report, in every format', () => {
  let demo: DemoEstate;
  let browser: Browser;
  let report: Report;
  let out: string;
  let written: string[];

  beforeAll(async () => {
    demo = await startDemoEstate();
    const first = openContext(demo.dir);
    try {
      await runAudit(first.workspace, { store: first.store, vault: first.vault }, { checks: ATTESTED_IDS });
    } finally {
      first.close();
    }
    // Between the runs the ERP team encrypts its data and says so: the report shows the item as fixed.
    const file = join(demo.dir, 'junction.yaml');
    const doc = parseDocument(readFileSync(file, 'utf8'));
    const erp = (doc.toJS().systems as { id: string }[]).findIndex((system) => system.id === 'erp');
    doc.setIn(['systems', erp, 'attestations', 0, 'answer'], 'yes');
    writeFileSync(file, doc.toString());
    // As `junction demo` does: the services talk, their logs and traces are imported, so the run observes flows.
    await demo.traffic();
    await flowsImportCommand(demo.dir, { quiet: true });
    const context = openContext(demo.dir);
    try {
      await runAudit(context.workspace, { store: context.store, vault: context.vault }, { checks: CHECK_IDS });
      report = storedReport(context);
    } finally {
      context.close();
    }
    out = mkdtempSync(join(tmpdir(), 'junction-report-'));
    written = await writeReports(report, REPORT_FORMAT_NAMES, out);
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    mkdirSync(OUTPUT, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('writes every format', () => {
    assert.deepEqual(written.map((path) => path.slice(out.length + 1)).sort(), [
      'junit.xml',
      'report.html',
      'report.json',
      'report.md',
      'report.pdf',
      'report.sarif',
    ]);
    const json = reportSchema.parse(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')));
    assert.equal(json.run.id, report.run.id);
    const markdown = readFileSync(join(out, 'report.md'), 'utf8');
    assert.match(
      markdown,
      /#### Attested \(declared in junction\.yaml, not measured\)\n\n#### ✅ pass `attested\.encryption-at-rest` \(Security\) — \*attested\*/,
    );
  });

  it('covers the OWASP API Security Top 10 risk by risk: probed, linted, attested or not covered', async () => {
    const rows = report.owasp!;
    assert.deepEqual(
      rows.map((row) => row.risk),
      OWASP_API_TOP10.map((risk) => risk.id),
    );
    const row = (risk: string) => rows.find((candidate) => candidate.risk === risk)!;
    // API8: plain HTTP serves the ERP (security.https fails there), and the specs ran the misconfiguration rules
    const api8 = row('API8:2023');
    assert.deepEqual(api8.coverage, ['probed', 'linted']);
    assert.equal(
      api8.probed.find((finding) => finding.checkId === 'security.https' && finding.systemId === 'erp')?.status,
      'fail',
    );
    // the lint figures are the linter's own on the same spec, for each risk
    const spec = await ingestSpec(join(demo.dir, 'specs', 'payments.yaml'), 'payments.yaml');
    const hits = lintHits(spec).hits;
    for (const { risk } of rows.filter((candidate) => candidate.linted.length > 0)) {
      const payments = row(risk).linted.find((linted) => linted.systemId === 'payments')!;
      const expected = hits.filter((hit) => (LINT_RULES[hit.rule] as { owasp?: string }).owasp === risk).length;
      assert.equal(payments.results, expected, risk);
    }
    assert.deepEqual(
      row('API8:2023')
        .linted.map((linted) => linted.systemId)
        .sort(),
      ['commerce', 'payments'],
    );
    // API2: the payments API refuses anonymous calls and accepts its credential (security.auth)
    assert.ok(row('API2:2023').coverage.includes('probed'));
    assert.ok(row('API2:2023').probed.some((f) => f.checkId === 'security.auth' && f.systemId === 'payments'));
    // API4: the rate limit headers were read live
    assert.ok(row('API4:2023').probed.some((f) => f.checkId === 'rate-limits.advertised'));
    // API6: no probe or rule can see business-flow abuse; the payments owner attested it
    assert.deepEqual(row('API6:2023').coverage, ['attested']);
    assert.deepEqual(
      row('API6:2023').attested.map((answer) => [answer.systemId, answer.answer, answer.by]),
      [['payments', 'yes', 'S. Patel, CISO']],
    );
    // API10 (unsafe consumption of APIs): nothing in this run speaks to it, and the report says so
    assert.deepEqual(row('API10:2023').coverage, []);
    const markdown = readFileSync(join(out, 'report.md'), 'utf8');
    assert.match(markdown, /## OWASP API Security Top 10 coverage/);
    assert.match(
      markdown,
      /\| \[API10:2023\]\(https:\/\/owasp\.org\/[^)]+\) Unsafe Consumption of APIs \| \*\*not covered\*\* \|/,
    );
    assert.match(markdown, /\| \[API6:2023\][^\n]*\| attested \|[^\n]*Payments API: yes \(S\. Patel, CISO, /);
    const json = reportSchema.parse(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')));
    assert.deepEqual(json.owasp, rows);
  });

  it('compares with the previous run: the newly attested encryption is fixed', () => {
    const change = report.comparison!.changes.find(
      (c) => c.systemId === 'erp' && c.checkId === 'attested.encryption-at-rest',
    );
    assert.deepEqual([change?.before, change?.after], ['fail', 'pass']);
    const context = openContext(demo.dir);
    try {
      const [latest, first] = context.store.runs.list();
      assert.equal(report.comparison!.previousRun.id, first.id);
      assert.equal(
        storedReport(context, { runId: first.id }).comparison,
        undefined,
        'the first run has nothing before it',
      );
      const backwards = storedReport(context, { runId: first.id, compareWith: latest.id }).comparison!;
      assert.equal(
        backwards.changes.find((c) => c.systemId === 'erp' && c.checkId === 'attested.encryption-at-rest')?.after,
        'fail',
      );
    } finally {
      context.close();
    }
  });

  it('the HTML opens in Chromium without console errors, shows every section and no outside request', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`file://${join(out, 'report.html')}`);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      requests.filter((url) => !url.startsWith('file://')),
      [],
    );
    for (const section of HTML_SECTIONS) {
      const heading = page.locator(`section#${section.id} > h2`);
      assert.equal(await heading.textContent(), section.title);
      assert.equal(await heading.isVisible(), true, section.id);
    }
    assert.ok(
      (await page.locator('#flows svg.graph g').count()) >= 3,
      'a node per demo system, and the peers seen in logs',
    );
    assert.ok(
      (await page.locator('#flows svg.graph path[stroke-dasharray]').count()) >= 1,
      'an observed, undeclared flow is drawn dashed',
    );
    assert.match((await page.locator('#flows table').textContent())!, /\d+ req/);
    assert.equal(await page.locator('#latency svg.chart').count(), 3, 'one waterfall per system');
    assert.match((await page.locator('#changes').textContent())!, /fixed/);
    assert.ok((await page.locator('#attested article.is-attested').count()) >= 8);
    assert.equal(await page.locator('#findings article.is-attested').count(), 0);
    assert.equal(await page.locator('#owasp tbody tr').count(), 10, 'one row per OWASP risk');
    assert.match((await page.locator('#owasp tr[data-risk="API10:2023"]').textContent())!, /not covered/);
    assert.match((await page.locator('#owasp tr[data-risk="API6:2023"]').textContent())!, /yesPayments API: S\. Patel/);
    assert.match(
      (await page.locator('#owasp tr[data-risk="API8:2023"]').textContent())!,
      /security\.https.*Legacy ERP fail/,
    );
    await page.screenshot({ path: join(OUTPUT, 'report.png'), fullPage: true });
    // Pictures a person can look at without scrolling: the first screen and a few sections.
    await page.screenshot({ path: join(OUTPUT, 'report-top.png') });
    for (const id of ['checklist', 'owasp', 'changes', 'attested', 'flows'])
      await page.locator(`section#${id}`).screenshot({ path: join(OUTPUT, `section-${id}.png`) });
    await page.close();
  });

  it('the PDF has A4 pages that pdftoppm turns into pictures', () => {
    const pdf = readFileSync(join(out, 'report.pdf'));
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    for (const file of readdirSync(OUTPUT).filter((name) => name.startsWith('page-'))) rmSync(join(OUTPUT, file));
    execFileSync('pdftoppm', ['-r', '50', '-png', join(out, 'report.pdf'), join(OUTPUT, 'page')]);
    const pages = readdirSync(OUTPUT).filter((name) => /^page-\d+\.png$/.test(name));
    assert.ok(pages.length >= 4, `${pages.length} pages`);
    const info = execFileSync('pdfinfo', [join(out, 'report.pdf')]).toString();
    assert.match(info, /Page size:.*pts \(A4\)/);
    assert.match(
      execFileSync('pdftotext', ['-f', '1', '-l', '1', join(out, 'report.pdf'), '-']).toString(),
      /Executive summary[\s\S]*Not ready/,
    );
  });

  it('the SARIF validates against the SARIF 2.1.0 schema and covers every finding', () => {
    const log = JSON.parse(readFileSync(join(out, 'report.sarif'), 'utf8')) as Log;
    const validate = sarifValidator();
    assert.equal(validate(log), true, JSON.stringify(validate.errors, null, 2));
    assert.equal(log.runs[0].results!.length, report.findings.length);
    const https = log.runs[0].results!.find(
      (result) => result.ruleId === 'security.https' && result.properties!.systemId === 'erp',
    )!;
    assert.equal(https.level, 'error');
    const location = https.locations![0].physicalLocation!;
    assert.equal(location.artifactLocation!.uri, 'junction.yaml');
    const line = readFileSync(join(demo.dir, 'junction.yaml'), 'utf8').split('\n')[location.region!.startLine! - 1];
    assert.match(line, /id: erp/, 'the region is the erp entry in junction.yaml');
  });

  it('the JUnit file reads back through a JUnit parser with one suite per system', async () => {
    const parsed = (await parseJunit(readFileSync(join(out, 'junit.xml'), 'utf8'))) as {
      testsuite: { name: string; tests: number; failures: number; testcase: { name: string; failure?: unknown[] }[] }[];
    };
    assert.deepEqual(parsed.testsuite.map((suite) => suite.name).sort(), [
      'Commerce API',
      'Legacy ERP',
      'Payments API',
    ]);
    const erp = parsed.testsuite.find((suite) => suite.name === 'Legacy ERP')!;
    assert.equal(erp.tests, report.findings.filter((finding) => finding.systemId === 'erp').length);
    assert.equal(
      erp.failures,
      report.findings.filter((finding) => finding.systemId === 'erp' && finding.status === 'fail').length,
    );
    assert.ok(erp.testcase.find((testcase) => testcase.name === 'security.https')!.failure);
  });

  it('`junction report` renders the latest stored run from the command line', async () => {
    const cliOut = mkdtempSync(join(tmpdir(), 'junction-report-cli-'));
    const result = await runCli(['report', demo.dir, '--format', 'html,json', '--no-compare', '--out', cliOut]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`Report of run ${report.run.id}`));
    assert.match(
      readFileSync(join(cliOut, 'report.html'), 'utf8'),
      /No earlier run of this workspace to compare with[\s\S]*<section id="not-checked">/,
    );
    assert.equal(JSON.parse(readFileSync(join(cliOut, 'report.json'), 'utf8')).comparison, undefined);
    const unknown = await runCli(['report', demo.dir, '--run', 'nope', '--out', cliOut]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no run "nope"/);
  });
});
