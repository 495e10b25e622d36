import { attestedMark, isAttested } from '../model/attestation.js';
import type { Finding, Status } from '../model/finding.js';
import { SCORE_DEFINITION, SCORE_LABEL } from '../model/scores.js';
import { isAccepted } from '../model/waiver.js';
import { describeChange } from './compare.js';
import { endpointSystems } from './endpoints.js';
import { evidenceToMarkdown } from './evidence-text.js';
import type { Report } from './schema.js';
import { specState } from './spec-state.js';

export const STATUS_MARK: Record<Status, string> = {
  pass: '✅ pass',
  warn: '⚠️ warn',
  fail: '❌ fail',
  error: '⛔ error',
  skip: '⏭ skip',
};

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Accepted risks (waived findings) with owner, reason and expiry; expired waivers are listed as counting again. */
function acceptedRisks(report: Report): string[] {
  const waived = report.findings.filter((finding) => finding.waiver);
  if (waived.length === 0) return [];
  const out = [
    '## Accepted risks',
    '',
    `${waived.filter(isAccepted).length} finding(s) accepted in junction.yaml (\`waivers\`): measured as shown, not counted by \`--fail-on\`.`,
    '',
    '| System | Check | Status | Owner | Reason | Expires | Ticket |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const finding of waived) {
    const waiver = finding.waiver!;
    out.push(
      `| ${cell(systemName(report, finding.systemId))} | \`${finding.checkId}\` | ${STATUS_MARK[finding.status]} | ` +
        `${cell(waiver.owner)} | ${cell(waiver.reason)} | ${waiver.expired ? `**expired ${waiver.expires}: counts again**` : waiver.expires} | ` +
        `${cell(waiver.ticket ?? '')} |`,
    );
  }
  out.push('');
  return out;
}

/** The comparison with the previous run, or with --baseline; resolved problems of the baseline last. */
function changes(report: Report): string[] {
  const comparison = report.comparison;
  if (!comparison) return [];
  const title = report.baseline ? 'Changes since the baseline' : 'Changes since the previous run';
  const out = [
    `## ${title}`,
    '',
    `Compared with run \`${comparison.previousRun.id}\`${comparison.previousRun.startedAt ? ` of ${comparison.previousRun.startedAt}` : ''}.`,
    '',
  ];
  const listed = comparison.changes.filter((change) => describeChange(change) !== 'new check');
  if (listed.length === 0) out.push('Nothing got worse or better.', '');
  else {
    out.push('| Change | System | Check | Before | Now | Summary |', '| --- | --- | --- | --- | --- | --- |');
    for (const change of listed)
      out.push(
        `| ${describeChange(change)} | ${cell(systemName(report, change.systemId))} | \`${change.checkId}\` | ` +
          `${change.before ?? '—'} | ${change.after ?? '—'} | ${cell(change.summary)} |`,
      );
    out.push('');
  }
  if (report.baseline?.resolved.length)
    out.push(
      `Resolved since the baseline: ${report.baseline.resolved
        .map((gone) => `\`${gone.checkId}\` on ${gone.systemId} (${gone.now ?? 'not run'} now)`)
        .join(', ')}.`,
      '',
    );
  return out;
}

/** Per OWASP API Security Top 10 risk: how it was covered, the probing checks' statuses, the lint and the attestations. */
function owaspCoverage(report: Report): string[] {
  if (!report.owasp) return [];
  const name = (id: string) => systemName(report, id);
  const out = [
    '## OWASP API Security Top 10 coverage',
    '',
    'Probed: checks of this run that speak to the risk (status per system). Linted: OWASP lint rules that ran on ' +
      'each spec. Attested: `owasp-api<N>` answers under `attestations`. A risk nothing reached is not covered.',
    '',
    '| Risk | Coverage | Probed | Linted | Attested |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const row of report.owasp) {
    const probed = row.probed.map((f) => `\`${f.checkId}\` ${name(f.systemId)} ${f.status}`).join('; ');
    const linted = row.linted
      .map(
        (spec) =>
          `${name(spec.systemId)}: ${spec.rules.length} rule(s), ` +
          (spec.results === 0 ? 'nothing found' : spec.matched.map((m) => `\`${m.rule}\` ×${m.count}`).join(', ')),
      )
      .join('; ');
    const attested = row.attested.map((a) => `${name(a.systemId)}: ${a.answer} (${a.by}, ${a.date})`).join('; ');
    out.push(
      `| [${row.risk}](${row.url}) ${cell(row.title)} | ${row.coverage.length ? row.coverage.join(', ') : '**not covered**'} | ` +
        `${cell(probed || '—')} | ${cell(linted || '—')} | ${cell(attested || '—')} |`,
    );
  }
  out.push('');
  return out;
}

/** Per system, the endpoint verdicts and their tables, as the HTML report's endpoint section shows them. */
function endpointsSection(report: Report): string[] {
  const systems = endpointSystems(report);
  if (systems.length === 0) return [];
  const out = [
    '## Endpoints per system',
    '',
    'Shadow endpoints, unused operations, the consumers of each breaking change and the slowest operations' +
      `${report.flowWindow ? `, over ${report.flowWindow.text}` : ''}: the same verdicts as under Findings.`,
    '',
  ];
  for (const system of systems) {
    out.push(`### ${system.name}`, '');
    for (const part of system.parts) {
      const mark = part.verdict ? `${STATUS_MARK[part.verdict.status]} ` : '';
      out.push(`#### ${mark}${part.title} (\`${part.checkId}\`)`, '');
      if (part.verdict) out.push(part.verdict.summary, '');
      for (const table of part.tables) out.push(evidenceToMarkdown(table), '');
    }
  }
  return out;
}

/** The specs audited, as the HTML report lists them: a system without a spec says so. */
function specsTable(report: Report): string[] {
  if (!report.specs?.length) return [];
  return [
    '## Specs and versions audited',
    '',
    '| System | Spec | Title | API version | OpenAPI | Operations | State |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...report.specs.map(
      (spec) =>
        `| ${cell(systemName(report, spec.systemId))} | ${spec.source ? `\`${spec.source}\`` : 'none'} | ` +
        `${cell(spec.title ?? '')} | ${cell(spec.version ?? '')} | ${spec.specVersion ?? ''} | ` +
        `${spec.operations ?? ''} | ${cell(specState(spec).text)} |`,
    ),
    '',
  ];
}

const systemName = (report: Report, id: string) => report.systems.find((system) => system.id === id)?.name ?? id;

/** The heading's tail: the baseline state and the waiver, so no accepted or known finding reads as a new one. */
const headingMarks = (finding: Finding) =>
  (finding.baseline ? ` · ${finding.baseline}` : '') +
  (finding.waiver ? (finding.waiver.expired ? ' · **waiver expired**' : ' · *accepted risk*') : '');

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
  const accepted = report.findings.filter((finding) => isAccepted(finding) && finding.status === 'fail').length;
  if (accepted > 0) out.push('', `${accepted} failure(s) accepted as risks: see Accepted risks.`);
  out.push('', '## Systems', '', '| System | Base URL |', '| --- | --- |');
  for (const system of report.systems) out.push(`| ${system.name} (\`${system.id}\`) | ${system.baseUrl} |`);
  out.push(
    '',
    ...specsTable(report),
    ...owaspCoverage(report),
    ...changes(report),
    ...acceptedRisks(report),
    ...endpointsSection(report),
  );
  out.push('## Findings', '');
  for (const system of report.systems) {
    out.push(`### ${system.name}`, '');
    const own = report.findings.filter((f) => f.systemId === system.id);
    // Attested answers come last, under their own heading: they are declarations, not measurements.
    const ordered = [...own.filter((f) => !isAttested(f.checkId)), ...own.filter((f) => isAttested(f.checkId))];
    ordered.forEach((finding, index) => {
      if (isAttested(finding.checkId) && !isAttested(ordered[index - 1]?.checkId ?? ''))
        out.push('#### Attested (declared in junction.yaml, not measured)', '');
      out.push(
        `#### ${STATUS_MARK[finding.status]} \`${finding.checkId}\` (${finding.category})` +
          `${isAttested(finding.checkId) ? ` — *${attestedMark(finding)}*` : finding.basis === 'inferred' ? ' — *inferred*' : ''}` +
          headingMarks(finding),
        '',
        finding.summary,
        '',
      );
      if (finding.waiver)
        out.push(
          `**${finding.waiver.expired ? `Waiver expired on ${finding.waiver.expires}, counts again` : `Accepted risk until ${finding.waiver.expires}`}:** ` +
            `${finding.waiver.reason} (${finding.waiver.owner}${finding.waiver.ticket ? `, ${finding.waiver.ticket}` : ''})`,
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
