import { severityOf, type Finding, type Status } from '../model/finding.js';

export interface FindingChange {
  checkId: string;
  systemId: string;
  /** null: the check did not run for this system in that run */
  before: Status | null;
  after: Status | null;
  summary: string;
}

const keyOf = (finding: Pick<Finding, 'systemId' | 'checkId'>) => `${finding.systemId}\u0000${finding.checkId}`;

/** What changed between two runs, per system and check: new problems first, then fixes, then the rest. */
export function compareFindings(before: readonly Finding[], after: readonly Finding[]): FindingChange[] {
  const previous = new Map(before.map((finding) => [keyOf(finding), finding]));
  const current = new Map(after.map((finding) => [keyOf(finding), finding]));
  const changes: FindingChange[] = [];
  for (const [key, finding] of current) {
    const old = previous.get(key);
    if (old?.status === finding.status) continue;
    changes.push({
      checkId: finding.checkId,
      systemId: finding.systemId,
      before: old?.status ?? null,
      after: finding.status,
      summary: finding.summary,
    });
  }
  for (const [key, finding] of previous) {
    if (!current.has(key))
      changes.push({
        checkId: finding.checkId,
        systemId: finding.systemId,
        before: finding.status,
        after: null,
        summary: 'not run this time',
      });
  }
  // worse first: a new failure matters more than a fixed warning
  const delta = (change: FindingChange) =>
    (change.after === null ? -1 : severityOf(change.after)) - (change.before === null ? 0 : severityOf(change.before));
  return changes.sort(
    (a, b) => delta(b) - delta(a) || a.systemId.localeCompare(b.systemId) || a.checkId.localeCompare(b.checkId),
  );
}

/** How a change reads in a report. */
export function describeChange(
  change: FindingChange,
): 'new problem' | 'fixed' | 'better' | 'worse' | 'new check' | 'dropped' {
  if (change.after === null) return 'dropped';
  if (change.before === null) return severityOf(change.after) >= severityOf('warn') ? 'new problem' : 'new check';
  if (severityOf(change.before) >= severityOf('warn') && change.after === 'pass') return 'fixed';
  if (severityOf(change.before) < severityOf('warn') && severityOf(change.after) >= severityOf('warn'))
    return 'new problem';
  return severityOf(change.after) > severityOf(change.before) ? 'worse' : 'better';
}
