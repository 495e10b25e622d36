import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { parse as parseJunit } from 'junit2json';
import type { Log } from 'sarif';
import { parseDocument } from 'yaml';
import { startDemoEstate, type DemoEstate } from '../../assets/demo/estate.js';
import { isoDay } from '../../src/model/waiver.js';
import { reportSchema, type Report } from '../../src/report/schema.js';
import { runCli } from '../helpers/cli.js';
import { sarifValidator } from '../helpers/sarif.js';

// The demo's quick checks: each run probes every system once and scans TLS, in a few seconds.
const CHECKS = [
  'security.https',
  'security.tls-version',
  'security.certificate',
  'monitoring.latency',
  'architecture.topology',
].join(',');
const DAY = 86_400_000;

describe('waivers and baselines on the demo estate, through the junction CLI', () => {
  let demo: DemoEstate;
  let file: string;
  let first: Report;
  let firstOut: string;

  const audit = async (...extra: string[]) => {
    const out = mkdtempSync(join(tmpdir(), 'junction-waivers-'));
    const result = await runCli(
      ['audit', demo.dir, '--checks', CHECKS, '--format', 'json,md,junit,html,sarif', '--out', out, ...extra],
      { timeoutMs: 120_000 },
    );
    const read = (name: string) => readFileSync(join(out, name), 'utf8');
    const report = result.code === 2 ? undefined : (reportSchema.parse(JSON.parse(read('report.json'))) as Report);
    return { ...result, out, read, report: report! };
  };

  /** Writes junction.yaml's waivers through the yaml Document API, as a person editing the file would keep it. */
  const setWaivers = (waivers: object[]) => {
    const doc = parseDocument(readFileSync(file, 'utf8'));
    doc.set('waivers', doc.createNode(waivers));
    writeFileSync(file, doc.toString());
  };

  beforeAll(async () => {
    demo = await startDemoEstate();
    file = join(demo.dir, 'junction.yaml');
    const result = await audit();
    assert.equal(result.code, 1, result.stderr);
    first = result.report;
    firstOut = result.out;
  });

  afterAll(async () => {
    await demo?.stop();
  });

  it('the demo fails the gate before anything is accepted', () => {
    assert.ok(first.findings.some((finding) => finding.status === 'fail'));
    assert.ok(first.findings.every((finding) => finding.waiver === undefined));
    assert.equal(first.schemaVersion, 2);
  });

  it('waiving every failure turns exit 1 into 0, and every format shows the accepted risks', async () => {
    const failing = first.findings.filter((finding) => finding.status === 'fail' || finding.status === 'error');
    const expires = isoDay(Date.now() + 30 * DAY);
    setWaivers(
      failing.map((finding) => ({
        check: finding.checkId,
        system: finding.systemId,
        reason: `accepted for the pilot: ${finding.checkId}`,
        owner: 'R. Diaz, integration lead',
        expires,
        ticket: 'GOLIVE-7',
      })),
    );
    const result = await audit('--fail-on', 'fail');
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, new RegExp(`Accepted risks: ${failing.length} finding`));
    assert.match(result.stdout, /│ accepted +│/, 'the status column marks the accepted failures');

    const waived = result.report.findings.filter((finding) => finding.waiver);
    assert.equal(waived.length, failing.length);
    for (const finding of waived) {
      assert.ok(finding.status === 'fail' || finding.status === 'error', 'the measured status stays');
      assert.deepEqual(finding.waiver, {
        reason: `accepted for the pilot: ${finding.checkId}`,
        owner: 'R. Diaz, integration lead',
        expires,
        ticket: 'GOLIVE-7',
        expired: false,
      });
    }
    assert.equal(result.report.scores.overall, first.scores.overall, 'scores stay the measured scores');

    const html = result.read('report.html');
    const accepted = html.slice(html.indexOf('<section id="accepted">'), html.indexOf('<section id="attested">'));
    assert.equal(accepted.split('R. Diaz, integration lead').length - 1, failing.length);
    assert.match(html, /Ready with accepted risks|failures? (is|are) accepted/);
    assert.doesNotMatch(html, /<h3>Blocking findings<\/h3>/);

    const markdown = result.read('report.md');
    assert.match(markdown, /## Accepted risks/);
    assert.equal(markdown.split('| R. Diaz, integration lead |').length - 1, failing.length);

    const log = JSON.parse(result.read('report.sarif')) as Log;
    const validate = sarifValidator();
    assert.equal(validate(log), true, JSON.stringify(validate.errors, null, 2));
    const suppressed = log.runs[0].results!.filter((r) => r.suppressions?.length);
    assert.equal(suppressed.length, failing.length);
    assert.deepEqual(suppressed[0].suppressions![0].kind, 'external');
    assert.deepEqual(suppressed[0].suppressions![0].status, 'accepted');

    const junit = (await parseJunit(result.read('junit.xml'))) as {
      failures: number;
      testsuite: { testcase: { skipped?: { message: string }[] }[] }[];
    };
    assert.equal(junit.failures, 0);
    const skipped = junit.testsuite.flatMap((suite) =>
      suite.testcase.filter((testcase) => testcase.skipped?.[0].message.startsWith('waived: accepted for the pilot')),
    );
    assert.equal(skipped.length, failing.length);
  });

  it('the same waiver expired gives exit 1 again and says so', async () => {
    const doc = parseDocument(readFileSync(file, 'utf8'));
    doc.setIn(['waivers', 0, 'expires'], isoDay(Date.now() - DAY));
    writeFileSync(file, doc.toString());
    const expiredOne = doc.getIn(['waivers', 0]) as { toJSON(): { check: string; system: string } };
    const { check, system } = expiredOne.toJSON();
    const result = await audit('--fail-on', 'fail');
    assert.equal(result.code, 1);
    assert.match(
      result.stdout,
      new RegExp(`Waiver expired on ${isoDay(Date.now() - DAY)}: ${check} on ${system} counts again`),
    );
    const finding = result.report.findings.find((f) => f.checkId === check && f.systemId === system)!;
    assert.equal(finding.waiver?.expired, true);
    assert.match(result.read('report.html'), /<span class="pill expired">waiver expired/);
    assert.match(result.read('junit.xml'), /waiver expired on/);
    const results = (JSON.parse(result.read('report.sarif')) as Log).runs[0].results!;
    const sarif = results.find((r) => r.ruleId === check && r.properties?.systemId === system)!;
    assert.deepEqual(sarif.suppressions, []);
  });

  it('--baseline of an earlier run exits 0 when nothing got worse, from its id or its report.json', async () => {
    setWaivers([]);
    const byId = await audit('--baseline', first.run.id);
    assert.equal(byId.code, 0, byId.stdout + byId.stderr);
    assert.deepEqual(
      byId.report.findings
        .filter((finding) => finding.baseline !== 'unchanged')
        .map((f) => [f.systemId, f.checkId, f.baseline]),
      [],
    );
    assert.equal(byId.report.baseline?.run?.id, first.run.id);
    assert.match(byId.stdout, /Baseline .*: 0 new, 0 updated, \d+ unchanged, 0 resolved/);
    const log = JSON.parse(byId.read('report.sarif')) as Log;
    assert.equal(sarifValidator()(log), true);
    assert.ok(log.runs[0].results!.every((result) => result.baselineState === 'unchanged'));

    const byFile = await audit('--baseline', join(firstOut, 'report.json'));
    assert.equal(byFile.code, 0, byFile.stdout + byFile.stderr);

    const wrong = await audit('--baseline', 'no-such-run');
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /no such report file, and no run "no-such-run"/);
  });

  it('--baseline exits 1 when a demo service changes for the worse, counting only what is new or updated', async () => {
    // The commerce API goes away: its checks cannot gather anything any more (error), which is worse than before.
    await demo.services.commerce.stop();
    const result = await audit('--baseline', first.run.id);
    assert.equal(result.code, 1, result.stdout);
    const updated = result.report.findings.filter((finding) => finding.baseline === 'updated');
    assert.ok(updated.length > 0);
    assert.ok(
      updated.every((finding) => finding.systemId === 'commerce'),
      JSON.stringify(updated.map((f) => f.systemId)),
    );
    const html = result.read('report.html');
    assert.match(html.slice(html.indexOf('<section id="changes">')), /Compared with the baseline, run/);
    const log = JSON.parse(result.read('report.sarif')) as Log;
    assert.equal(sarifValidator()(log), true);
    assert.ok(log.runs[0].results!.some((r) => r.baselineState === 'updated' && r.properties?.systemId === 'commerce'));
    // the known failures of the other systems alone would not fail the build
    const known = result.report.findings.filter((f) => f.systemId !== 'commerce' && f.status === 'fail');
    assert.ok(known.length > 0 && known.every((f) => f.baseline === 'unchanged'));
  });
});
