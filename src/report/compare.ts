import { severityOf, type BaselineState, type Evidence, type Finding, type Status } from '../model/finding.js';

/**
 * One comparison of two runs' findings, per system and check: it gives each finding its baseline state
 * (`--baseline`, SARIF's baselineState), lists the baseline's problems that are gone, and feeds the report's
 * "Changes since the previous run".
 */

export interface FindingChange {
  checkId: string;
  systemId: string;
  /** null: the check did not run for this system in that run */
  before: Status | null;
  after: Status | null;
  summary: string;
}

/** A problem of the baseline that is gone: it passes now, or it did not run this time. */
export interface ResolvedFinding {
  checkId: string;
  systemId: string;
  /** its status in the baseline */
  status: Status;
  summary: string;
  /** pass or skip now; null when the check did not run for the system */
  now: Status | null;
}

const keyOf = (finding: Pick<Finding, 'systemId' | 'checkId'>) => `${finding.systemId}\u0000${finding.checkId}`;
const isProblem = (status: Status) => severityOf(status) >= severityOf('warn');

/** Table columns that name what was found; measured quantities (ms, bytes, counts, dates) move between runs. */
const IDENTIFYING = new Set(['text', 'code', 'url', 'status']);

/**
 * What moves between runs inside a text: the flows window a traffic verdict names (`traffic 2026-11-19 10:00 –
 * 2026-11-26 10:00 UTC`, windowText) and a caller's volume (`shop ×120`, the checks' consumersText). The same shadow
 * endpoint or breaking change seen over a later window, or called more, is the same problem.
 */
const MOVING = [/traffic \d{4}-\d{2}-\d{2} \d{2}:\d{2} – \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/g, / ×\d+/g];
const steady = (text: string) => MOVING.reduce((out, pattern) => out.replace(pattern, '…'), text);

/**
 * The facts a finding's evidence names: table rows by their identifying columns, list items with a textual value,
 * each HTTP exchange by method, URL and answer. Timings and counts are left out, and so are the flows window and
 * callers' volumes in texts, so the same problem measured again has the same key values.
 */
export function keyValues(evidence: readonly Evidence[]): Set<string> {
  const keys = new Set<string>();
  for (const item of evidence) {
    // a table's id names it whatever its title says (`… over traffic <window> (top 5 of 12)`)
    const title = item.kind === 'table' && item.id ? item.id : steady(item.title ?? item.kind);
    if (item.kind === 'table') {
      const columns = item.columns.filter((column) => IDENTIFYING.has(column.type));
      if (columns.length === 0) continue;
      for (const row of item.rows)
        keys.add(`${title}|${columns.map((column) => `${column.key}=${steady(String(row[column.key]))}`).join('|')}`);
    } else if (item.kind === 'list') {
      for (const entry of item.items)
        if (typeof entry.value === 'string' || typeof entry.value === 'boolean')
          keys.add(`${title}|${entry.label}=${steady(String(entry.value))}`);
    } else if (item.kind === 'http') {
      keys.add(
        `${title}|${item.request.method} ${item.request.url}|${item.response?.status ?? item.error ?? 'no answer'}`,
      );
    }
  }
  return keys;
}

/** `updated` when the status got worse, or a problem's evidence names something the baseline's did not. */
export function baselineStateOf(baseline: Finding | undefined, current: Finding): BaselineState {
  if (!baseline) return 'new';
  if (severityOf(current.status) > severityOf(baseline.status)) return 'updated';
  if (!isProblem(current.status)) return 'unchanged';
  const before = keyValues(baseline.evidence);
  for (const key of keyValues(current.evidence)) if (!before.has(key)) return 'updated';
  return 'unchanged';
}

export interface BaselineComparison {
  /** the current findings, each with its `baseline` state */
  findings: Finding[];
  /** the baseline's problems that are gone */
  resolved: ResolvedFinding[];
}

export function compareWithBaseline(baseline: readonly Finding[], current: readonly Finding[]): BaselineComparison {
  const before = new Map(baseline.map((finding) => [keyOf(finding), finding]));
  const now = new Map(current.map((finding) => [keyOf(finding), finding]));
  const resolved: ResolvedFinding[] = [];
  for (const [key, old] of before) {
    const later = now.get(key);
    if (!isProblem(old.status) || (later && isProblem(later.status))) continue;
    resolved.push({
      checkId: old.checkId,
      systemId: old.systemId,
      status: old.status,
      summary: old.summary,
      now: later?.status ?? null,
    });
  }
  return {
    findings: current.map((finding) => ({
      ...finding,
      baseline: baselineStateOf(before.get(keyOf(finding)), finding),
    })),
    resolved,
  };
}

/** What changed between two runs: new problems first, then fixes, then the rest; same comparison as the baseline's. */
export function compareFindings(before: readonly Finding[], after: readonly Finding[]): FindingChange[] {
  const previous = new Map(before.map((finding) => [keyOf(finding), finding]));
  const current = new Map(after.map((finding) => [keyOf(finding), finding]));
  const changes: FindingChange[] = [];
  for (const [key, finding] of current) {
    const old = previous.get(key);
    if (old?.status === finding.status && baselineStateOf(old, finding) === 'unchanged') continue;
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

/** How a change reads in a report; `new evidence`: the same status, about something the earlier run did not name. */
export function describeChange(
  change: FindingChange,
): 'new problem' | 'fixed' | 'better' | 'worse' | 'new check' | 'dropped' | 'new evidence' {
  if (change.after === null) return 'dropped';
  if (change.before === null) return severityOf(change.after) >= severityOf('warn') ? 'new problem' : 'new check';
  if (change.before === change.after) return 'new evidence';
  if (severityOf(change.before) >= severityOf('warn') && change.after === 'pass') return 'fixed';
  if (severityOf(change.before) < severityOf('warn') && severityOf(change.after) >= severityOf('warn'))
    return 'new problem';
  return severityOf(change.after) > severityOf(change.before) ? 'worse' : 'better';
}
