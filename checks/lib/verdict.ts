import type { Evidence, Reference, Verdict } from '../../src/model/finding.js';

/** One thing a check found wrong: a fail problem fails the verdict, warn problems alone make it warn. */
export interface Problem {
  severity: 'fail' | 'warn';
  text: string;
}

/** What a verdict says besides its problems: the summary of a pass, the evidence, the fix and where to read more. */
export interface Outcome {
  /** the summary when there is no problem */
  pass: string;
  evidence: Evidence[];
  /** how to fix the problems (left out of a pass) */
  remediation: string;
  references?: Reference[];
  /** how many problems the summary names; all by default */
  summaryLimit?: number;
  /** said before the problems in the summary, e.g. what was measured */
  summaryPrefix?: string;
}

/**
 * The problems a check finds, collected as it judges, and the one rule that turns them into a verdict: no problem
 * passes; otherwise the worst severity wins and the summary names the problems in the order they were found.
 */
export class Problems {
  readonly list: Problem[] = [];

  fail(text: string): void {
    this.list.push({ severity: 'fail', text });
  }

  warn(text: string): void {
    this.list.push({ severity: 'warn', text });
  }

  add(...problems: readonly Problem[]): void {
    this.list.push(...problems);
  }

  get size(): number {
    return this.list.length;
  }

  verdict(outcome: Outcome): Verdict {
    const { evidence, references } = outcome;
    const cited = references ? { references } : {};
    if (this.list.length === 0) return { status: 'pass', summary: outcome.pass, evidence, ...cited };
    const named = this.list.slice(0, outcome.summaryLimit).map((problem) => problem.text);
    return {
      status: this.list.some((problem) => problem.severity === 'fail') ? 'fail' : 'warn',
      summary: [outcome.summaryPrefix, ...named].filter(Boolean).join('; '),
      evidence,
      remediation: outcome.remediation,
      ...cited,
    };
  }
}
