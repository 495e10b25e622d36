import Table from 'cli-table3';
import { styleText } from 'node:util';
import type { Finding, Status } from '../model/finding.js';
import { SCORE_LABEL } from '../model/scores.js';
import { isAccepted } from '../model/waiver.js';
import type { Report } from '../report/schema.js';

const STATUS_STYLE: Record<Status, Parameters<typeof styleText>[0]> = {
  pass: 'green',
  warn: 'yellow',
  fail: 'red',
  error: 'magenta',
  skip: 'gray',
};

/** The findings table printed after an audit; colour only on a terminal. */
export function renderSummary(report: Report, color: boolean): string {
  const paint = (status: Status) =>
    color ? styleText(STATUS_STYLE[status], status.toUpperCase()) : status.toUpperCase();
  // Ids are never cut (a check id must paste into --checks as printed): their columns are as wide as the longest.
  const widest = (texts: string[], header: string) => Math.max(header.length, ...texts.map((text) => text.length)) + 2;
  const table = new Table({
    head: ['System', 'Check', 'Status', 'Summary'],
    style: { head: color ? ['bold'] : [], border: color ? ['gray'] : [] },
    colWidths: [
      widest(
        report.systems.map((system) => system.id),
        'System',
      ),
      widest(
        report.findings.map((finding) => finding.checkId),
        'Check',
      ),
      10,
      68,
    ],
    wordWrap: true,
  });
  for (const system of report.systems) {
    for (const finding of report.findings.filter((f) => f.systemId === system.id)) {
      table.push([system.id, finding.checkId, `${paint(finding.status)}${marks(finding)}`, finding.summary]);
    }
  }
  const categories = Object.entries(report.scores.categories)
    .map(([category, score]) => `${category} ${score.score ?? '—'}`)
    .join(' · ');
  const counts = (['pass', 'warn', 'fail', 'error', 'skip'] as const)
    .map((status) => `${report.findings.filter((f) => f.status === status).length} ${status}`)
    .join(', ');
  const score = `${SCORE_LABEL} ${report.scores.overall ?? '—'}/100 (measured findings; ${categories})`;
  const notes = summaryNotes(report);
  return `${table.toString()}\n${score}\n${counts}\n${notes.map((line) => `${line}\n`).join('')}`;
}

/** What the status cell adds: an accepted risk, a waiver that ran out, the finding's baseline state. */
const marks = (finding: Finding): string =>
  (finding.basis === 'inferred' ? ' inferred' : '') +
  (finding.waiver ? (finding.waiver.expired ? ' waiver expired' : ' accepted') : '') +
  (finding.baseline && finding.baseline !== 'unchanged' ? ` ${finding.baseline}` : '');

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** The lines under the table: accepted risks, expired and unused waivers, and the baseline comparison. */
export function summaryNotes(report: Report): string[] {
  const notes: string[] = [];
  const accepted = report.findings.filter(isAccepted);
  const acceptedFails = accepted.filter((finding) => finding.status === 'fail').length;
  if (accepted.length > 0)
    notes.push(
      `Accepted risks: ${plural(accepted.length, 'finding')} waived in junction.yaml ` +
        `(${plural(acceptedFails, 'failure')}), not counted by --fail-on`,
    );
  for (const finding of report.findings.filter((f) => f.waiver?.expired))
    notes.push(
      `Waiver expired on ${finding.waiver!.expires}: ${finding.checkId} on ${finding.systemId} counts again ` +
        `(owner ${finding.waiver!.owner})`,
    );
  for (const waiver of report.waivers ?? [])
    if (waiver.findings === 0)
      notes.push(
        `Unused waiver: ${waiver.check}${waiver.system ? ` on ${waiver.system}` : ''}` +
          `${waiver.match ? ` matching "${waiver.match}"` : ''} covers no finding of this run`,
      );
  if (report.baseline) {
    const count = (state: string) => report.findings.filter((f) => f.baseline === state).length;
    notes.push(
      `Baseline ${report.baseline.run?.id ?? report.baseline.source}: ${count('new')} new, ${count('updated')} updated, ` +
        `${count('unchanged')} unchanged, ${report.baseline.resolved.length} resolved (--fail-on counts new and updated)`,
    );
  }
  return notes;
}
