/** The shape of a verdict: what every check returns, the store keeps and every report renders. */

/** Every status, worst first: the one severity order every list, chip and comparison uses. */
export const STATUSES = ['fail', 'error', 'warn', 'pass', 'skip'] as const;
export type Status = (typeof STATUSES)[number];

/** Higher is worse: fail 4, error 3, warn 2, pass 1, skip 0. */
export const severityOf = (status: Status): number => STATUSES.length - 1 - STATUSES.indexOf(status);

/** Sorts worst first (fail, error, warn, pass, skip). */
export const bySeverity = (a: { status: Status }, b: { status: Status }): number =>
  severityOf(b.status) - severityOf(a.status);

/** The worst status among some findings; undefined when there are none. */
export function worstStatus(items: Iterable<{ status: Status }>): Status | undefined {
  let worst: Status | undefined;
  for (const item of items) if (worst === undefined || severityOf(item.status) > severityOf(worst)) worst = item.status;
  return worst;
}

/** A verdict that judged the system (pass, warn or fail): a skip did not apply and an error could not judge. */
export const isJudged = (item: { status: Status }): boolean => item.status !== 'skip' && item.status !== 'error';

/** A count of each status, all zero: the one status counter. */
export function countStatuses(items: Iterable<{ status: Status }>): Record<Status, number> {
  const counts: Record<Status, number> = { fail: 0, error: 0, warn: 0, pass: 0, skip: 0 };
  for (const item of items) counts[item.status]++;
  return counts;
}

export const CATEGORIES = [
  'Architecture',
  'Security',
  'Error handling',
  'Rate limits',
  'Scalability',
  'Versioning',
  'Documentation',
  'Monitoring',
  'Caching',
  'Messaging',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Column types tell every renderer how to format a cell. */
export type ColumnType = 'text' | 'code' | 'url' | 'ms' | 'bytes' | 'date' | 'status' | 'number';

export interface HttpExchangeEvidence {
  kind: 'http';
  title?: string;
  request: { method: string; url: string; headers: Record<string, string> };
  response?: { status: number; headers: Record<string, string>; bodyPreview?: string };
  error?: string;
  /** a copy-paste curl command for this exact request, the credential as an environment-variable placeholder */
  reproduce?: string;
}

/** Evidence is data typed for rendering: the UI and every report format render these kinds generically. */
export type Evidence =
  | {
      kind: 'table';
      title?: string;
      /** a stable name a renderer finds this table by (the report's endpoint section), whatever its title says */
      id?: string;
      columns: { key: string; label: string; type: ColumnType }[];
      rows: Record<string, string | number | boolean | null>[];
    }
  | { kind: 'list'; title?: string; items: { label: string; value: string | number | boolean | null }[] }
  | HttpExchangeEvidence
  | { kind: 'series'; title?: string; unit: string; points: { t: number; v: number }[] }
  | { kind: 'text'; title?: string; text: string };

export interface Reference {
  title: string;
  url: string;
}

/** What a waived finding carries in every report: who accepted it, why, until when, and whether that has passed. */
export interface WaiverMark {
  reason: string;
  owner: string;
  expires: string;
  ticket?: string;
  /** past its expiry: the finding counts again */
  expired: boolean;
}

/**
 * A finding compared with a baseline (SARIF's baselineState): `new` when the baseline has no problem of this check
 * and system, `updated` when its status got worse or its evidence names something the baseline's did not.
 */
export type BaselineState = 'new' | 'unchanged' | 'updated';

/**
 * How a finding was established: `observed` (Junction exercised the system and saw the behaviour), `inferred`
 * (deduced from headers, a spec or configuration without exercising it: a rate limit advertised, not enforced) or
 * `attested` (a person declared it). Reports never present an inferred finding as observed.
 */
export const BASES = ['observed', 'inferred', 'attested'] as const;
export type Basis = (typeof BASES)[number];

export interface Finding {
  checkId: string;
  systemId: string;
  category: Category;
  status: Status;
  /**
   * The check's title for this verdict, resolved when it was judged (its failure title for fail and warn, unless the
   * check words it itself) and stored with the run, so every renderer shows the same heading without the registry.
   */
  title?: string;
  summary: string;
  evidence: Evidence[];
  remediation?: string;
  references?: Reference[];
  /** the check's basis (runs stored before it was recorded have none) */
  basis?: Basis;
  /** set by the report from junction.yaml's waivers: the measured status stays as it is */
  waiver?: WaiverMark;
  /** set by the report when it is compared with a baseline (--baseline) */
  baseline?: BaselineState;
}

/** What a check returns for one system: the runner adds checkId, systemId and category. */
export type Verdict = Omit<Finding, 'checkId' | 'systemId' | 'category' | 'basis' | 'waiver' | 'baseline'>;
