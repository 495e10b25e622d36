import type { Command } from 'commander';
import type { Run } from '../errors.js';
import type { ReportCliOptions } from '../actions/report.js';

export function registerReport(program: Command, run: Run): void {
  program
    .command('report')
    .description('render the readiness report of a stored audit run (the latest by default)')
    .argument('[dir]', 'workspace folder', '.')
    .option('--run <id>', 'the run to report on (default: the latest finished run)')
    .option('--compare <id>', 'show what changed since this run (default: the run before)')
    .option('--no-compare', 'leave out the comparison with an earlier run')
    .option(
      '--baseline <run-id|report.json>',
      'compare with an earlier run or report: findings are new, unchanged or updated, and --fail-on counts only new and updated ones',
    )
    .option('--fail-on <level>', 'exit 1 when a finding is at least: fail, warn or never', 'never')
    .option('--format <formats>', 'json, md, junit, html, sarif, pdf (comma-separated)', 'html')
    .option('--out <dir>', 'folder for the reports', 'junction-report')
    .action((dir: string, options: ReportCliOptions) =>
      run(import('../actions/report.js').then((action) => action.reportCommand(dir, options))),
    );
}
