import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import type { Report } from './schema.js';

export const REPORT_FORMATS = {
  json: { file: 'report.json', render: renderJson },
  md: { file: 'report.md', render: renderMarkdown },
  junit: { file: 'junit.xml', render: renderJunit },
} as const;
export type ReportFormat = keyof typeof REPORT_FORMATS;

export function isReportFormat(value: string): value is ReportFormat {
  return Object.hasOwn(REPORT_FORMATS, value);
}

/** Writes each requested format into `dir`; returns the paths written. */
export function writeReports(report: Report, formats: readonly ReportFormat[], dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  return formats.map((format) => {
    const { file, render } = REPORT_FORMATS[format];
    const path = join(dir, file);
    writeFileSync(path, render(report));
    return path;
  });
}
