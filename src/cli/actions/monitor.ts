import { openContext } from '../../estate/context.js';
import { parseDuration } from '../../model/duration.js';
import { MonitorScheduler } from '../../monitor/scheduler.js';
import { monitorIdOf } from '../../model/estate.js';
import { DEFAULT_RETENTION, type MonitorSample } from '../../store/sample-repository.js';
import { UsageError } from '../../util/usage-error.js';
import { EXIT } from '../errors.js';
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
  json?: boolean;
  allowOutsideWorkspace?: boolean;
}

/** One check as `junction monitor` prints it: up or down, the status (or the error) and the latency. */
function sampleLine(sample: MonitorSample, system: string, json: boolean): string {
  const latencyMs = sample.timings && Math.round(sample.timings.total * 10) / 10;
  if (json)
    return JSON.stringify({
      type: 'sample',
      monitor: sample.monitorId,
      system,
      ts: new Date(sample.ts).toISOString(),
      up: sample.ok,
      status: sample.status ?? null,
      latencyMs: latencyMs ?? null,
      error: sample.error ?? null,
    });
  const time = new Date(sample.ts).toISOString().slice(11, 19);
  const answer = sample.ok ? String(sample.status) : (sample.error ?? `HTTP ${sample.status}`);
  return `${time} ${sample.ok ? 'up  ' : 'DOWN'} ${sample.monitorId} (${system}): ${answer}${latencyMs === undefined ? '' : ` in ${latencyMs} ms`}`;
}

function retentionFor(value: string | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback;
  const ms = parseDuration(value);
  if (ms === undefined || ms <= 0) throw new UsageError(`${flag} takes a duration such as 7d (got "${value}")`);
  return ms;
}

const positive = (value: string, flag: string) => {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0)
    throw new UsageError(`${flag} takes a positive integer (got "${value}")`);
  return number;
};

/** Runs the workspace's monitors until interrupted (or for --rounds), printing alerts as they are raised and cleared. */
export async function monitorCommand(dir: string, options: MonitorOptions): Promise<number> {
  const context = openContext(dir, { outsideFiles: outsideFiles(options) });
  const { estate } = context.workspace;
  if (estate.monitors.length === 0) {
    context.close();
    throw new UsageError('no monitors in junction.yaml (monitors: [{ system, path, interval }])');
  }
  const json = options.json === true;
  const print = (line: string) => options.quiet || process.stdout.write(`${line}\n`);
  const systemOf = new Map(estate.monitors.map((monitor) => [monitorIdOf(monitor), monitor.system]));
  const scheduler = new MonitorScheduler(context.workspace, context.store, context.vault, {
    concurrency: positive(options.concurrency, '--concurrency'),
    batchSize: positive(options.batchSize, '--batch-size'),
    flushMs: positive(options.flushMs, '--flush-ms'),
    retention: {
      rawMs: retentionFor(options.keepRaw, DEFAULT_RETENTION.rawMs, '--keep-raw'),
      minuteMs: retentionFor(options.keepMinutes, DEFAULT_RETENTION.minuteMs, '--keep-minutes'),
      hourMs: retentionFor(options.keepHours, DEFAULT_RETENTION.hourMs, '--keep-hours'),
    },
    onSample: (sample) => print(sampleLine(sample, systemOf.get(sample.monitorId) ?? '?', json)),
    onFlush: (count, total) => json || print(`wrote ${count} samples (${total} in all)`),
    onTransition: (event) =>
      print(
        json
          ? JSON.stringify({
              type: 'alert',
              transition: event.transition,
              monitor: event.monitorId,
              system: event.systemId,
              rule: event.rule,
              message: event.message,
              at: new Date(event.at).toISOString(),
            })
          : `${event.transition === 'raised' ? 'ALERT' : 'CLEARED'} ${event.monitorId} ${event.rule}: ${event.message}`,
      ),
    onWarning: (monitorId, message) => options.quiet || process.stderr.write(`warning: ${monitorId}: ${message}\n`),
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
    if (!json) print(`Monitoring ${estate.monitors.length} targets; Ctrl-C to stop.`);
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
