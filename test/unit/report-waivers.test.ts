import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { parse as parseJunit } from 'junit2json';
import type { Log } from 'sarif';
import { applyWaivers, waiverUses, type Waiver } from '../../src/model/waiver.js';
import { compareWithBaseline } from '../../src/report/compare.js';
import { overallVerdict, renderHtml } from '../../src/report/html.js';
import { renderJunit } from '../../src/report/junit.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderSarif } from '../../src/report/sarif.js';
import type { Report } from '../../src/report/schema.js';
import { sampleReport } from '../helpers/report.js';
import { sarifValidator } from '../helpers/sarif.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const WAIVERS: Waiver[] = [
  {
    check: 'security.https',
    system: 'orders',
    reason: 'plain HTTP only inside the <DMZ> until the proxy moves',
    owner: 'K. Olsen, platform lead',
    expires: '2027-02-28',
    ticket: 'OPS-42',
  },
  { check: 'attested.encryption-at-rest', reason: 'disk encryption rollout', owner: 'CISO', expires: '2026-11-01' },
  { check: 'caching.http', reason: 'nothing to cache', owner: 'CISO', expires: '2027-01-01' },
];

/** The sample report as `junction report --baseline` builds it: waivers applied, then compared with a baseline. */
function waivedReport(): Report {
  const sample = sampleReport();
  const measured = sample.findings;
  const baselineFindings = measured
    .filter((finding) => finding.checkId !== 'documentation.spec-valid')
    .concat({ ...measured[0], systemId: 'billing', checkId: 'caching.http', status: 'warn', summary: 'no ETag' });
  const compared = compareWithBaseline(baselineFindings, applyWaivers(measured, WAIVERS, NOW));
  return {
    ...sample,
    findings: compared.findings,
    waivers: waiverUses(measured, WAIVERS, NOW),
    baseline: {
      source: 'run-1',
      run: { id: 'run-1', startedAt: '2026-11-19T10:00:00.000Z' },
      resolved: compared.resolved,
    },
  };
}

describe('accepted risks and baselines in every format', () => {
  const report = waivedReport();

  it('SARIF: an accepted risk is suppressed externally, an expired one is not, and every result has its baselineState', () => {
    const log = JSON.parse(renderSarif(report)) as Log;
    const validate = sarifValidator();
    assert.equal(validate(log), true, JSON.stringify(validate.errors, null, 2));
    const results = log.runs[0].results!;
    const of = (systemId: string, checkId: string) =>
      results.find((result) => result.ruleId === checkId && result.properties?.systemId === systemId)!;
    assert.deepEqual(of('orders', 'security.https').suppressions, [
      {
        kind: 'external',
        status: 'accepted',
        justification:
          'plain HTTP only inside the <DMZ> until the proxy moves (accepted by K. Olsen, platform lead until 2027-02-28, OPS-42)',
        properties: { owner: 'K. Olsen, platform lead', expires: '2027-02-28', ticket: 'OPS-42' },
      },
    ]);
    assert.equal(of('orders', 'security.https').level, 'error', 'the measured level stays');
    assert.deepEqual(of('orders', 'attested.encryption-at-rest').suppressions, [], 'expired: not suppressed');
    assert.equal(of('orders', 'attested.encryption-at-rest').properties!.waiverExpired, '2026-11-01');
    assert.equal(of('billing', 'security.https').suppressions, undefined);
    assert.equal(of('orders', 'documentation.spec-valid').baselineState, 'new');
    assert.equal(of('orders', 'security.https').baselineState, 'unchanged');
    const absent = results.filter((result) => result.baselineState === 'absent');
    assert.deepEqual(
      absent.map((result) => [result.ruleId, result.properties!.systemId, result.kind]),
      [['caching.http', 'billing', 'pass']],
    );
    assert.equal(results.length, report.findings.length + 1);
  });

  it('JUnit: an accepted risk is skipped with "waived: …", an expired waiver fails and says so', async () => {
    const xml = renderJunit(report);
    const parsed = (await parseJunit(xml)) as {
      testsuite: {
        id: string;
        failures: number;
        skipped: number;
        testcase: { name: string; skipped?: { message: string }[]; failure?: { message: string }[] }[];
      }[];
    };
    const orders = parsed.testsuite.find((suite) => suite.id === 'orders')!;
    const https = orders.testcase.find((testcase) => testcase.name === 'security.https')!;
    assert.equal(https.failure, undefined);
    assert.equal(
      https.skipped![0].message,
      'waived: plain HTTP only inside the <DMZ> until the proxy moves (accepted by K. Olsen, platform lead until 2027-02-28, OPS-42)',
    );
    const encryption = orders.testcase.find((testcase) => testcase.name === 'attested.encryption-at-rest')!;
    assert.match(encryption.failure![0].message, /^waiver expired on 2026-11-01: /);
    assert.equal(orders.failures, 1);
    assert.equal(orders.skipped, 1);
  });

  it('HTML: an Accepted risks section with owner, reason and expiry, out of the blocking findings', () => {
    const html = renderHtml(report);
    const section = html.slice(html.indexOf('<section id="accepted">'), html.indexOf('<section id="attested">'));
    assert.match(
      section,
      /K\. Olsen, platform lead<\/td><td>plain HTTP only inside the &lt;DMZ&gt; until the proxy moves<\/td><td class="nowrap">2027-02-28<\/td><td>OPS-42/,
    );
    assert.match(section, /expired 2026-11-01/);
    assert.match(section, /Waivers that cover no finding of this run: <code>caching\.http<\/code>/);
    const start = html.indexOf('<h3>Blocking findings</h3>');
    const blocking = html.slice(start, html.indexOf('</ol>', start));
    assert.doesNotMatch(blocking, /plain HTTP serves content/, 'the accepted failure is not blocking');
    assert.match(blocking, /attested/, 'the expired waiver blocks again');
    assert.match(html, /1 failure is accepted as risk \(see Accepted risks\)/);
    assert.match(html, /<span class="pill accepted">accepted risk<\/span>/);
    assert.match(html, /<span class="pill baseline">new<\/span>/);
    assert.match(
      html.slice(html.indexOf('<section id="changes">')),
      /Compared with the baseline, run <code>run-1<\/code>[\s\S]*Resolved since the baseline[\s\S]*caching\.http/,
    );
  });

  it('the verdict counts accepted failures apart: only accepted failures left is ready with accepted risks', () => {
    const accepted = report.findings.filter((finding) => finding.waiver && !finding.waiver.expired);
    assert.deepEqual(overallVerdict(accepted).label, 'Ready with accepted risks');
    assert.match(overallVerdict(accepted).text, /1 failure is accepted/);
  });

  it('Markdown: the accepted risks table, the marks on each finding and the changes since the baseline', () => {
    const markdown = renderMarkdown(report);
    assert.match(markdown, /1 failure\(s\) accepted as risks: see Accepted risks\./);
    assert.match(markdown, /## Accepted risks/);
    assert.ok(
      markdown.includes(
        '| Orders API | `security.https` | ❌ fail | K. Olsen, platform lead | ' +
          'plain HTTP only inside the <DMZ> until the proxy moves | 2027-02-28 | OPS-42 |',
      ),
    );
    assert.match(markdown, /\*\*expired 2026-11-01: counts again\*\*/);
    assert.match(markdown, /#### ❌ fail `security\.https` \(Security\) · unchanged · \*accepted risk\*/);
    assert.match(markdown, /#### ⚠️ warn `documentation\.spec-valid` \(Documentation\) · new/);
    assert.match(
      markdown,
      /## Changes since the baseline[\s\S]*Resolved since the baseline: `caching\.http` on billing \(not run now\)/,
    );
  });
});
