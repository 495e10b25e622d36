import { isAttested } from './attestation.js';
import { CATEGORIES, countStatuses, type Category, type Finding, type Status } from './finding.js';

/**
 * The one score, as every format and page shows it: measured findings only (attested answers are declarations,
 * reported apart), pass 1, warn ½, fail and error 0, skips left out; 0–100, null when nothing was judged.
 */
export const SCORE_LABEL = 'Score';
export const SCORE_DEFINITION =
  'measured findings only: pass counts 1, warn ½, fail and error 0; skips are left out. Attested answers are reported apart.';

export interface CategoryScore {
  /** 0–100: pass counts 1, warn 0.5, fail and error 0; skips are left out. null when nothing was judged. */
  score: number | null;
  counts: Record<Status, number>;
}

export interface Scores {
  overall: number | null;
  categories: Partial<Record<Category, CategoryScore>>;
}

const WEIGHT: Record<Status, number | undefined> = { pass: 1, warn: 0.5, fail: 0, error: 0, skip: undefined };

function score(findings: readonly Finding[]): CategoryScore {
  const counts = countStatuses(findings);
  let sum = 0;
  let judged = 0;
  for (const finding of findings) {
    const weight = WEIGHT[finding.status];
    if (weight !== undefined) {
      sum += weight;
      judged++;
    }
  }
  return { score: judged === 0 ? null : Math.round((100 * sum) / judged), counts };
}

export function computeScores(findings: readonly Finding[]): Scores {
  const measured = findings.filter((finding) => !isAttested(finding.checkId));
  const categories: Scores['categories'] = {};
  for (const category of CATEGORIES) {
    const inCategory = measured.filter((finding) => finding.category === category);
    if (inCategory.length > 0) categories[category] = score(inCategory);
  }
  return { overall: score(measured).score, categories };
}
