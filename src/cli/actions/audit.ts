import { resolve } from 'node:path';
import { openContext } from '../../estate/context.js';
import { runAudit } from '../../audit/runner.js';
import { loadBaseline, type Baseline } from '../../report/baseline.js';
import { gateFindings, isFailOn } from '../../report/gate.js';
import { storedReport } from '../../report/stored.js';
import { writeReports } from '../../report/index.js';
import type { Report } from '../../report/schema.js';
import { UsageError } from '../../util/usage-error.js';
import { EXIT } from '../errors.js';
import { outsideFiles } from '../outside-files.js';
import { terminalProgress } from '../progress.js';
import { commaList, parseFormats } from '../report-formats.js';
import { renderSummary } from '../summary.js';

export interface AuditCliOptions {
  checks?: string;
  systems?: string;
  format?: string;
  out?: string;
  failOn: string;
  baseline?: string;
  json?: boolean;
  allowOutsideWorkspace?: boolean;
}

/** Runs an audit of the workspace in `dir`, prints the summary, writes reports; returns the exit code. */
export async function auditCommand(dir: string, options: AuditCliOptions): Promise<number> {
  const failOn = options.failOn;
  if (!isFailOn(failOn)) throw new UsageError(`--fail-on takes fail, warn or never (got "${failOn}")`);
  const formats = parseFormats(options.format);
  const context = openContext(dir, { outsideFiles: outsideFiles(options) });
  try {
    // Read before probing: a wrong --baseline stops the command before any request is sent.
    const baseline: Baseline | undefined = options.baseline ? loadBaseline(context, options.baseline) : undefined;
    const progress = terminalProgress(process.stderr, !options.json);
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    process.once('SIGINT', onSigint);
    let report: Report;
    try {
      const result = await runAudit(
        context.workspace,
        { store: context.store, vault: context.vault },
        {
          checks: commaList(options.checks),
          systems: commaList(options.systems),
          onEvent: progress.onEvent,
          signal: controller.signal,
        },
      );
      // Built from the stored run, so every format gets the flows, specs, timings and comparison around the findings.
      report = storedReport(context, { runId: result.run.id, baseline });
    } finally {
      process.off('SIGINT', onSigint);
      progress.done();
    }
    if (options.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    else process.stdout.write(renderSummary(report, Boolean(process.stdout.isTTY)));
    if (formats.length > 0) {
      const written = await writeReports(report, formats, resolve(options.out ?? 'junction-report'));
      if (!options.json) process.stdout.write(`Reports: ${written.join(', ')}\n`);
    }
    return gateFindings(report, failOn).length > 0 ? EXIT.threshold : EXIT.ok;
  } finally {
    context.close();
  }
}
