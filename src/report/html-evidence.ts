import { cellText, listItemType, type CellValue } from '../model/evidence-cell.js';
import { STATUSES, type ColumnType, type Evidence, type Status } from '../model/finding.js';
import { escapeHtml as esc } from './escape.js';
import { lineChart } from './svg.js';
import { isHttpUrl } from '../model/location.js';

const IS_STATUS = new Set<string>(STATUSES);

export function statusPill(status: Status, text: string = status): string {
  return `<span class="pill ${status}">${esc(text)}</span>`;
}

/** A cell's text from the shared formatter, with the HTML report's markup around it. */
function cell(value: CellValue, type: ColumnType): string {
  const text = cellText(value, type);
  if (text === undefined) return '<span class="muted">—</span>';
  switch (type) {
    case 'code':
      return `<code>${esc(text)}</code>`;
    case 'url':
      // only http(s) links become anchors: a report must never carry a javascript: or file: link
      return isHttpUrl(text) ? `<a href="${esc(text)}">${esc(text)}</a>` : `<code>${esc(text)}</code>`;
    case 'status':
      if (typeof value === 'number') return `<span class="http-status s${Math.floor(value / 100)}xx">${value}</span>`;
      return IS_STATUS.has(text) ? statusPill(text as Status) : esc(text);
    default:
      return esc(text);
  }
}

const NUMERIC: ReadonlySet<ColumnType> = new Set(['ms', 'bytes', 'number']);

function headers(headers: Record<string, string>): string {
  return Object.entries(headers)
    .map(([name, value]) => `${esc(name)}: ${esc(value)}`)
    .join('\n');
}

/** One evidence item as HTML; every kind of checks/contract.ts renders here, so a new check needs no report code. */
export function evidenceToHtml(evidence: Evidence): string {
  const title = evidence.title ? `<div class="evidence-title">${esc(evidence.title)}</div>` : '';
  switch (evidence.kind) {
    case 'table': {
      const head = evidence.columns
        .map((column) => `<th class="${NUMERIC.has(column.type) ? 'num' : ''}">${esc(column.label)}</th>`)
        .join('');
      const body = evidence.rows
        .map(
          (row) =>
            `<tr>${evidence.columns
              .map(
                (column) =>
                  `<td class="${NUMERIC.has(column.type) ? 'num' : ''}">${cell(row[column.key], column.type)}</td>`,
              )
              .join('')}</tr>`,
        )
        .join('');
      return `<div class="evidence">${title}<table class="data"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
    }
    case 'list':
      return `<div class="evidence">${title}<dl class="kv">${evidence.items
        .map((item) => `<dt>${esc(item.label)}</dt><dd>${cell(item.value, listItemType(item.value))}</dd>`)
        .join('')}</dl></div>`;
    case 'http': {
      const request = `${esc(evidence.request.method)} ${esc(evidence.request.url)}\n${headers(evidence.request.headers)}`;
      const response = evidence.response
        ? `HTTP ${evidence.response.status}\n${headers(evidence.response.headers)}` +
          (evidence.response.bodyPreview ? `\n\n${esc(evidence.response.bodyPreview)}` : '')
        : `(no response: ${esc(evidence.error ?? 'unknown')})`;
      const reproduce = evidence.reproduce
        ? `<div class="reproduce"><span class="muted small">Reproduce</span><pre>${esc(evidence.reproduce)}</pre></div>`
        : '';
      return (
        `<div class="evidence">${title}<div class="exchange"><pre class="request">${request}</pre>` +
        `<pre class="response">${response}</pre></div>${reproduce}</div>`
      );
    }
    case 'series':
      return `<div class="evidence">${title}${lineChart(evidence.points, evidence.unit)}</div>`;
    case 'text':
      return `<div class="evidence">${title}<p class="evidence-text">${esc(evidence.text)}</p></div>`;
  }
}
