import { REPORT_FORMATS } from '../../report/index.js';
import { storedReport } from '../../report/stored.js';
import type { ApiContext } from '../context.js';

/** The formats the Report page previews and exports as text. */
export type TextReportFormat = 'html' | 'json' | 'md';

/** The readiness report of a finished run (the latest by default): the very document `junction report` writes. */
export async function getReport(
  ctx: ApiContext,
  input: { runId?: string; format: TextReportFormat },
): Promise<{ runId: string; fileName: string; mime: string; content: string }> {
  const report = storedReport(ctx, { runId: input.runId });
  const { file, mime, render } = REPORT_FORMATS[input.format];
  return {
    runId: report.run.id,
    fileName: `junction-report-${report.run.startedAt.slice(0, 10)}.${file.split('.').pop()}`,
    mime,
    content: render(report),
  };
}
