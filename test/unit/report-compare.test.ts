import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import type { Finding, Status } from '../../src/model/finding.js';
import { compareFindings, describeChange } from '../../src/report/compare.js';

const finding = (systemId: string, checkId: string, status: Status): Finding => ({
  systemId,
  checkId,
  status,
  category: 'Security',
  summary: `${checkId} ${status}`,
  evidence: [],
});

describe('run comparison', () => {
  const before = [
    finding('a', 'tls', 'fail'),
    finding('a', 'hsts', 'pass'),
    finding('b', 'tls', 'warn'),
    finding('b', 'old', 'pass'),
    finding('b', 'same', 'warn'),
  ];
  const after = [
    finding('a', 'tls', 'pass'),
    finding('a', 'hsts', 'fail'),
    finding('b', 'tls', 'fail'),
    finding('b', 'new', 'warn'),
    finding('b', 'same', 'warn'),
  ];
  const changes = compareFindings(before, after);

  it('lists only what changed, new problems first and fixes after', () => {
    assert.deepEqual(
      changes.map((change) => [change.systemId, change.checkId, change.before, change.after, describeChange(change)]),
      [
        ['a', 'hsts', 'pass', 'fail', 'new problem'],
        ['b', 'new', null, 'warn', 'new problem'],
        ['b', 'tls', 'warn', 'fail', 'worse'],
        ['b', 'old', 'pass', null, 'dropped'],
        ['a', 'tls', 'fail', 'pass', 'fixed'],
      ],
    );
  });

  it('carries the current summary, and says so when a check did not run again', () => {
    assert.equal(changes.find((change) => change.checkId === 'hsts')!.summary, 'hsts fail');
    assert.equal(changes.find((change) => change.checkId === 'old')!.summary, 'not run this time');
  });

  it('finds nothing between identical runs', () => {
    assert.deepEqual(compareFindings(after, after), []);
  });
});
