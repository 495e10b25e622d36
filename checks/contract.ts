import type { System } from '../src/model/estate.js';
import type { ArtifactMap } from '../src/model/artifacts/map.js';
import type { CheckInfo } from '../src/model/check-info.js';
import type { Basis, Category, Status, Verdict } from '../src/model/finding.js';
import type { OwaspRisk } from '../src/model/owasp.js';

export interface CheckSettings {
  /** total p95 above this warns */
  latencyWarnMs: number;
  /** total p95 above this fails */
  latencyFailMs: number;
}

export const DEFAULT_SETTINGS: CheckSettings = { latencyWarnMs: 800, latencyFailMs: 3000 };

export type ArtifactKind = keyof ArtifactMap;

export interface Check<R extends ArtifactKind = ArtifactKind, U extends ArtifactKind = ArtifactKind> {
  id: string;
  category: Category;
  /** how its verdict is established: Junction saw the behaviour, deduced it from headers, spec or configuration, or a person attested it */
  basis: Basis;
  title: string;
  failureTitle: string;
  /** What the check is about, ending in a "learn more" link. */
  description: string;
  requires: readonly R[];
  /**
   * Artifacts the check reads when they can be gathered and judges without when not (it then says what it could not
   * tell): a missing `requires` artifact makes the verdict an error, a missing `uses` one does not.
   */
  uses?: readonly U[];
  /** the OWASP API Security Top 10 (2023) risks its verdict speaks to: the report's OWASP coverage shows it against them */
  owasp?: readonly OwaspRisk[];
  /** true, or the reason the check does not apply to this system */
  appliesTo(system: System): true | string;
  /** Pure: no I/O, no clock, no randomness. */
  judge(
    artifacts: Pick<ArtifactMap, R> & Partial<Pick<ArtifactMap, U>>,
    system: System,
    settings: CheckSettings,
  ): Verdict;
}

/** What the stored run keeps about a check: its words and what it judges, never its code. */
export const checkInfo = ({ id, category, title, failureTitle, description, requires, owasp }: Check): CheckInfo => ({
  id,
  category,
  title,
  failureTitle,
  description,
  requires: [...requires],
  ...(owasp ? { owasp: [...owasp] } : {}),
});

/** The heading of a verdict: the failure title for fail and warn, the title otherwise. */
export const titleFor = (check: Pick<Check, 'title' | 'failureTitle'>, status: Status): string =>
  status === 'fail' || status === 'warn' ? check.failureTitle : check.title;

/** Identity helper that keeps each check's `requires`, `uses` and `judge` argument in step. */
export function defineCheck<R extends ArtifactKind, U extends ArtifactKind = never>(check: Check<R, U>): Check<R, U> {
  return check;
}
