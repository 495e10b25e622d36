import { REPORT_FORMATS, type ReportFormat } from '../../report/index.js';
import { storedReport } from '../../report/stored.js';
import type { ApiContext } from '../context.js';

export interface ReportDocument {
  runId: string;
  fileName: string;
  mime: string;
  /** text formats travel as they are; the PDF's bytes as base64 (the api speaks JSON) */
  encoding: 'utf8' | 'base64';
  content: string;
}

/**
 * The readiness report of a finished run (the latest by default) in any format `junction report` writes: the very
 * document it writes, rendered through the same table (REPORT_FORMATS) from the same stored report.
 */
export async function getReport(
  ctx: ApiContext,
  input: { runId?: string; format: ReportFormat },
): Promise<ReportDocument> {
  const report = storedReport(ctx, { runId: input.runId });
  const { file, mime, render } = REPORT_FORMATS[input.format];
  const rendered = await render(report);
  return {
    runId: report.run.id,
    fileName: `junction-report-${report.run.startedAt.slice(0, 10)}.${file.split('.').pop()}`,
    mime,
    ...(typeof rendered === 'string'
      ? { encoding: 'utf8', content: rendered }
      : { encoding: 'base64', content: rendered.toString('base64') }),
  };
}
