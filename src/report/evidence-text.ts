import { cellText, listItemType, type CellValue } from '../model/evidence-cell.js';
import type { ColumnType, Evidence } from '../model/finding.js';

/** A cell's text from the shared formatter, made safe inside a Markdown table row. */
const cell = (value: CellValue, type: ColumnType): string =>
  (cellText(value, type) ?? '—').replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Evidence as Markdown, for the Markdown report and terminals. */
export function evidenceToMarkdown(evidence: Evidence): string {
  const title = evidence.title ? `**${evidence.title}**\n\n` : '';
  switch (evidence.kind) {
    case 'table': {
      const header = `| ${evidence.columns.map((column) => column.label).join(' | ')} |`;
      const rule = `| ${evidence.columns.map(() => '---').join(' | ')} |`;
      const rows = evidence.rows.map(
        (row) => `| ${evidence.columns.map((column) => cell(row[column.key], column.type)).join(' | ')} |`,
      );
      return `${title}${[header, rule, ...rows].join('\n')}`;
    }
    case 'list':
      return `${title}${evidence.items.map((item) => `- ${item.label}: ${cell(item.value, listItemType(item.value))}`).join('\n')}`;
    case 'http': {
      const request = [
        `${evidence.request.method} ${evidence.request.url}`,
        ...Object.entries(evidence.request.headers).map(([k, v]) => `${k}: ${v}`),
      ];
      const response = evidence.response
        ? [
            `HTTP ${evidence.response.status}`,
            ...Object.entries(evidence.response.headers).map(([k, v]) => `${k}: ${v}`),
          ]
        : [`(no response: ${evidence.error ?? 'unknown'})`];
      const reproduce = evidence.reproduce ? `\n\nReproduce:\n\n\`\`\`sh\n${evidence.reproduce}\n\`\`\`` : '';
      return `${title}\`\`\`http\n${request.join('\n')}\n\n${response.join('\n')}\n\`\`\`${reproduce}`;
    }
    case 'series':
      return `${title}${evidence.points.length} points (${evidence.unit})`;
    case 'text':
      return `${title}${evidence.text}`;
  }
}
