import type { Command } from 'commander';
import { DEFAULT_FLOW_WINDOW_MS } from '../../model/artifacts/flows.js';
import type { Run } from '../errors.js';
import { allowOutsideOption } from '../outside-files.js';

export function registerFlows(program: Command, run: Run): void {
  const flows = program.command('flows').description('discover who talks to whom from access logs and traces');
  allowOutsideOption(flows.command('import'))
    .description('read what is new in the log sources and brokers of junction.yaml (idempotent)')
    .argument('[dir]', 'workspace folder', '.')
    .option('--source <id>', 'only this log source or broker system')
    .option('--json', 'print the import results as JSON')
    .action((dir: string, options: { source?: string; json?: boolean; allowOutsideWorkspace?: boolean }) =>
      run(import('../actions/flows.js').then((action) => action.flowsImportCommand(dir, options))),
    );
  flows
    .command('show')
    .description('print the discovered edges: calls, 5xx/4xx/429 rates, latency, declared or not')
    .argument('[dir]', 'workspace folder', '.')
    .option(
      '--window <duration>',
      'how long a window (it ends at the latest imported call unless --until says otherwise)',
      `${DEFAULT_FLOW_WINDOW_MS / 86_400_000}d`,
    )
    .option('--from <date>', 'start the window here (UTC date or date-time)')
    .option('--until <date>', 'end the window here (UTC date or date-time)')
    .option('--operations', 'list the called operations per system (documented or not, consumers) instead of edges')
    .option('--system <id>', 'with --operations: only the operations of this system')
    .option(
      '--json',
      'print { window, edges, unknownPeers, silent, unwatched, topology } (or { window, operations, unused }) as JSON',
    )
    .action(
      (
        dir: string,
        options: {
          json?: boolean;
          window: string;
          from?: string;
          until?: string;
          operations?: boolean;
          system?: string;
        },
      ) => run(import('../actions/flows.js').then((action) => action.flowsShowCommand(dir, options))),
    );
}
