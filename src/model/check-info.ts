import type { Category } from './finding.js';
import type { OwaspRisk } from './owasp.js';

/**
 * What a report says about a check besides its verdicts, stored with each run (as Lighthouse's result carries its
 * audits' titles): a stored run renders the same after a check's wording changes, and no renderer needs the live
 * check registry.
 */
export interface CheckInfo {
  id: string;
  category: Category;
  title: string;
  failureTitle: string;
  /** what the check is about, ending in a "Learn more: <url>" link */
  description: string;
  /** the artifacts it judges, e.g. "spec": SARIF points a spec check's findings at the spec file */
  requires: string[];
  /** the OWASP API Security Top 10 risks its verdict speaks to (the report's OWASP coverage counts it as probing them) */
  owasp?: OwaspRisk[];
}

/** The "Learn more" link at the end of a check's description. */
export const learnMoreOf = (description: string): string | undefined => /Learn more: (\S+)\s*$/.exec(description)?.[1];
