import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { Status } from '../../model/finding.js';
import { openContext } from '../../estate/context.js';
import { runAudit } from '../../audit/runner.js';
import { storedReport } from '../../report/stored.js';
import { isReportFormat, REPORT_FORMAT_NAMES, writeReports, type ReportFormat } from '../../report/index.js';
import type { Report } from '../../report/schema.js';
import { CliUsageError, EXIT } from '../errors.js';
import { allowOutsideOption, outsideFiles } from '../outside-files.js';
import { terminalProgress } from '../progress.js';
import { renderSummary } from '../summary.js';

export interface AuditCliOptions {
  checks?: string;
  systems?: string;
  format?: string;
  out?: string;
  failOn: string;
  json?: boolean;
  allowOutsideWorkspace?: boolean;
}

const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);

const FAILING: Record<string, Status[]> = { fail: ['fail', 'error'], warn: ['warn', 'fail', 'error'], never: [] };

export function parseFormats(value: string | undefined): ReportFormat[] {
  const formats = list(value) ?? [];
  const unknown = formats.filter((format) => !isReportFormat(format));
  if (unknown.length > 0)
    throw new CliUsageError(`unknown report format: ${unknown.join(', ')} (${REPORT_FORMAT_NAMES.join(', ')})`);
  return formats as ReportFormat[];
}

/** Runs an audit of the workspace in `dir`, prints the summary, writes reports; returns the exit code. */
export async function auditCommand(dir: string, options: AuditCliOptions): Promise<number> {
  const failing = FAILING[options.failOn];
  if (!failing) throw new CliUsageError(`--fail-on takes fail, warn or never (got "${options.failOn}")`);
  const formats = parseFormats(options.format);
  const context = openContext(dir, { outsideFiles: outsideFiles(options) });
  try {
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
          checks: list(options.checks),
          systems: list(options.systems),
          onEvent: progress.onEvent,
          signal: controller.signal,
        },
      );
      // Built from the stored run, so every format gets the flows, specs, timings and comparison around the findings.
      report = storedReport(context, { runId: result.run.id });
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
    return report.findings.some((finding) => failing.includes(finding.status)) ? EXIT.threshold : EXIT.ok;
  } finally {
    context.close();
  }
}

export function registerAudit(program: Command, run: (code: Promise<number>) => void): void {
  allowOutsideOption(program.command('audit'))
    .description('probe every system of the workspace and judge it against the readiness checklist')
    .argument('[dir]', 'workspace folder', '.')
    .option('--checks <ids>', 'only these checks (comma-separated ids)')
    .option('--systems <ids>', 'only these systems (comma-separated ids)')
    .option('--format <formats>', 'write reports: json, md, junit, html, sarif, pdf (comma-separated)')
    .option('--out <dir>', 'folder for the reports', 'junction-report')
    .option('--fail-on <level>', 'exit 1 when a finding is at least: fail, warn or never', 'fail')
    .option('--json', 'print the JSON report on stdout instead of the table')
    .action((dir: string, options: AuditCliOptions) => run(auditCommand(dir, options)));
}
