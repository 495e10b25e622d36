import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderPdf } from './pdf.js';
import { renderSarif } from './sarif.js';
import type { Report } from './schema.js';

/** Every report format: its file name, media type and renderer; the CLI and the api both render through this table. */
export const REPORT_FORMATS = {
  json: { file: 'report.json', mime: 'application/json', render: renderJson },
  md: { file: 'report.md', mime: 'text/markdown', render: renderMarkdown },
  junit: { file: 'junit.xml', mime: 'application/xml', render: renderJunit },
  html: { file: 'report.html', mime: 'text/html', render: renderHtml },
  sarif: { file: 'report.sarif', mime: 'application/sarif+json', render: renderSarif },
  /** the HTML report printed by headless Chromium */
  pdf: { file: 'report.pdf', mime: 'application/pdf', render: (report: Report) => renderPdf(renderHtml(report)) },
} as const;
export type ReportFormat = keyof typeof REPORT_FORMATS;
export const REPORT_FORMAT_NAMES = Object.keys(REPORT_FORMATS) as ReportFormat[];

export function isReportFormat(value: string): value is ReportFormat {
  return Object.hasOwn(REPORT_FORMATS, value);
}

/** Writes each requested format into `dir`; returns the paths written. */
export async function writeReports(report: Report, formats: readonly ReportFormat[], dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const format of formats) {
    const { file, render } = REPORT_FORMATS[format];
    const path = join(dir, file);
    writeFileSync(path, await render(report));
    written.push(path);
  }
  return written;
}
