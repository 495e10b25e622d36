import { escapeHtml as esc } from './escape.js';
import { statusPill } from './html-evidence.js';
import type { Report } from './schema.js';

type Row = NonNullable<Report['owasp']>[number];
type NameOf = (systemId: string) => string;

const none = '<span class="muted">—</span>';

/** Each probing check once, with a pill per system in its finding's status (inferred checks marked). */
function probedCell(row: Row, nameOf: NameOf): string {
  if (row.probed.length === 0) return none;
  const byCheck = new Map<string, Row['probed']>();
  for (const finding of row.probed) byCheck.set(finding.checkId, [...(byCheck.get(finding.checkId) ?? []), finding]);
  return [...byCheck]
    .map(
      ([checkId, findings]) =>
        `<div><code>${esc(checkId)}</code>${findings[0].basis === 'inferred' ? ' <span class="pill inferred">inferred</span>' : ''} ` +
        findings
          .map((finding) => statusPill(finding.status, `${nameOf(finding.systemId)} ${finding.status}`))
          .join('') +
        '</div>',
    )
    .join('');
}

function lintedCell(row: Row, nameOf: NameOf): string {
  if (row.linted.length === 0) return none;
  return row.linted
    .map((spec) => {
      const found =
        spec.results === 0
          ? 'nothing found'
          : spec.matched.map((match) => `<code>${esc(match.rule)}</code> ×${match.count}`).join(', ');
      return `<div><b>${esc(nameOf(spec.systemId))}</b>: ${spec.rules.length} rule${spec.rules.length === 1 ? '' : 's'}, ${found}</div>`;
    })
    .join('');
}

function attestedCell(row: Row, nameOf: NameOf): string {
  if (row.attested.length === 0) return none;
  return row.attested
    .map(
      (answer) =>
        `<div><span class="pill attested">${esc(answer.answer)}</span><b>${esc(nameOf(answer.systemId))}</b>: ` +
        `${esc(answer.by)}, ${esc(answer.date)}${answer.note ? ` (${esc(answer.note)})` : ''}</div>`,
    )
    .join('');
}

/** The report's OWASP API Security Top 10 table: per risk, what probed, linted or attested it, or that nothing did. */
export function owaspSection(report: Report, nameOf: NameOf): string {
  const intro =
    `<section id="owasp"><h2>OWASP API Security Top 10 coverage</h2>
<p class="muted">Each risk of the <a href="https://owasp.org/API-Security/editions/2023/en/0x11-t10/">2023 edition</a>: ` +
    `the checks of this run that probed it (their status per system), the OWASP lint rules that ran on each spec ` +
    `(<code>junction spec lint --ruleset owasp</code>) and what they found, and owners' answers under ` +
    `<code>attestations</code> (items <code>owasp-api1</code> … <code>owasp-api10</code>). ` +
    `A risk nothing reached is <b>not covered</b>: this run says nothing about it.</p>`;
  if (!report.owasp) return `${intro}<p class="muted">This report carries no OWASP coverage.</p></section>`;
  const rows = report.owasp
    .map(
      (row) =>
        `<tr data-risk="${esc(row.risk)}"><th scope="row"><a href="${esc(row.url)}">${esc(row.risk)}</a> ${esc(row.title)}` +
        `<div class="muted small">${esc(row.category)}</div></th>` +
        `<td>${row.coverage.length ? esc(row.coverage.join(' · ')) : statusPill('warn', 'not covered')}</td>` +
        `<td>${probedCell(row, nameOf)}</td><td>${lintedCell(row, nameOf)}</td><td>${attestedCell(row, nameOf)}</td></tr>`,
    )
    .join('');
  const uncovered = report.owasp.filter((row) => row.coverage.length === 0).map((row) => row.risk);
  return (
    `${intro}<table class="data owasp"><thead><tr><th>Risk</th><th>Coverage</th><th>Probed</th><th>Linted</th>` +
    `<th>Attested</th></tr></thead><tbody>${rows}</tbody></table>` +
    `<p class="small">${report.owasp.length - uncovered.length} of ${report.owasp.length} risks covered` +
    `${uncovered.length ? `; not covered: ${uncovered.map(esc).join(', ')}` : ''}.</p></section>`
  );
}
