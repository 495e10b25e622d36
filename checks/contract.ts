import type { System } from '../src/estate/schema.js';
import type { ArtifactMap } from '../src/gather/artifacts.js';

export type Status = 'pass' | 'warn' | 'fail' | 'error' | 'skip';

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
}

/** Evidence is data typed for rendering: the UI and every report format render these kinds generically. */
export type Evidence =
  | {
      kind: 'table';
      title?: string;
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

export interface Finding {
  checkId: string;
  systemId: string;
  category: Category;
  status: Status;
  summary: string;
  evidence: Evidence[];
  remediation?: string;
  references?: Reference[];
}

/** What a check returns for one system: the runner adds checkId, systemId and category. */
export type Verdict = Omit<Finding, 'checkId' | 'systemId' | 'category'>;

export interface CheckSettings {
  /** total p95 above this warns */
  latencyWarnMs: number;
  /** total p95 above this fails */
  latencyFailMs: number;
}

export const DEFAULT_SETTINGS: CheckSettings = { latencyWarnMs: 800, latencyFailMs: 3000 };

export type ArtifactKind = keyof ArtifactMap;

export interface Check<R extends ArtifactKind = ArtifactKind> {
  id: string;
  category: Category;
  title: string;
  failureTitle: string;
  /** What the check is about, ending in a "learn more" link. */
  description: string;
  requires: readonly R[];
  /** true, or the reason the check does not apply to this system */
  appliesTo(system: System): true | string;
  /** Pure: no I/O, no clock, no randomness. */
  judge(artifacts: Pick<ArtifactMap, R>, system: System, settings: CheckSettings): Verdict;
}

/** Identity helper that keeps each check's `requires` and `judge` argument in step. */
export function defineCheck<R extends ArtifactKind>(check: Check<R>): Check<R> {
  return check;
}
