import type { SpecDocumentSummary, SpecLintResult } from '../src/model/artifacts/spec.js';
import { defineCheck } from './contract.js';
import { type Evidence } from '../src/model/finding.js';
import { appliesToSpec, specSummaryEvidence, writtenAt } from './lib/spec.js';
import { table } from './lib/evidence.js';

/** ` (line 12)` in the root document, ` (paths/menu.yaml line 12)` in another file */
const placeText = ({ file, line }: SpecLintResult['examples'][number]) =>
  file || line ? ` (${[file, line && `line ${line}`].filter(Boolean).join(' ')})` : '';

function lintTable(title: string, results: readonly SpecLintResult[], spec: SpecDocumentSummary): Evidence {
  return table(
    title,
    [
      { key: 'severity', label: 'Severity', type: 'text' },
      { key: 'rule', label: 'Rule', type: 'code' },
      { key: 'count', label: 'Count', type: 'number' },
      { key: 'first', label: 'First place', type: 'code' },
      { key: 'message', label: 'Example', type: 'text' },
      { key: 'fix', label: 'Fix', type: 'text' },
    ],
    results.map((result) => {
      const first = result.examples[0];
      return {
        severity: result.severity,
        rule: result.rule,
        count: result.count,
        first: first ? `${first.pointer}${placeText(first)}` : null,
        message: first?.message ?? null,
        fix: result.fix,
        ...(first ? writtenAt(spec, first) : {}),
      };
    }),
  );
}

export const documentationLint = defineCheck({
  id: 'documentation.lint',
  category: 'Documentation',
  basis: 'inferred',
  title: 'The spec follows OpenAPI and integration conventions',
  failureTitle: 'The spec breaks OpenAPI or integration conventions',
  description:
    "Spectral's spectral:oas ruleset (its rule ids, default severities and results: operationIds, success responses, " +
    'tags, descriptions, servers, path parameters, valid examples, unused components, no $ref siblings, …) plus ' +
    'integration rules: error and 429 responses documented, security declared per operation, pagination for ' +
    'collections, idempotency keys for unsafe operations. The OWASP API Security Top 10 rules run too; their results ' +
    "are listed here and counted in the report's OWASP coverage, not in this verdict. Settings: `lint:` in junction.yaml. " +
    'Learn more: https://docs.stoplight.io/docs/spectral/4dec24461f3af-open-api-rules',
  requires: ['spec'],
  appliesTo: appliesToSpec,
  judge({ spec }) {
    const references = [
      { title: 'Spectral OpenAPI rules', url: 'https://docs.stoplight.io/docs/spectral/4dec24461f3af-open-api-rules' },
      { title: 'RFC 6585 §4: 429 Too Many Requests', url: 'https://www.rfc-editor.org/rfc/rfc6585#section-4' },
    ];
    if (!spec.lint)
      return {
        status: 'error',
        summary: `The spec could not be linted: ${spec.problems[0]?.message ?? 'unreadable'}`,
        evidence: [],
      };
    const evidence: Evidence[] = [specSummaryEvidence(spec)];
    // OWASP results belong to the risks they address (the report's coverage table), not to documentation quality
    const judged = spec.lint.filter((result) => result.source !== 'owasp');
    const owasp = spec.lint.filter((result) => result.source === 'owasp');
    const errors = judged.filter((result) => result.severity === 'error');
    const warnings = judged.filter((result) => result.severity === 'warn');
    if (judged.length > 0) evidence.push(lintTable('Lint rules that matched', judged, spec));
    if (owasp.length > 0) evidence.push(lintTable('OWASP API Security Top 10 rules that matched', owasp, spec));
    const count = (results: SpecLintResult[]) => results.reduce((total, result) => total + result.count, 0);
    const names = (results: SpecLintResult[]) =>
      results
        .slice(0, 4)
        .map((result) => `${result.rule} ×${result.count}`)
        .join(', ');
    if (errors.length > 0) {
      return {
        status: 'fail',
        summary: `${count(errors)} lint error${count(errors) === 1 ? '' : 's'}: ${names(errors)}`,
        evidence,
        remediation: errors.map((result) => result.fix).join(' '),
        references,
      };
    }
    if (warnings.length > 0) {
      return {
        status: 'warn',
        summary: `${count(warnings)} lint warning${count(warnings) === 1 ? '' : 's'}: ${names(warnings)}`,
        evidence,
        remediation: warnings
          .slice(0, 4)
          .map((result) => result.fix)
          .join(' '),
        references,
      };
    }
    return {
      status: 'pass',
      summary: `No lint errors or warnings over ${spec.operations.length} operations${
        owasp.length > 0 ? ` (OWASP rules: ${count(owasp)} results, see the OWASP coverage)` : ''
      }`,
      evidence,
      references,
    };
  },
});
