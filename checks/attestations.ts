import type { AttestationsArtifact } from '../src/model/artifacts/attestations.js';
import { ATTESTED_PREFIX, UNANSWERED_SUMMARY } from '../src/model/attestation.js';
import { defineCheck, type Check } from './contract.js';
import { type Category, type Evidence, type Verdict } from '../src/model/finding.js';
import { table } from './lib/evidence.js';

/** An answer older than this is asked again. */
const STALE_DAYS = 365;

type AttestedItem = AttestationsArtifact['items'][number];

interface KnownItem {
  item: string;
  category: Category;
  /** what a "yes" attests, e.g. "Data at rest is encrypted (AES-256)" */
  claim: string;
  /** what a "no" attests */
  denial: string;
  question: string;
  learnMore: string;
}

/** The readiness items no probe can see; anything else a workspace attests is judged by `attested.other`. */
export const ATTESTED_ITEMS: readonly KnownItem[] = [
  {
    item: 'encryption-at-rest',
    category: 'Security',
    claim: 'Data at rest is encrypted (AES-256)',
    denial: 'Data at rest is not encrypted',
    question:
      'Is every store holding this system’s data encrypted at rest with AES-256 or equivalent, keys managed outside the data store?',
    learnMore: 'https://cheatsheetseries.owasp.org/cheatsheets/Cryptographic_Storage_Cheat_Sheet.html',
  },
  {
    item: 'backups',
    category: 'Architecture',
    claim: 'Backups are taken and a restore was tested',
    denial: 'No tested backups',
    question: 'Are backups taken on a schedule, kept off the primary site, and was a restore rehearsed?',
    learnMore: 'https://csrc.nist.gov/pubs/sp/800/34/r1/upd1/final',
  },
  {
    item: 'runbooks',
    category: 'Error handling',
    claim: 'Runbooks cover the integration’s failures',
    denial: 'No runbooks for the integration’s failures',
    question: 'Is there a runbook for each alert and failure mode of this integration (replay, retry, who to call)?',
    learnMore: 'https://sre.google/sre-book/being-on-call/',
  },
  {
    item: 'monitoring',
    category: 'Monitoring',
    claim: 'A monitoring service watches the system',
    denial: 'Nothing watches the system in production',
    question:
      'Which monitoring service watches this system in production, and does it page someone? (name the vendor in the note)',
    learnMore: 'https://sre.google/sre-book/monitoring-distributed-systems/',
  },
  {
    item: 'owner',
    category: 'Documentation',
    claim: 'A named owner is accountable',
    denial: 'Nobody owns the system',
    question: 'Is a named team accountable for this system, reachable out of hours?',
    learnMore: 'https://sre.google/workbook/on-call/',
  },
];

function attestationTable(items: readonly AttestedItem[]): Evidence {
  return table(
    'Attested (declared in junction.yaml, not measured)',
    [
      { key: 'item', label: 'Item', type: 'code' },
      { key: 'answer', label: 'Answer', type: 'text' },
      { key: 'by', label: 'Attested by', type: 'text' },
      { key: 'date', label: 'Date', type: 'date' },
      { key: 'note', label: 'Note', type: 'text' },
      { key: 'evidence', label: 'Evidence', type: 'url' },
    ],
    items.map((item) => ({
      item: item.item,
      answer: item.answer,
      by: item.by,
      date: item.date,
      note: item.note ?? null,
      evidence: item.evidence ?? null,
    })),
  );
}

const attestedBy = (item: AttestedItem) => `attested by ${item.by} on ${item.date}`;

/** One answer judged: yes passes (warns when stale), no fails, n.a. is a skip that names who said so. */
function judgeAnswer(item: AttestedItem, known: KnownItem): Verdict {
  const evidence = [attestationTable([item])];
  const note = item.note ? ` (${item.note})` : '';
  if (item.answer === 'no') {
    return {
      status: 'fail',
      summary: `No, ${attestedBy(item)}${note}`,
      evidence,
      remediation: `Resolve before go-live, then record the new answer: ${known.question}`,
    };
  }
  if (item.answer === 'n.a.')
    return { status: 'skip', summary: `Not applicable, ${attestedBy(item)}${note}`, evidence };
  if (item.ageDays > STALE_DAYS) {
    return {
      status: 'warn',
      title: `Attested over a year ago: ${known.claim}`,
      summary: `Yes, but ${attestedBy(item)}: ${item.ageDays} days ago${note}`,
      evidence,
      remediation: `Ask ${item.by} to confirm the answer again; attestations older than ${STALE_DAYS} days are stale.`,
    };
  }
  return { status: 'pass', summary: `Yes, ${attestedBy(item)}${note}`, evidence };
}

function knownItemCheck(known: KnownItem): Check<'attestations'> {
  return defineCheck({
    id: `${ATTESTED_PREFIX}${known.item}`,
    category: known.category,
    basis: 'attested',
    title: `${known.claim} — attested`,
    failureTitle: `${known.denial} — attested`,
    description: `${known.question} Answered by a person under "attestations" in junction.yaml; Junction cannot measure it. Learn more: ${known.learnMore}`,
    requires: ['attestations'],
    appliesTo: () => true,
    judge({ attestations }, system) {
      // The latest answer wins when an item was attested more than once.
      const answers = attestations.items
        .filter((item) => item.item === known.item)
        .sort((a, b) => a.date.localeCompare(b.date));
      const latest = answers.at(-1);
      if (!latest) {
        // Nobody answered: the heading must not read as if someone had attested anything.
        return {
          status: 'warn',
          title: `Not attested yet: ${known.claim}`,
          summary: UNANSWERED_SUMMARY,
          evidence: [{ kind: 'text', title: 'Question', text: known.question }],
          remediation:
            `Ask ${system.owner ?? 'the system owner'} and record the answer under systems[${system.id}].attestations: ` +
            `{ item: ${known.item}, answer: yes|no|n.a., by, date, note, evidence }.`,
        };
      }
      return judgeAnswer(latest, known);
    },
  });
}

const KNOWN = new Set(ATTESTED_ITEMS.map((known) => known.item));

/** Items a workspace attests beyond the well-known ones, judged together. */
export const attestedOther = defineCheck({
  id: `${ATTESTED_PREFIX}other`,
  category: 'Documentation',
  basis: 'attested',
  title: 'Other attested controls hold — attested',
  failureTitle: 'An attested control does not hold — attested',
  description:
    'Controls of your own recorded under "attestations" in junction.yaml (any item id beyond the well-known ' +
    'ones); a "no" fails, an answer older than a year warns. ' +
    'Learn more: https://www.nist.gov/cyberframework',
  requires: ['attestations'],
  appliesTo: (system) =>
    (system.attestations ?? []).some((attestation) => !KNOWN.has(attestation.item))
      ? true
      : 'no attestations beyond the well-known items',
  judge({ attestations }) {
    const items = attestations.items.filter((item) => !KNOWN.has(item.item));
    const no = items.filter((item) => item.answer === 'no');
    const stale = items.filter((item) => item.answer === 'yes' && item.ageDays > STALE_DAYS);
    const evidence = [attestationTable(items)];
    if (items.length === 0) return { status: 'skip', summary: 'No attestation beyond the well-known items', evidence };
    if (no.length > 0) {
      return {
        status: 'fail',
        summary: `Attested "no": ${no.map((item) => `${item.item} (${item.by})`).join(', ')}`,
        evidence,
        remediation: 'Resolve each control answered "no", then record the new answer.',
      };
    }
    if (stale.length > 0) {
      return {
        status: 'warn',
        title: 'Other controls were attested over a year ago',
        summary: `Stale (over ${STALE_DAYS} days): ${stale.map((item) => item.item).join(', ')}`,
        evidence,
        remediation: 'Have each stale answer confirmed again.',
      };
    }
    return {
      status: 'pass',
      summary: `${items.length} control(s) attested: ${items.map((item) => `${item.item} ${item.answer}`).join(', ')}`,
      evidence,
    };
  },
});

export const ATTESTATION_CHECKS: readonly Check[] = [...ATTESTED_ITEMS.map(knownItemCheck), attestedOther];
