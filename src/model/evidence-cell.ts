import type { ColumnType } from './finding.js';

export type CellValue = string | number | boolean | null | undefined;

const BYTE_UNITS = ['KiB', 'MiB', 'GiB', 'TiB'];

function bytesText(bytes: number): string {
  if (Math.abs(bytes) < 1024) return `${bytes} B`;
  let value = bytes;
  let unit = -1;
  while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}

/** An instant as UTC to the second ("2026-06-01 10:00:05 UTC"); a calendar date ("2026-06-01") stays as it is. */
function dateText(value: string | number): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (Number.isNaN(ms)) return String(value);
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/**
 * The text of one evidence cell, the same in the HTML and Markdown reports and in the UI: each renderer adds only its
 * markup (a link, a status pill, an escaped pipe). undefined for an empty cell, which every renderer shows as "—".
 */
export function cellText(value: CellValue, type: ColumnType): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') {
    if (type === 'ms') return `${value.toLocaleString('en-US', { maximumFractionDigits: 1 })} ms`;
    if (type === 'bytes') return bytesText(value);
    if (type === 'number') return value.toLocaleString('en-US');
  }
  if (type === 'date') return dateText(value);
  return String(value);
}

/** The column type a list item's value is shown with: lists carry no types, so numbers are numbers and the rest text. */
export const listItemType = (value: CellValue): ColumnType => (typeof value === 'number' ? 'number' : 'text');
