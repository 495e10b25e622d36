import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { ATTESTATION_CHECKS } from '../../checks/attestations.js';
import { isAttested } from '../../src/model/attestation.js';
import { DEFAULT_SETTINGS } from '../../checks/contract.js';
import { findCheck } from '../../checks/index.js';
import type { Attestation } from '../../src/model/attestation.js';
import { systemSchema } from '../../src/model/estate.js';
import { attestationsArtifact } from '../../src/gather/attestations.js';
import { makeSystem } from '../helpers/estate.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const attest = (
  item: string,
  answer: Attestation['answer'],
  date = '2026-11-01',
  extra: Partial<Attestation> = {},
): Attestation => ({ item, answer, by: 'S. Patel, CISO', date, ...extra });

function judge(checkId: string, attestations: Attestation[]) {
  const check = findCheck(checkId)!;
  const system = makeSystem({ baseUrl: 'https://sys.test', attestations, owner: 'team-a' });
  const applies = check.appliesTo(system);
  if (applies !== true) return { status: 'skip', summary: applies };
  return check.judge(
    { attestations: attestationsArtifact(system.attestations ?? [], NOW) } as never,
    system,
    DEFAULT_SETTINGS,
  );
}

describe('attested checks', () => {
  it('are registered, each with an attested. id, a category and a learn-more link', () => {
    assert.ok(ATTESTATION_CHECKS.length >= 6);
    for (const check of ATTESTATION_CHECKS) {
      assert.ok(isAttested(check.id), check.id);
      assert.equal(findCheck(check.id), check);
      assert.deepEqual(check.requires, ['attestations']);
      assert.match(check.description, /Learn more: https:\/\/\S+$/);
    }
    assert.equal(isAttested('security.https'), false);
  });

  it('pass a yes, fail a no, skip an n.a., naming who attested and when', () => {
    const yes = judge('attested.encryption-at-rest', [
      attest('encryption-at-rest', 'yes', '2026-11-01', { note: 'AES-256-GCM', evidence: 'https://wiki.test/enc' }),
    ]);
    assert.equal(yes.status, 'pass');
    assert.equal(yes.summary, 'Yes, attested by S. Patel, CISO on 2026-11-01 (AES-256-GCM)');
    const table = (yes as { evidence: { kind: string; rows?: Record<string, unknown>[] }[] }).evidence[0];
    assert.equal(table.kind, 'table');
    assert.equal(table.rows![0].evidence, 'https://wiki.test/enc');
    const no = judge('attested.backups', [attest('backups', 'no')]);
    assert.equal(no.status, 'fail');
    assert.match((no as { remediation: string }).remediation, /restore/);
    assert.equal(judge('attested.runbooks', [attest('runbooks', 'n.a.')]).status, 'skip');
  });

  it('warn when nobody answered, and when the answer is over a year old', () => {
    const missing = judge('attested.owner', [attest('backups', 'yes')]);
    assert.equal(missing.status, 'warn');
    assert.match(missing.summary, /^Not attested/);
    assert.match((missing as { remediation: string }).remediation, /team-a/);
    const stale = judge('attested.backups', [attest('backups', 'yes', '2025-06-01')]);
    assert.equal(stale.status, 'warn');
    assert.match(stale.summary, /543 days ago/);
  });

  it('word their heading truthfully: an unanswered item never reads as attested, a stale one not as a "no"', () => {
    const missing = judge('attested.encryption-at-rest', []) as { title?: string };
    assert.equal(missing.title, 'Not attested yet: Data at rest is encrypted (AES-256)');
    const stale = judge('attested.encryption-at-rest', [attest('encryption-at-rest', 'yes', '2025-06-01')]) as {
      title?: string;
    };
    assert.equal(stale.title, 'Attested over a year ago: Data at rest is encrypted (AES-256)');
    // A "yes" and a "no" take the check's own titles, which name the answer as attested.
    const check = findCheck('attested.encryption-at-rest')!;
    assert.equal(check.title, 'Data at rest is encrypted (AES-256) — attested');
    assert.equal(check.failureTitle, 'Data at rest is not encrypted — attested');
    assert.equal(
      (judge('attested.encryption-at-rest', [attest('encryption-at-rest', 'no')]) as { title?: string }).title,
      undefined,
    );
  });

  it('take the latest answer when an item was attested twice', () => {
    assert.equal(
      judge('attested.monitoring', [
        attest('monitoring', 'yes', '2026-11-20'),
        attest('monitoring', 'no', '2026-01-01'),
      ]).status,
      'pass',
    );
    assert.equal(
      judge('attested.monitoring', [
        attest('monitoring', 'yes', '2026-01-01'),
        attest('monitoring', 'no', '2026-11-20'),
      ]).status,
      'fail',
    );
  });

  it('judge items of the workspace’s own under attested.other, which is skipped when there are none', () => {
    assert.equal(judge('attested.other', [attest('backups', 'yes')]).status, 'skip');
    const other = judge('attested.other', [attest('pci-dss-aoc', 'yes'), attest('iso-27001', 'no')]);
    assert.equal(other.status, 'fail');
    assert.match(other.summary, /iso-27001/);
    assert.equal(judge('attested.other', [attest('pci-dss-aoc', 'yes')]).status, 'pass');
  });
});

describe('attestations in junction.yaml', () => {
  const base = { id: 'sys', name: 'S', baseUrl: 'https://sys.test' };

  it('accept item, answer, by, date, note and evidence', () => {
    const system = systemSchema.parse({
      ...base,
      attestations: [
        {
          item: 'backups',
          answer: 'n.a.',
          by: 'Ops',
          date: '2026-01-31',
          note: 'stateless',
          evidence: 'docs/backup.md',
        },
      ],
    });
    assert.equal(system.attestations![0].answer, 'n.a.');
  });

  it('refuse an unknown answer, a missing author, a date that is not a date, and unknown fields', () => {
    const bad = (attestation: Record<string, unknown>) =>
      systemSchema.safeParse({
        ...base,
        attestations: [{ item: 'backups', answer: 'yes', by: 'Ops', date: '2026-01-31', ...attestation }],
      }).success;
    assert.equal(bad({}), true);
    assert.equal(bad({ answer: 'maybe' }), false);
    assert.equal(bad({ by: '' }), false);
    assert.equal(bad({ date: 'last week' }), false);
    assert.equal(bad({ secret: 'x' }), false);
  });

  it('are aged against the run’s date by the gatherer, not by the check', () => {
    const artifact = attestationsArtifact([attest('backups', 'yes', '2026-11-25')], NOW);
    assert.equal(artifact.asOf, '2026-11-26');
    assert.equal(artifact.items[0].ageDays, 1);
  });
});
