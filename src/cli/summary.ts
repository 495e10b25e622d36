import Table from 'cli-table3';
import { styleText } from 'node:util';
import type { Status } from '../model/finding.js';
import { SCORE_LABEL } from '../model/scores.js';
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
  const table = new Table({
    head: ['System', 'Check', 'Status', 'Summary'],
    style: { head: color ? ['bold'] : [], border: color ? ['gray'] : [] },
    colWidths: [16, 26, 8, 70],
    wordWrap: true,
  });
  for (const system of report.systems) {
    for (const finding of report.findings.filter((f) => f.systemId === system.id)) {
      table.push([system.id, finding.checkId, paint(finding.status), finding.summary]);
    }
  }
  const categories = Object.entries(report.scores.categories)
    .map(([category, score]) => `${category} ${score.score ?? '—'}`)
    .join(' · ');
  const counts = (['pass', 'warn', 'fail', 'error', 'skip'] as const)
    .map((status) => `${report.findings.filter((f) => f.status === status).length} ${status}`)
    .join(', ');
  const score = `${SCORE_LABEL} ${report.scores.overall ?? '—'}/100 (measured findings; ${categories})`;
  return `${table.toString()}\n${score}\n${counts}\n`;
}
