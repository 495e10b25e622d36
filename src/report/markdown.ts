import { isAttested } from '../model/attestation.js';
import type { Status } from '../model/finding.js';
import { SCORE_DEFINITION, SCORE_LABEL } from '../model/scores.js';
import { evidenceToMarkdown } from './evidence-text.js';
import type { Report } from './schema.js';

export const STATUS_MARK: Record<Status, string> = {
  pass: '✅ pass',
  warn: '⚠️ warn',
  fail: '❌ fail',
  error: '⛔ error',
  skip: '⏭ skip',
};

export function renderMarkdown(report: Report): string {
  const out: string[] = [];
  out.push(`# Readiness report: ${report.estate}`, '');
  out.push(`Run \`${report.run.id}\`, ${report.run.startedAt} to ${report.run.finishedAt}. ${report.generator}.`, '');
  out.push(
    `**${SCORE_LABEL}: ${report.scores.overall ?? '—'}/100** (${SCORE_DEFINITION})`,
    '',
    '| Category | Score | Pass | Warn | Fail | Error | Skip |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const [category, score] of Object.entries(report.scores.categories)) {
    const c = score.counts;
    out.push(`| ${category} | ${score.score ?? '—'} | ${c.pass} | ${c.warn} | ${c.fail} | ${c.error} | ${c.skip} |`);
  }
  out.push('', '## Systems', '', '| System | Base URL |', '| --- | --- |');
  for (const system of report.systems) out.push(`| ${system.name} (\`${system.id}\`) | ${system.baseUrl} |`);
  out.push('', '## Findings', '');
  for (const system of report.systems) {
    out.push(`### ${system.name}`, '');
    const own = report.findings.filter((f) => f.systemId === system.id);
    // Attested answers come last, under their own heading: they are declarations, not measurements.
    const ordered = [...own.filter((f) => !isAttested(f.checkId)), ...own.filter((f) => isAttested(f.checkId))];
    ordered.forEach((finding, index) => {
      if (isAttested(finding.checkId) && !isAttested(ordered[index - 1]?.checkId ?? ''))
        out.push('#### Attested (declared in junction.yaml, not measured)', '');
      out.push(
        `#### ${STATUS_MARK[finding.status]} \`${finding.checkId}\` (${finding.category})${isAttested(finding.checkId) ? ' — *attested*' : ''}`,
        '',
        finding.summary,
        '',
      );
      if (finding.remediation) out.push(`**Fix:** ${finding.remediation}`, '');
      for (const evidence of finding.evidence) out.push(evidenceToMarkdown(evidence), '');
      if (finding.references?.length)
        out.push(`References: ${finding.references.map((r) => `[${r.title}](${r.url})`).join(', ')}`, '');
    });
  }
  return out.join('\n');
}
