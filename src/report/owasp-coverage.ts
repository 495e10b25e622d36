import type { AttestationsArtifact } from '../model/artifacts/attestations.js';
import type { SpecArtifact } from '../model/artifacts/spec.js';
import type { CheckInfo } from '../model/check-info.js';
import { isJudged, type Finding } from '../model/finding.js';
import { LINT_RULES, type LintRuleId } from '../model/lint-rules.js';
import { OWASP_API_TOP10, owaspAttestationItem, owaspUrl, type OwaspCoverage, type OwaspRisk } from '../model/owasp.js';
import type { Report } from './schema.js';

export type OwaspCoverageRow = NonNullable<Report['owasp']>[number];

/** What the run holds for one system that the coverage reads: its spec's lint and its attestations. */
export interface OwaspSystemInput {
  systemId: string;
  spec?: Pick<SpecArtifact, 'lint' | 'lintRules'>;
  attestations?: AttestationsArtifact;
}

const riskOfRule = (rule: string): OwaspRisk | undefined => {
  const definition = LINT_RULES[rule as LintRuleId] as (typeof LINT_RULES)[LintRuleId] | undefined;
  return definition && 'owasp' in definition ? definition.owasp : undefined;
};

/**
 * The OWASP API Security Top 10 (2023), risk by risk: which checks of the run probed it (their findings per system),
 * which OWASP lint rules ran on each system's spec and what they found, and which owners attested it
 * (`owasp-api<N>` items). A risk none of these reached is not covered, and the report says so.
 */
export function owaspCoverage(
  checks: Readonly<Record<string, Pick<CheckInfo, 'owasp'>>>,
  findings: readonly Finding[],
  systems: readonly OwaspSystemInput[],
): OwaspCoverageRow[] {
  return OWASP_API_TOP10.map(({ id: risk, title, category }) => {
    const probing = new Set(
      Object.entries(checks)
        .filter(([, info]) => info.owasp?.includes(risk))
        .map(([id]) => id),
    );
    const probed = findings
      .filter((finding) => probing.has(finding.checkId))
      .map(({ checkId, systemId, status, basis }) => ({ checkId, systemId, status, ...(basis ? { basis } : {}) }));
    const linted = systems.flatMap(({ systemId, spec }) => {
      if (!spec?.lint) return [];
      const matched = spec.lint
        .filter((result) => result.owasp === risk)
        .map((result) => ({ rule: result.rule, severity: result.severity, count: result.count }));
      // runs stored before the rules that ran were recorded know only the rules that matched
      const rules = new Set(
        (spec.lintRules ?? matched.map((result) => result.rule)).filter((rule) => riskOfRule(rule) === risk),
      );
      if (rules.size === 0) return [];
      return [{ systemId, rules: [...rules].sort(), results: matched.reduce((sum, m) => sum + m.count, 0), matched }];
    });
    const item = owaspAttestationItem(risk);
    const attested = systems.flatMap(({ systemId, attestations }) => {
      // the latest answer wins, as the attested checks judge it
      const latest = (attestations?.items ?? [])
        .filter((answer) => answer.item === item)
        .sort((a, b) => a.date.localeCompare(b.date))
        .at(-1);
      return latest
        ? [
            {
              systemId,
              item,
              answer: latest.answer,
              by: latest.by,
              date: latest.date,
              ...(latest.note ? { note: latest.note } : {}),
            },
          ]
        : [];
    });
    const coverage: OwaspCoverage[] = [];
    // only a verdict that judged something probes a risk: a skipped or failed-to-run check covers nothing
    if (probed.some(isJudged)) coverage.push('probed');
    if (linted.length > 0) coverage.push('linted');
    if (attested.length > 0) coverage.push('attested');
    return { risk, title, category, url: owaspUrl(risk), coverage, probed, linted, attested };
  });
}
