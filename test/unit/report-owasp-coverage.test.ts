import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { CHECKS } from '../../checks/index.js';
import { checkInfo } from '../../checks/contract.js';
import type { Finding, Status } from '../../src/model/finding.js';
import { LINT_RULES } from '../../src/model/lint-rules.js';
import { OWASP_API_TOP10 } from '../../src/model/owasp.js';
import { owaspCoverage } from '../../src/report/owasp-coverage.js';

const checks = Object.fromEntries(CHECKS.map((check) => [check.id, checkInfo(check)]));
const finding = (checkId: string, status: Status, systemId = 'orders'): Finding => ({
  checkId,
  systemId,
  category: 'Security',
  status,
  summary: status,
  evidence: [],
});
const row = (rows: ReturnType<typeof owaspCoverage>, risk: string) => rows.find((r) => r.risk === risk)!;

describe('the OWASP coverage of a report', () => {
  it('every risk is reachable: each has a check, an OWASP lint rule or the attestation item that speaks to it', () => {
    const rules = Object.values(LINT_RULES).flatMap((rule) => ('owasp' in rule && rule.owasp ? [rule.owasp] : []));
    const probed = CHECKS.flatMap((check) => check.owasp ?? []);
    // API6 and API10 are what no probe or rule sees: only an owner can answer them
    assert.deepEqual(
      OWASP_API_TOP10.map((risk) => risk.id).filter((risk) => !rules.includes(risk) && !probed.includes(risk)),
      ['API6:2023', 'API10:2023'],
    );
  });

  it('a check probes its risks only with a verdict: skip and error cover nothing', () => {
    const skipped = owaspCoverage(checks, [finding('rate-limits.enforced', 'skip')], []);
    assert.deepEqual(row(skipped, 'API4:2023').coverage, []);
    assert.equal(row(skipped, 'API4:2023').probed.length, 1, 'the skip is still listed');
    const failed = owaspCoverage(
      checks,
      [finding('security.auth', 'error'), finding('security.auth', 'fail', 'b')],
      [],
    );
    assert.deepEqual(row(failed, 'API2:2023').coverage, ['probed']);
    assert.deepEqual(row(failed, 'API1:2023').coverage, [], 'security.auth speaks to authentication only');
  });

  it('a run whose checks carry no OWASP risks (stored before they did) probes nothing', () => {
    const bare = Object.fromEntries(CHECKS.map((check) => [check.id, {}]));
    assert.deepEqual(row(owaspCoverage(bare, [finding('security.https', 'fail')], []), 'API8:2023').coverage, []);
  });

  it('linted counts the rules that ran, matched or not; without that record only the rules that matched', () => {
    const lint = [
      {
        rule: 'owasp:api4:2023-string-limit',
        source: 'owasp' as const,
        severity: 'warn' as const,
        owasp: 'API4:2023' as const,
        title: '',
        fix: '',
        count: 3,
        examples: [],
      },
    ];
    const ran = ['owasp:api4:2023-string-limit', 'owasp:api4:2023-array-limit', 'owasp:api1:2023-no-numeric-ids'];
    const rows = owaspCoverage(
      checks,
      [],
      [{ systemId: 'orders', spec: { lint, lintRules: [...ran, 'operation-tags'] } }],
    );
    assert.deepEqual(row(rows, 'API4:2023').linted, [
      {
        systemId: 'orders',
        rules: ['owasp:api4:2023-array-limit', 'owasp:api4:2023-string-limit'],
        results: 3,
        matched: [{ rule: 'owasp:api4:2023-string-limit', severity: 'warn', count: 3 }],
      },
    ]);
    assert.deepEqual(row(rows, 'API1:2023').coverage, ['linted'], 'a rule that found nothing still linted the risk');
    assert.deepEqual(row(rows, 'API7:2023').linted, [], 'its rule did not run');
    const old = owaspCoverage(checks, [], [{ systemId: 'orders', spec: { lint } }]);
    assert.deepEqual(row(old, 'API4:2023').linted[0].rules, ['owasp:api4:2023-string-limit']);
    assert.deepEqual(row(old, 'API1:2023').coverage, []);
    assert.deepEqual(row(owaspCoverage(checks, [], [{ systemId: 'orders', spec: {} }]), 'API4:2023').linted, []);
  });

  it('attested takes the latest owasp-api<N> answer per system, whatever it says', () => {
    const item = (answer: 'yes' | 'no', date: string) => ({
      item: 'owasp-api10',
      answer,
      by: 'A. Owner',
      date,
      ageDays: 1,
    });
    const rows = owaspCoverage(
      checks,
      [],
      [
        {
          systemId: 'orders',
          attestations: { asOf: '2026-12-01', items: [item('no', '2026-11-20'), item('yes', '2026-06-01')] },
        },
      ],
    );
    assert.deepEqual(row(rows, 'API10:2023').attested, [
      { systemId: 'orders', item: 'owasp-api10', answer: 'no', by: 'A. Owner', date: '2026-11-20' },
    ]);
    assert.deepEqual(row(rows, 'API10:2023').coverage, ['attested']);
    assert.deepEqual(row(rows, 'API1:2023').attested, [], 'owasp-api10 is not owasp-api1');
  });
});
