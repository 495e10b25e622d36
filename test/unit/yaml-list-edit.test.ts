import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { parse } from 'yaml';
import { appendEntry, removeEntry, replaceEntry } from '../../src/api/yaml-list-edit.js';

const FILE = `# our estate
version: 1
name: "Shop"   # quoted on purpose
systems:
  - id: erp
    name: ERP
    baseUrl: https://erp.test
    attestations:
      - { item: backups, answer: yes, by: "K. O", date: 2026-01-02 } # nightly
  - {id: crm, name: CRM, baseUrl: 'https://crm.test'}
monitors:
  - {system: erp, interval: 30s}   # flow style stays
waivers: []   # none yet
`;
const waiver = {
  check: 'security.https',
  system: 'erp',
  reason: 'DMZ only: "internal"',
  owner: 'K. Olsen',
  expires: '2027-01-31',
};

/** Everything of `before` is still in `after`, in order, apart from the inserted text. */
function onlyInserted(before: string, after: string): string {
  let start = 0;
  while (before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && before.at(-1 - end) === after.at(-1 - end)) end++;
  assert.equal(before.slice(0, start) + before.slice(before.length - end), before, 'no byte of the rest changed');
  return after.slice(start, after.length - end);
}

describe('editing a junction.yaml list by splicing its text', () => {
  it('adds the first waiver under `waivers: []`, keeping every other byte and the comment', () => {
    const after = appendEntry(FILE, ['waivers'], waiver);
    assert.ok(after.startsWith(FILE.slice(0, FILE.indexOf('waivers:'))));
    assert.match(
      after,
      /waivers:\n {2}- \{ check: security\.https, system: erp, reason: 'DMZ only: "internal"', owner: K\. Olsen, expires: 2027-01-31 \}\s+# none yet\n$/,
    );
    assert.deepEqual(parse(after).waivers, [waiver]);
    const second = appendEntry(after, ['waivers'], { ...waiver, system: 'crm' });
    assert.equal(onlyInserted(after, second).trim().startsWith('- { check: security.https, system: crm'), true);
    assert.deepEqual(
      parse(second).waivers.map((w: { system: string }) => w.system),
      ['erp', 'crm'],
    );
  });

  it('adds the key when it is missing, and a system’s list where it is', () => {
    const without = FILE.replace(/waivers: \[\][^\n]*\n/, '');
    assert.deepEqual(parse(appendEntry(without, ['waivers'], waiver)).waivers, [waiver]);
    const attestation = { item: 'runbooks', answer: 'no', by: 'K. O', date: '2026-02-01' };
    const erp = appendEntry(FILE, ['systems', 0, 'attestations'], attestation);
    const nightly = FILE.indexOf('# nightly\n') + '# nightly\n'.length;
    assert.equal(
      erp,
      `${FILE.slice(0, nightly)}      - { item: runbooks, answer: no, by: K. O, date: 2026-02-01 }\n${FILE.slice(nightly)}`,
    );
    const crm = appendEntry(FILE, ['systems', 1, 'attestations'], attestation);
    assert.deepEqual(parse(crm).systems[1].attestations, [attestation]);
    assert.ok(crm.includes("  - {id: crm, name: CRM, baseUrl: 'https://crm.test', attestations: [{ item: runbooks"));
    const flowList = appendEntry(crm, ['systems', 1, 'attestations'], { ...attestation, item: 'owner' });
    assert.deepEqual(
      parse(flowList).systems[1].attestations.map((a: { item: string }) => a.item),
      ['runbooks', 'owner'],
    );
    assert.deepEqual(parse(crm).systems[0], parse(FILE).systems[0]);
  });

  it('replaces a block-style entry by its own lines only', () => {
    const block = FILE.replace(
      '      - { item: backups, answer: yes, by: "K. O", date: 2026-01-02 } # nightly\n',
      '      - item: backups\n        answer: "no"\n        by: K. O\n        date: 2026-01-02\n' +
        '      - { item: owner, answer: yes, by: K, date: 2026-01-03 }\n',
    );
    const replaced = replaceEntry(block, ['systems', 0, 'attestations'], 0, {
      item: 'backups',
      answer: 'yes',
      by: 'K. O',
      date: '2026-01-02',
    });
    assert.deepEqual(
      parse(replaced).systems[0].attestations.map((a: { answer: string }) => a.answer),
      ['yes', 'yes'],
    );
    assert.ok(replaced.includes('      - { item: owner, answer: yes, by: K, date: 2026-01-03 }\n  - {id: crm'));
  });

  it('replaces and removes one entry and nothing else', () => {
    const two = appendEntry(appendEntry(FILE, ['waivers'], waiver), ['waivers'], { ...waiver, system: 'crm' });
    const replaced = replaceEntry(two, ['waivers'], 0, { ...waiver, owner: 'CISO' });
    assert.deepEqual(
      parse(replaced).waivers.map((w: { owner: string }) => w.owner),
      ['CISO', 'K. Olsen'],
    );
    assert.equal(replaced.replace('CISO', 'K. Olsen'), two);
    const removed = removeEntry(two, ['waivers'], 0);
    assert.deepEqual(
      parse(removed).waivers.map((w: { system: string }) => w.system),
      ['crm'],
    );
    assert.deepEqual(parse(removeEntry(removed, ['waivers'], 0)).waivers, []);
    const noAttestation = removeEntry(FILE, ['systems', 0, 'attestations'], 0);
    assert.deepEqual(parse(noAttestation).systems[0].attestations, []);
    assert.ok(noAttestation.includes('  - {system: erp, interval: 30s}   # flow style stays\n'));
  });
});
