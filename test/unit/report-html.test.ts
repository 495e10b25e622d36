import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { HTML_SECTIONS, overallVerdict, renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { NO_SPEC } from '../../src/report/spec-state.js';
import { UNANSWERED_SUMMARY } from '../../src/model/attestation.js';
import { sampleReport } from '../helpers/report.js';

const sectionOf = (html: string, id: string) => {
  const start = html.indexOf(`<section id="${id}">`);
  assert.ok(start >= 0, `section ${id}`);
  return html.slice(start, html.indexOf('</section>', start));
};

describe('HTML readiness report', () => {
  const html = renderHtml(sampleReport());

  it('is one self-contained file: no scripts, no external resources', () => {
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /<link /i);
    assert.doesNotMatch(html, /(src|href)="(?!#|https?:\/\/)[a-z]+:/i, 'only in-page and http(s) links');
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
  });

  it('has every section, in order', () => {
    const positions = HTML_SECTIONS.map((section) => html.indexOf(`<section id="${section.id}">`));
    assert.ok(
      positions.every((position) => position > 0),
      JSON.stringify(positions),
    );
    assert.deepEqual(
      [...positions].sort((a, b) => a - b),
      positions,
    );
  });

  it('escapes what findings and the estate say', () => {
    assert.match(html, /plain HTTP serves content &lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(html, /Sample &amp; &lt;estate&gt;/);
    assert.doesNotMatch(html, /href="javascript:/);
  });

  it('renders every evidence kind generically', () => {
    const findings = sectionOf(html, 'findings');
    assert.match(findings, /<dl class="kv"><dt>Strict-Transport-Security<\/dt>/, 'list');
    assert.match(
      findings,
      /<pre class="request">GET http:\/\/orders.test\/health\nauthorization: \[redacted\]<\/pre>/,
      'http request',
    );
    assert.match(
      findings,
      /<pre class="response">HTTP 200\ncontent-type: application\/json\n\n\{&quot;ok&quot;:true\}<\/pre>/,
      'http response',
    );
    assert.match(findings, /30\.3 ms/, 'ms column');
    assert.match(findings, /2\.0 KiB/, 'bytes column');
    assert.match(findings, /<span class="http-status s5xx">503<\/span>/, 'status column');
    assert.match(findings, /<a href="https:\/\/orders.test\/health">/, 'url column');
    assert.match(findings, /12,345/, 'number column');
    assert.match(findings, /<svg class="chart"[^>]*aria-label="time series in ms"/, 'series as a chart');
    assert.match(findings, /Measured from the audit host\./, 'text');
  });

  it('keeps attested findings apart from measured ones', () => {
    assert.doesNotMatch(sectionOf(html, 'findings'), /attested\.encryption-at-rest/);
    const attested = sectionOf(html, 'attested');
    assert.match(attested, /attested\.encryption-at-rest/);
    assert.match(attested, /<span class="pill attested">attested<\/span>/);
    assert.match(sectionOf(html, 'checklist'), /<div class="attested-line">attested <span class="box no">☐<\/span>/);
  });

  it('fills the checklist with ☑, ☐ and — per system and category', () => {
    const checklist = sectionOf(html, 'checklist');
    const row = (category: string) => checklist.match(new RegExp(`<th scope="row">${category}</th>(.*?)</tr>`))![1];
    assert.match(
      row('Security'),
      /^<td><span class="box no">☐<\/span> <span class="small">1 fail<\/span>.*<td><span class="box yes">☑<\/span>/,
    );
    assert.match(
      row('Scalability'),
      /<td><span class="muted">—<\/span><\/td><td><span class="muted">skipped<\/span><\/td>/,
    );
    assert.match(row('Caching'), /^<td><span class="muted">—<\/span><\/td><td><span class="muted">—<\/span><\/td>$/);
  });

  it('draws the flow graph, the latency waterfall and lists specs, changes and what was not checked', () => {
    const flows = sectionOf(html, 'flows');
    assert.match(flows, /<svg class="graph"/);
    assert.match(flows, /http: invoice on order · 5,400 req · p95 85 ms/);
    assert.match(flows, /not in the audit/, 'a flow target outside the audit is drawn, marked');
    assert.equal(
      (flows.match(/stroke-dasharray="6 4" marker-end="url\(#arrow-warn\)"/g) ?? []).length,
      1,
      'the undeclared flow is dashed',
    );
    assert.match(flows, /<span class="pill warn">undeclared<\/span><\/td><td>1,200 req · 5xx 2\.0%<\/td>/);
    assert.match(
      sectionOf(html, 'latency'),
      /<svg class="chart"[^>]*aria-label="request phase timings"[\s\S]*timeout-total/,
    );
    assert.match(
      sectionOf(html, 'specs'),
      /specs\/orders\.yaml<\/code><\/td><td>Orders<\/td><td>1\.4\.0<\/td><td>3\.0\.3<\/td>/,
    );
    assert.match(sectionOf(html, 'changes'), /new problem[\s\S]*security\.https/);
    const notChecked = sectionOf(html, 'not-checked');
    assert.match(notChecked, /no load allowance/);
    assert.match(notChecked, /Could not gather http: timed out/);
  });

  it('reports a run without the optional context without failing', () => {
    const bare = renderHtml({
      ...sampleReport(),
      flows: undefined,
      specs: undefined,
      latency: undefined,
      comparison: undefined,
      workspace: undefined,
    });
    for (const section of HTML_SECTIONS) assert.ok(bare.includes(`<section id="${section.id}">`), section.id);
    assert.match(bare, /No earlier run of this workspace to compare with/);
  });
});

describe('overall verdict', () => {
  const finding = (status: 'pass' | 'warn' | 'fail' | 'error' | 'skip', checkId = 'security.https') => ({
    checkId,
    systemId: 's',
    category: 'Security' as const,
    status,
    summary: '',
    evidence: [],
  });

  it('is not ready on any failure, measured or attested, and says which', () => {
    assert.deepEqual(overallVerdict([finding('pass'), finding('fail', 'attested.backups')]).label, 'Not ready');
    assert.match(
      overallVerdict([finding('fail'), finding('fail', 'attested.backups')]).text,
      /^1 measured and 1 attested blocking findings/,
    );
  });

  it('is incomplete on errors, reserved on warnings, ready otherwise', () => {
    assert.equal(overallVerdict([finding('error'), finding('warn')]).label, 'Not ready: audit incomplete');
    assert.equal(overallVerdict([finding('warn'), finding('pass')]).label, 'Ready with reservations');
    assert.equal(overallVerdict([finding('pass'), finding('skip')]).label, 'Ready');
  });
});

describe('the specs table and attested marks say what is true, in HTML and Markdown', () => {
  const report = {
    ...sampleReport(),
    specs: [
      ...sampleReport().specs!,
      { systemId: 'billing', source: '', error: NO_SPEC },
      { systemId: 'ledger', source: 'specs/ledger.yaml', error: 'cannot be read: file not found' },
    ],
    findings: [
      ...sampleReport().findings,
      {
        checkId: 'attested.backups',
        systemId: 'billing',
        category: 'Architecture' as const,
        status: 'warn' as const,
        title: 'Not attested yet: Backups are taken and a restore was tested',
        summary: UNANSWERED_SUMMARY,
        evidence: [],
      },
    ],
  };
  const html = renderHtml(report);
  const markdown = renderMarkdown(report);

  it('a system without a spec has none, an unread spec says why: neither is "0 invalid"', () => {
    const specs = sectionOf(html, 'specs');
    const row = (system: string) => specs.match(new RegExp(`<tr><td>${system}</td>(.*?)</tr>`))![1];
    assert.match(row('Billing'), /<span class="muted">none<\/span>.*no spec declared \(systems\[\]\.spec\)/);
    assert.doesNotMatch(row('Billing'), /invalid|<td class="num">0/);
    assert.match(row('ledger'), /<code>specs\/ledger\.yaml<\/code>.*not read: cannot be read: file not found/);
    assert.doesNotMatch(row('ledger'), /invalid/);
    assert.match(row('Orders API'), /<span class="pill pass">valid<\/span>/);

    assert.match(markdown, /## Specs and versions audited/);
    assert.match(markdown, /\| Billing \| none \|[^\n]*\| no spec declared \(systems\[\]\.spec\) \|/);
    assert.match(markdown, /\| ledger \| `specs\/ledger\.yaml` \|[^\n]*\| not read: cannot be read: file not found \|/);
    assert.match(markdown, /\| Orders API \| `specs\/orders\.yaml` \| Orders \| 1\.4\.0 \| 3\.0\.3 \| 12 \| valid \|/);
  });

  it('an attestation nobody answered is marked "not attested", never "attested"', () => {
    const card = sectionOf(html, 'attested').match(
      /<article[^>]*>(?:(?!<\/article>)[\s\S])*attested\.backups[\s\S]*?<\/article>/,
    )![0];
    assert.match(card, /<span class="pill attested">not attested<\/span>/);
    assert.match(card, /Not attested yet: Backups are taken and a restore was tested/);
    assert.doesNotMatch(card, /Unconfirmed|<span class="pill attested">attested</);
    assert.match(markdown, /#### ⚠️ warn `attested\.backups` \(Architecture\) — \*not attested\*/);
    // an answered one keeps its mark
    assert.match(markdown, /`attested\.owner` \(Documentation\) — \*attested\*/);
  });
});
