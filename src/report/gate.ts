import type { Finding, Status } from '../model/finding.js';
import { isAccepted } from '../model/waiver.js';
import type { Report } from './schema.js';

/** `--fail-on`: the statuses that fail a CI gate. */
const FAILING = { fail: ['fail', 'error'], warn: ['warn', 'fail', 'error'], never: [] } as const satisfies Record<
  string,
  readonly Status[]
>;
export type FailOn = keyof typeof FAILING;

export const isFailOn = (value: string): value is FailOn => Object.hasOwn(FAILING, value);

/**
 * The findings that fail the gate: at or above the threshold, not an accepted risk (a waiver in force), and, when
 * the report was compared with a baseline, new or updated since it (known debt does not fail a build).
 */
export function gateFindings(report: Pick<Report, 'findings'>, failOn: FailOn): Finding[] {
  const failing: readonly Status[] = FAILING[failOn];
  return report.findings.filter(
    (finding) => failing.includes(finding.status) && !isAccepted(finding) && finding.baseline !== 'unchanged',
  );
}
