import assert from 'node:assert/strict';
import { test } from 'vitest';
import type { Finding } from '../../src/model/finding.js';
import { compareFindings } from '../../src/report/compare.js';
import type { FlowEdgeSummary } from '../../src/model/artifacts/flows.js';
import { summarizeTopology } from '../../src/flows/topology.js';
import { makeSystem } from '../helpers/estate.js';
import { bucketFor } from '../../src/api/ops/monitor.js';

const finding = (checkId: string, systemId: string, status: Finding['status']): Finding => ({
  checkId,
  systemId,
  status,
  category: 'Security',
  summary: '',
  evidence: [],
});

test('the Audit page and the report name what changed between two runs with one comparison, worse first', () => {
  const previous = [finding('a', 'erp', 'fail'), finding('b', 'erp', 'pass'), finding('c', 'erp', 'warn')];
  const current = [finding('a', 'erp', 'pass'), finding('b', 'erp', 'pass'), finding('d', 'erp', 'fail')];
  // before null: new in this run; after null: gone from it
  assert.deepEqual(
    compareFindings(previous, current).map(({ checkId, systemId, before, after }) => ({
      checkId,
      systemId,
      before,
      after,
    })),
    [
      { checkId: 'd', systemId: 'erp', before: null, after: 'fail' },
      { checkId: 'a', systemId: 'erp', before: 'fail', after: 'pass' },
      { checkId: 'c', systemId: 'erp', before: 'warn', after: null },
    ],
  );
});

test('one topology text tells hub-and-spoke from point-to-point, and counts unknown callers apart', () => {
  const systems = ['hub', 'a', 'b', 'c', 'd'].map((id) =>
    makeSystem({ id, name: id, baseUrl: `https://${id}.example` }),
  );
  const known = new Set(systems.map((system) => system.id));
  const edges = (pairs: [string, string][]) =>
    pairs.map(([from, to]) => ({ from, to, fromKnown: known.has(from), toKnown: known.has(to) }) as FlowEdgeSummary);
  const star = summarizeTopology(
    edges([
      ['a', 'hub'],
      ['b', 'hub'],
      ['c', 'hub'],
      ['d', 'hub'],
      ['curl', 'hub'],
    ]),
    systems,
  );
  assert.deepEqual([star.shape, star.hubs, star.direct, star.unknownCallers], ['hub-and-spoke', ['hub'], 0, ['curl']]);
  assert.equal(star.text, 'hub-and-spoke around hub: 4 of 4 links through a hub; 1 unknown caller not counted (curl)');
  const mesh = summarizeTopology(
    edges([
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd'],
      ['d', 'a'],
    ]),
    systems,
  );
  assert.equal(mesh.text, 'point-to-point: 4 direct links between 4 systems (spaghetti score 1.33)');
  assert.equal(summarizeTopology([], systems).shape, 'empty');
});

test('monitor charts keep about 120 points whatever the range, never finer than a minute', () => {
  assert.equal(bucketFor(3600_000), 60_000);
  assert.equal(bucketFor(24 * 3600_000), 720_000);
  assert.equal(bucketFor(7 * 24 * 3600_000) * 120 >= 7 * 24 * 3600_000, true);
});
