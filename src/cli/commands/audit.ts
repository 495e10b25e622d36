import type { Command } from 'commander';
import type { Run } from '../errors.js';
import { allowOutsideOption } from '../outside-files.js';
import type { AuditCliOptions } from '../actions/audit.js';

export function registerAudit(program: Command, run: Run): void {
  allowOutsideOption(program.command('audit'))
    .description('probe every system of the workspace and judge it against the readiness checklist')
    .argument('[dir]', 'workspace folder', '.')
    .option('--checks <ids>', 'only these checks (comma-separated ids)')
    .option('--systems <ids>', 'only these systems (comma-separated ids)')
    .option('--format <formats>', 'write reports: json, md, junit, html, sarif, pdf (comma-separated)')
    .option('--out <dir>', 'folder for the reports', 'junction-report')
    .option(
      '--fail-on <level>',
      'exit 1 when a finding is at least: fail, warn or never (accepted risks in junction.yaml waivers do not count)',
      'fail',
    )
    .option(
      '--baseline <run-id|report.json>',
      'compare with an earlier run or report: findings are new, unchanged or updated, and --fail-on counts only new and updated ones',
    )
    .option('--json', 'print the JSON report on stdout instead of the table')
    .action((dir: string, options: AuditCliOptions) =>
      run(import('../actions/audit.js').then((action) => action.auditCommand(dir, options))),
    );
}
