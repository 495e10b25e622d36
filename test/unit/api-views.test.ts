import assert from 'node:assert/strict';
import { test } from 'vitest';
import type { Finding } from '../../src/model/finding.js';
import { diffFindings } from '../../src/api/ops/audit.js';
import { summarize } from '../../src/api/ops/flows.js';
import { bucketFor } from '../../src/api/ops/monitor.js';

const finding = (checkId: string, systemId: string, status: Finding['status']): Finding => ({
  checkId,
  systemId,
  status,
  category: 'Security',
  summary: '',
  evidence: [],
});

test('diffFindings names what changed between two runs, finding by finding', () => {
  const previous = [finding('a', 'erp', 'fail'), finding('b', 'erp', 'pass'), finding('c', 'erp', 'warn')];
  const current = [finding('a', 'erp', 'pass'), finding('b', 'erp', 'pass'), finding('d', 'erp', 'fail')];
  assert.deepEqual(diffFindings(previous, current), [
    { checkId: 'a', systemId: 'erp', from: 'fail', to: 'pass' },
    { checkId: 'd', systemId: 'erp', from: 'new', to: 'fail' },
    { checkId: 'c', systemId: 'erp', from: 'warn', to: 'gone' },
  ]);
});

test('summarize tells hub-and-spoke from point-to-point', () => {
  const nodes = ['hub', 'a', 'b', 'c', 'd'].map((id) => ({ id, name: id, known: true }));
  const star = ['a', 'b', 'c', 'd'].map((id) => ({ from: id, to: 'hub' }));
  assert.deepEqual(summarize(nodes, star), { shape: 'hub-and-spoke', hubs: ['hub'], directEdges: 0 });
  const mesh = [
    { from: 'a', to: 'b' },
    { from: 'b', to: 'c' },
    { from: 'c', to: 'd' },
    { from: 'd', to: 'a' },
  ];
  assert.equal(summarize(nodes, mesh).shape, 'point-to-point');
  assert.equal(summarize(nodes, []).shape, 'empty');
});

test('monitor charts keep about 120 points whatever the range, never finer than a minute', () => {
  assert.equal(bucketFor(3600_000), 60_000);
  assert.equal(bucketFor(24 * 3600_000), 720_000);
  assert.equal(bucketFor(7 * 24 * 3600_000) * 120 >= 7 * 24 * 3600_000, true);
});
