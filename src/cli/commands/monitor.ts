import type { Command } from 'commander';
import type { Run } from '../errors.js';
import { allowOutsideOption } from '../outside-files.js';
import type { MonitorOptions } from '../actions/monitor.js';

export function registerMonitor(program: Command, run: Run): void {
  allowOutsideOption(program.command('monitor'))
    .description('run the monitors of the workspace headless: samples, rollups, alerts, webhooks')
    .argument('[dir]', 'workspace folder', '.')
    .option('--rounds <n>', 'check every monitor n times, then exit')
    .option('--concurrency <n>', 'checks at once', '4')
    .option('--batch-size <n>', 'samples per write', '100')
    .option('--flush-ms <ms>', 'longest wait before waiting samples are written', '5000')
    .option('--json', 'print each check and alert as one JSON object per line')
    .option('--keep-raw <duration>', 'keep raw samples this long', '7d')
    .option('--keep-minutes <duration>', 'keep per-minute rollups this long', '31d')
    .option('--keep-hours <duration>', 'keep per-hour rollups this long', '400d')
    .action((dir: string, options: MonitorOptions) =>
      run(import('../actions/monitor.js').then((action) => action.monitorCommand(dir, options))),
    );
}
