import type { Command } from 'commander';
import { openContext } from '../../api/context.js';
import { MonitorScheduler } from '../../monitor/scheduler.js';
import { CliUsageError, EXIT } from '../errors.js';

interface MonitorOptions {
  rounds?: string;
  concurrency: string;
  batchSize: string;
  flushMs: string;
  quiet?: boolean;
}

const positive = (value: string, flag: string) => {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw new CliUsageError(`${flag} takes a positive integer (got "${value}")`);
  return number;
};

/** Runs the workspace's monitors until interrupted (or for --rounds), printing alerts as they are raised and cleared. */
export async function monitorCommand(dir: string, options: MonitorOptions): Promise<number> {
  const context = openContext(dir);
  const { estate } = context.workspace;
  if (estate.monitors.length === 0) {
    context.close();
    throw new CliUsageError('no monitors in junction.yaml (monitors: [{ system, path, interval }])');
  }
  const scheduler = new MonitorScheduler(context.workspace, context.store, context.vault, {
    concurrency: positive(options.concurrency, '--concurrency'),
    batchSize: positive(options.batchSize, '--batch-size'),
    flushMs: positive(options.flushMs, '--flush-ms'),
    onFlush: (count, total) => options.quiet || process.stdout.write(`wrote ${count} samples (${total} in all)\n`),
    onTransition: (event) => options.quiet || process.stdout.write(`${event.transition === 'raised' ? 'ALERT' : 'CLEARED'} ${event.monitorId} ${event.rule}: ${event.message}\n`),
    onDelivered: (event, url, ok) => {
      if (!ok) process.stderr.write(`junction: webhook ${new URL(url).host} did not take the ${event.transition} alert of ${event.monitorId} after every retry\n`);
    },
  });
  try {
    if (options.rounds !== undefined) {
      const rounds = positive(options.rounds, '--rounds');
      for (let round = 0; round < rounds; round++) await scheduler.runRound();
      return EXIT.ok;
    }
    process.stdout.write(`Monitoring ${estate.monitors.length} targets; Ctrl-C to stop.\n`);
    scheduler.start();
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await scheduler.stop();
    return EXIT.ok;
  } finally {
    context.close();
  }
}

export function registerMonitor(program: Command, run: (code: Promise<number>) => void): void {
  program
    .command('monitor')
    .description('run the monitors of the workspace headless: samples, rollups, alerts, webhooks')
    .argument('[dir]', 'workspace folder', '.')
    .option('--rounds <n>', 'check every monitor n times, then exit')
    .option('--concurrency <n>', 'checks at once', '4')
    .option('--batch-size <n>', 'samples per write', '100')
    .option('--flush-ms <ms>', 'longest wait before waiting samples are written', '5000')
    .action((dir: string, options: MonitorOptions) => run(monitorCommand(dir, options)));
}
