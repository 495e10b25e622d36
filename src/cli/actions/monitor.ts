import { openContext } from '../../estate/context.js';
import { parseDuration } from '../../model/duration.js';
import { MonitorScheduler } from '../../monitor/scheduler.js';
import { DEFAULT_RETENTION } from '../../store/sample-repository.js';
import { CliUsageError, EXIT } from '../errors.js';
import { outsideFiles } from '../outside-files.js';

export interface MonitorOptions {
  rounds?: string;
  concurrency: string;
  batchSize: string;
  flushMs: string;
  keepRaw?: string;
  keepMinutes?: string;
  keepHours?: string;
  quiet?: boolean;
  allowOutsideWorkspace?: boolean;
}

function retentionFor(value: string | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback;
  const ms = parseDuration(value);
  if (ms === undefined || ms <= 0) throw new CliUsageError(`${flag} takes a duration such as 7d (got "${value}")`);
  return ms;
}

const positive = (value: string, flag: string) => {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0)
    throw new CliUsageError(`${flag} takes a positive integer (got "${value}")`);
  return number;
};

/** Runs the workspace's monitors until interrupted (or for --rounds), printing alerts as they are raised and cleared. */
export async function monitorCommand(dir: string, options: MonitorOptions): Promise<number> {
  const context = openContext(dir, { outsideFiles: outsideFiles(options) });
  const { estate } = context.workspace;
  if (estate.monitors.length === 0) {
    context.close();
    throw new CliUsageError('no monitors in junction.yaml (monitors: [{ system, path, interval }])');
  }
  const scheduler = new MonitorScheduler(context.workspace, context.store, context.vault, {
    concurrency: positive(options.concurrency, '--concurrency'),
    batchSize: positive(options.batchSize, '--batch-size'),
    flushMs: positive(options.flushMs, '--flush-ms'),
    retention: {
      rawMs: retentionFor(options.keepRaw, DEFAULT_RETENTION.rawMs, '--keep-raw'),
      minuteMs: retentionFor(options.keepMinutes, DEFAULT_RETENTION.minuteMs, '--keep-minutes'),
      hourMs: retentionFor(options.keepHours, DEFAULT_RETENTION.hourMs, '--keep-hours'),
    },
    onFlush: (count, total) => options.quiet || process.stdout.write(`wrote ${count} samples (${total} in all)\n`),
    onTransition: (event) =>
      options.quiet ||
      process.stdout.write(
        `${event.transition === 'raised' ? 'ALERT' : 'CLEARED'} ${event.monitorId} ${event.rule}: ${event.message}\n`,
      ),
    onDelivered: (event, url, ok) => {
      if (!ok)
        process.stderr.write(
          `junction: webhook ${new URL(url).host} did not take the ${event.transition} alert of ${event.monitorId} after every retry\n`,
        );
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
