import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import type { Finding, Status } from '../../src/model/finding.js';
import {
  baselineStateOf,
  compareFindings,
  compareWithBaseline,
  describeChange,
  keyValues,
} from '../../src/report/compare.js';

const finding = (systemId: string, checkId: string, status: Status): Finding => ({
  systemId,
  checkId,
  status,
  category: 'Security',
  summary: `${checkId} ${status}`,
  evidence: [],
});

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

describe('run comparison', () => {
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

describe('baseline comparison', () => {
  // every measurement gets other timings (deterministically), so 'unchanged' is shown to leave timings out
  let measurements = 0;
  const suites = (...names: string[]): Finding => ({
    ...finding('erp', 'security.tls-version', 'fail'),
    evidence: [
      {
        kind: 'table',
        title: 'Weak suites',
        columns: [
          { key: 'suite', label: 'Suite', type: 'code' },
          { key: 'ms', label: 'Handshake', type: 'ms' },
        ],
        rows: names.map((suite, index) => ({ suite, ms: 10 + index + 3 * ++measurements })),
      },
    ],
  });

  it('a problem measured again with other timings is unchanged; one naming something new is updated', () => {
    assert.equal(baselineStateOf(suites('RC4-SHA'), suites('RC4-SHA')), 'unchanged');
    assert.equal(
      baselineStateOf(suites('RC4-SHA', 'DES-CBC3-SHA'), suites('RC4-SHA')),
      'unchanged',
      'fewer is not worse',
    );
    assert.equal(baselineStateOf(suites('RC4-SHA'), suites('RC4-SHA', 'DES-CBC3-SHA')), 'updated');
    assert.equal(baselineStateOf(undefined, suites('RC4-SHA')), 'new');
    assert.equal(baselineStateOf(finding('erp', 'security.tls-version', 'warn'), suites()), 'updated', 'worse status');
    assert.equal(baselineStateOf(suites('RC4-SHA'), finding('erp', 'security.tls-version', 'warn')), 'unchanged');
    assert.equal(baselineStateOf(suites('RC4-SHA'), { ...suites('DES-CBC3-SHA'), status: 'pass' }), 'unchanged');
  });

  it('key values leave timings out and keep what an exchange asked and got', () => {
    const keys = keyValues([
      ...suites('RC4-SHA').evidence,
      {
        kind: 'list',
        items: [
          { label: 'HSTS', value: '(absent)' },
          { label: 'p95', value: 31 },
        ],
      },
      {
        kind: 'http',
        request: { method: 'GET', url: 'http://erp/health', headers: {} },
        response: { status: 200, headers: {} },
      },
    ]);
    assert.deepEqual([...keys], ['Weak suites|suite=RC4-SHA', 'list|HSTS=(absent)', 'http|GET http://erp/health|200']);
  });

  it('a traffic problem seen over a later window, or called more, is unchanged; a new caller or endpoint is updated', () => {
    const shadow = (window: string, rows: [string, string][]): Finding => ({
      ...finding('orders', 'documentation.shadow-endpoints', 'fail'),
      evidence: [
        {
          kind: 'list',
          title: 'Compared',
          items: [{ label: 'Consumers', value: `named from the calls of ${window}` }],
        },
        {
          kind: 'table',
          id: 'endpoints.shadow',
          title: `Undocumented operations of orders over ${window} (top 2 of ${rows.length + 3})`,
          columns: [
            { key: 'path', label: 'Path', type: 'code' },
            { key: 'count', label: 'Calls', type: 'number' },
            { key: 'consumers', label: 'Callers', type: 'text' },
          ],
          rows: rows.map(([path, consumers], index) => ({ path, count: 10 * (index + 1), consumers })),
        },
      ],
    });
    const before = shadow('traffic 2026-11-19 10:00 – 2026-11-26 10:00 UTC', [['/internal/export', 'crm ×40']]);
    const later = 'traffic 2026-11-26 10:00 – 2026-12-03 10:00 UTC';
    assert.equal(baselineStateOf(before, shadow(later, [['/internal/export', 'crm ×95']])), 'unchanged');
    assert.equal(baselineStateOf(before, shadow(later, [['/internal/export', 'crm ×95, shop ×2']])), 'updated');
    assert.equal(
      baselineStateOf(
        before,
        shadow(later, [
          ['/internal/export', 'crm ×95'],
          ['/debug/{id}', 'curl ×1'],
        ]),
      ),
      'updated',
    );
  });

  it('gives each finding its state and lists the baseline problems that are gone', () => {
    const { findings, resolved } = compareWithBaseline(before, after);
    assert.deepEqual(
      findings.map((f) => [f.systemId, f.checkId, f.baseline]),
      [
        ['a', 'tls', 'unchanged'],
        ['a', 'hsts', 'updated'],
        ['b', 'tls', 'updated'],
        ['b', 'new', 'new'],
        ['b', 'same', 'unchanged'],
      ],
    );
    assert.deepEqual(resolved, [{ checkId: 'tls', systemId: 'a', status: 'fail', summary: 'tls fail', now: 'pass' }]);
  });

  it('the changes list shows a problem with new evidence under its unchanged status', () => {
    const [change] = compareFindings([suites('RC4-SHA')], [suites('RC4-SHA', 'DES-CBC3-SHA')]);
    assert.equal(describeChange(change), 'new evidence');
    assert.deepEqual(compareFindings([suites('RC4-SHA')], [suites('RC4-SHA')]), []);
  });
});
