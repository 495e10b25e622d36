import { resolve } from 'node:path';
import { openContext } from '../../estate/context.js';
import { writeReports } from '../../report/index.js';
import { loadBaseline } from '../../report/baseline.js';
import { gateFindings, isFailOn } from '../../report/gate.js';
import { storedReport } from '../../report/stored.js';
import { UsageError } from '../../util/usage-error.js';
import { EXIT } from '../errors.js';
import { parseFormats } from '../report-formats.js';
import { summaryNotes } from '../summary.js';

export interface ReportCliOptions {
  run?: string;
  compare?: string | boolean;
  baseline?: string;
  failOn: string;
  format: string;
  out: string;
}

/** Renders a stored run (the latest by default) in the requested formats without probing anything. */
export async function reportCommand(dir: string, options: ReportCliOptions): Promise<number> {
  const failOn = options.failOn;
  if (!isFailOn(failOn)) throw new UsageError(`--fail-on takes fail, warn or never (got "${failOn}")`);
  const formats = parseFormats(options.format);
  const context = openContext(dir, { outsideFiles: 'not-read' });
  try {
    // --no-compare turns the comparison off; --compare ID picks the run to compare with; default: the run before.
    const compareWith =
      options.compare === false ? false : typeof options.compare === 'string' ? options.compare : undefined;
    const baseline = options.baseline ? loadBaseline(context, options.baseline) : undefined;
    const report = storedReport(context, { runId: options.run, compareWith, baseline });
    const written = await writeReports(report, formats, resolve(options.out));
    process.stdout.write(
      `Report of run ${report.run.id} (${report.run.startedAt}):\n${written.map((path) => `  ${path}\n`).join('')}` +
        summaryNotes(report)
          .map((line) => `${line}\n`)
          .join(''),
    );
    return gateFindings(report, failOn).length > 0 ? EXIT.threshold : EXIT.ok;
  } finally {
    context.close();
  }
}
