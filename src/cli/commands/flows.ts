import Table from 'cli-table3';
import type { Command } from 'commander';
import { openContext } from '../../estate/context.js';
import { parseDuration } from '../../model/duration.js';
import { importSource, type ImportResult } from '../../flows/import.js';
import { DEFAULT_FLOW_WINDOW_MS, summarizeFlows } from '../../flows/summary.js';
import { CliUsageError, EXIT } from '../errors.js';

/** Imports what is new in every log source (or one), printing lines read, malformed lines and edges per source. */
export async function flowsImportCommand(
  dir: string,
  options: { source?: string; json?: boolean; quiet?: boolean },
): Promise<number> {
  const context = openContext(dir);
  try {
    const { estate } = context.workspace;
    const sources = options.source
      ? estate.logSources.filter((source) => source.id === options.source)
      : estate.logSources;
    if (options.source && sources.length === 0) {
      throw new CliUsageError(
        `no log source "${options.source}" (known: ${estate.logSources.map((source) => source.id).join(', ') || 'none'})`,
      );
    }
    const tty = Boolean(process.stderr.isTTY) && !options.json && !options.quiet;
    const results: ImportResult[] = [];
    for (const source of sources) {
      const result = await importSource(context.store, estate, source, {
        resolvePath: context.workspace.resolvePath,
        onProgress: tty
          ? (done, total) =>
              process.stderr.write(`\r\x1b[2K${source.id}: ${Math.floor((100 * done) / Math.max(1, total))}%`)
          : undefined,
      });
      if (tty) process.stderr.write('\r\x1b[2K');
      results.push(result);
      if (!options.json && !options.quiet) {
        process.stdout.write(
          `${source.id} (${source.type}): ${result.lines} lines read, ${result.malformed} malformed, ${result.records} calls, ${result.edges} edges\n`,
        );
        for (const sample of result.malformedSamples.slice(0, 3))
          process.stdout.write(`  line ${sample.line}: ${sample.reason}: ${sample.text.slice(0, 120)}\n`);
      }
    }
    if (options.quiet) return EXIT.ok;
    if (options.json) process.stdout.write(JSON.stringify({ imports: results }, null, 2) + '\n');
    else if (sources.length === 0) process.stdout.write('No log sources in junction.yaml (logSources: []).\n');
    return EXIT.ok;
  } finally {
    context.close();
  }
}

/** Discovered edges over the window with their rate, error rate and latency; unknown peers listed apart. */
export async function flowsShowCommand(dir: string, options: { json?: boolean; window: string }): Promise<number> {
  const windowMs = parseDuration(options.window);
  if (windowMs === undefined)
    throw new CliUsageError(`--window takes a duration such as 24h or 7d (got "${options.window}")`);
  const context = openContext(dir);
  try {
    const until = Date.now();
    const summary = summarizeFlows(context.store, context.workspace.estate, { from: until - windowMs, until });
    const edges = summary.edges.map(({ from, to, protocol, count, errorRate, p50, p95, p99, declared }) => ({
      from,
      to,
      protocol,
      count,
      errorRate,
      p50,
      p95,
      p99,
      declared,
    }));
    if (options.json) {
      process.stdout.write(
        JSON.stringify(
          { edges, unknownPeers: summary.unknownPeers, silent: summary.declared.filter((flow) => !flow.seen) },
          null,
          2,
        ) + '\n',
      );
      return EXIT.ok;
    }
    const color = Boolean(process.stdout.isTTY);
    const table = new Table({
      head: ['From', 'To', 'Protocol', 'Calls', 'Errors', 'p50 ms', 'p95 ms', 'p99 ms', 'Declared'],
      style: { head: color ? ['bold'] : [], border: color ? ['gray'] : [] },
    });
    const ms = (value: number | null) => (value === null ? '—' : String(value));
    for (const edge of edges) {
      table.push([
        edge.from,
        edge.to,
        edge.protocol,
        edge.count,
        `${(edge.errorRate * 100).toFixed(1)}%`,
        ms(edge.p50),
        ms(edge.p95),
        ms(edge.p99),
        edge.declared ? 'yes' : 'NO',
      ]);
    }
    process.stdout.write(`${table.toString()}\n`);
    if (summary.unknownPeers.length > 0)
      process.stdout.write(`Unknown peers (not systems of the estate): ${summary.unknownPeers.join(', ')}\n`);
    const silent = summary.declared.filter((flow) => !flow.seen);
    if (silent.length > 0)
      process.stdout.write(`Declared but silent: ${silent.map((flow) => `${flow.from} → ${flow.to}`).join(', ')}\n`);
    return EXIT.ok;
  } finally {
    context.close();
  }
}

export function registerFlows(program: Command, run: (code: Promise<number>) => void): void {
  const flows = program.command('flows').description('discover who talks to whom from access logs and traces');
  flows
    .command('import')
    .description('read what is new in the log sources of junction.yaml (idempotent)')
    .argument('[dir]', 'workspace folder', '.')
    .option('--source <id>', 'only this log source')
    .option('--json', 'print the import results as JSON')
    .action((dir: string, options: { source?: string; json?: boolean }) => run(flowsImportCommand(dir, options)));
  flows
    .command('show')
    .description('print the discovered edges: calls, error rate, latency, declared or not')
    .argument('[dir]', 'workspace folder', '.')
    .option('--window <duration>', 'how far back', `${DEFAULT_FLOW_WINDOW_MS / 86_400_000}d`)
    .option('--json', 'print { edges, unknownPeers } as JSON')
    .action((dir: string, options: { json?: boolean; window: string }) => run(flowsShowCommand(dir, options)));
}
