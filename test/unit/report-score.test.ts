import assert from 'node:assert/strict';
import { describe, test } from 'vitest';
import { renderSummary } from '../../src/cli/summary.js';
import type { Finding } from '../../src/model/finding.js';
import { computeScores } from '../../src/model/scores.js';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { sampleReport } from '../helpers/report.js';

const attestedPass = (checkId: string): Finding => ({
  checkId,
  systemId: 'orders',
  category: 'Architecture',
  status: 'pass',
  summary: 'Yes, attested by K. Olsen on 2026-11-01',
  evidence: [],
});

describe('one score: one definition, one number, one label in every format', () => {
  const base = sampleReport();
  // Measured and judged: fail, pass, warn, pass, error = 2.5 of 5 = 50. Counting the attested answers too (a fail
  // and three passes) would give 5.5 of 9 = 61: the two numbers the CLI and the HTML report used to disagree on.
  const findings = [...base.findings, attestedPass('attested.backups'), attestedPass('attested.runbooks')];
  const report = { ...base, findings, scores: computeScores(findings) };

  test('the score counts measured findings only', () => {
    assert.equal(report.scores.overall, 50);
    assert.equal(report.scores.categories.Architecture, undefined, 'attested-only categories have no score');
    assert.deepEqual(report.scores.categories.Security?.counts, { fail: 1, error: 0, warn: 0, pass: 1, skip: 0 });
  });

  test('CLI, Markdown and HTML show that number under the same label', () => {
    assert.match(renderSummary(report, false), /^Score 50\/100 \(measured findings; /m);
    assert.match(renderMarkdown(report), /^\*\*Score: 50\/100\*\* \(measured findings only/m);
    const html = renderHtml(report);
    assert.match(html, /<text[^>]*>50<\/text>[\s\S]*?<div class="muted small">score<\/div>/);
    assert.doesNotMatch(html, /measured score|>61</);
    assert.match(html, /Score: measured findings only/);
  });
});

describe('the findings table', () => {
  test('never cuts a system or check id, so each pastes into --systems and --checks as printed', () => {
    const base = sampleReport();
    const longest = {
      ...base.findings[0],
      checkId: 'security.transport-headers',
      systemId: 'order-management-gateway',
    };
    const report = {
      ...base,
      systems: [...base.systems, { id: longest.systemId, name: 'Gateway', baseUrl: 'https://gateway.test' }],
      findings: [...base.findings, longest],
    };
    const table = renderSummary(report, false);
    assert.match(table, /│ order-management-gateway │ security\.transport-headers +│/);
    assert.doesNotMatch(table, /…/);
  });
});
