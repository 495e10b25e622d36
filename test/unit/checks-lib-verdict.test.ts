import assert from 'node:assert/strict';
import { describe, test } from 'vitest';
import { table } from '../../checks/lib/evidence.js';
import { Problems } from '../../checks/lib/verdict.js';

const outcome = { pass: 'all good', evidence: [], remediation: 'fix it' };

describe('Problems.verdict: the one problems-to-verdict rule of the checks', () => {
  test('no problem passes with the pass summary and no remediation', () => {
    const verdict = new Problems().verdict({ ...outcome, references: [{ title: 'RFC', url: 'https://rfc.example' }] });
    assert.deepEqual(verdict, {
      status: 'pass',
      summary: 'all good',
      evidence: [],
      references: [{ title: 'RFC', url: 'https://rfc.example' }],
    });
  });

  test('warnings alone warn; one fail among them fails; the summary keeps the order found', () => {
    const problems = new Problems();
    problems.warn('first');
    problems.warn('second');
    assert.equal(problems.verdict(outcome).status, 'warn');
    problems.fail('third');
    const verdict = problems.verdict(outcome);
    assert.equal(verdict.status, 'fail');
    assert.equal(verdict.summary, 'first; second; third');
    assert.equal(verdict.remediation, 'fix it');
    assert.equal('references' in verdict, false, 'no references key when none were given');
  });

  test('summaryLimit names only the first problems, yet every problem counts towards the status', () => {
    const problems = new Problems();
    problems.warn('a');
    problems.warn('b');
    problems.fail('c');
    const verdict = problems.verdict({ ...outcome, summaryLimit: 2, summaryPrefix: 'measured' });
    assert.equal(verdict.summary, 'measured; a; b');
    assert.equal(verdict.status, 'fail');
  });
});

describe('table(): typed evidence tables', () => {
  test('undefined cells become null, extra row keys (a SARIF line) survive, no title means no title key', () => {
    const evidence = table(
      undefined,
      [
        { key: 'name', label: 'Name', type: 'code' },
        { key: 'ms', label: 'Time', type: 'ms' },
      ],
      [{ name: 'a', ms: undefined }, { name: 'b', ms: 3, line: 12 } as { name: string; ms: number }],
    );
    assert.deepEqual(evidence, {
      kind: 'table',
      columns: [
        { key: 'name', label: 'Name', type: 'code' },
        { key: 'ms', label: 'Time', type: 'ms' },
      ],
      rows: [
        { name: 'a', ms: null },
        { name: 'b', ms: 3, line: 12 },
      ],
    });
  });
});
