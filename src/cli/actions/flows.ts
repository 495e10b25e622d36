import Table from 'cli-table3';
import { openContext } from '../../estate/context.js';
import { parseDuration } from '../../model/duration.js';
import { outsideWindowText, windowJson, windowText } from '../../model/artifacts/flows.js';
import { importSource, type ImportResult } from '../../flows/import.js';
import { summarizeFlows } from '../../flows/summary.js';
import { summarizeOperations } from '../../flows/operations-summary.js';
import { operationsJson, operationsText } from './flows-operations.js';
import { flowWindow } from '../../flows/window.js';
import { UsageError } from '../../util/usage-error.js';
import { EXIT } from '../errors.js';
import { outsideFiles } from '../outside-files.js';
import { importBrokerFlows, type BrokerImportResult } from '../../broker/flows.js';
import { createProbe } from '../../probe/system-probe.js';
import { Redactor } from '../../probe/redact.js';
import type { BrokerSystem, System } from '../../model/estate.js';
import { loadSpecRoutes, unreadSpecText } from '../../gather/spec-routes.js';

/** `12,000 lines read, 0 malformed, 23,500 calls (11,500 proxied lines count twice: …), 5 edges` and what else counts. */
export function importSummary(result: ImportResult): string {
  const n = (value: number) => value.toLocaleString('en-US');
  const parts = [`${n(result.lines)} lines read`, `${n(result.malformed)} malformed`];
  if (result.ownProbes > 0) parts.push(`${n(result.ownProbes)} of Junction's own probe requests left out`);
  let calls = `${n(result.records)} calls`;
  if (result.forwarded > 0)
    calls +=
      ` (${n(result.forwarded)} proxied line${result.forwarded === 1 ? '' : 's'} count twice: ` +
      `the client → the gateway, and the gateway → the upstream it forwarded to)`;
  parts.push(calls, `${n(result.edges)} edges`);
  return `${result.sourceId} (${result.type}): ${parts.join(', ')}`;
}

/** `rabbit (rabbitmq): 4 connections, 3 routes, 1,200 messages delivered, 2 edges`. */
export function brokerImportSummary(result: BrokerImportResult): string {
  const n = (value: number) => value.toLocaleString('en-US');
  return (
    `${result.sourceId} (${result.type}): ${n(result.connections)} connections, ${n(result.routes)} routes, ` +
    `${n(result.messages)} messages delivered, ${n(result.edges)} edges`
  );
}

/**
 * Imports what is new in every log source and broker (or one), printing lines read, malformed lines and edges per
 * source. A broker system is a source by itself: its management API says who publishes to whom.
 */
export async function flowsImportCommand(
  dir: string,
  options: { source?: string; json?: boolean; quiet?: boolean; allowOutsideWorkspace?: boolean },
): Promise<number> {
  const context = openContext(dir, { outsideFiles: outsideFiles(options) });
  try {
    const { estate } = context.workspace;
    const sources = options.source
      ? estate.logSources.filter((source) => source.id === options.source)
      : estate.logSources;
    const brokers = estate.systems.filter(
      (system): system is BrokerSystem =>
        system.broker !== undefined && (!options.source || system.id === options.source),
    );
    if (options.source && sources.length === 0 && brokers.length === 0) {
      const known = [...estate.logSources, ...estate.systems.filter((system) => system.broker)].map(
        (source) => source.id,
      );
      throw new UsageError(`no log source or broker "${options.source}" (known: ${known.join(', ') || 'none'})`);
    }
    const tty = Boolean(process.stderr.isTTY) && !options.json && !options.quiet;
    const results: (ImportResult | BrokerImportResult)[] = [];
    const probeOf = (system: System) =>
      createProbe(context.workspace, system, { vault: context.vault }, new Redactor());
    // calls are matched to the operations of the called system's spec, read once for every source
    if (tty && sources.length > 0) process.stderr.write('reading the specs to match calls to operations…');
    const { specs, unread } =
      sources.length > 0
        ? await loadSpecRoutes(estate.systems, context.workspace.resolvePath, probeOf, AbortSignal.timeout(60_000))
        : { specs: new Map(), unread: [] };
    if (tty && sources.length > 0) process.stderr.write('\r\x1b[2K');
    if (!options.quiet) for (const spec of unread) process.stderr.write(`warning: ${unreadSpecText(spec)}\n`);
    for (const source of sources) {
      const result = await importSource(context.store, estate, source, {
        resolvePath: context.workspace.resolvePath,
        specs,
        onProgress: tty
          ? (done, total) =>
              process.stderr.write(`\r\x1b[2K${source.id}: ${Math.floor((100 * done) / Math.max(1, total))}%`)
          : undefined,
      });
      if (tty) process.stderr.write('\r\x1b[2K');
      results.push(result);
      if (!options.json && !options.quiet) {
        process.stdout.write(`${importSummary(result)}\n`);
        for (const sample of result.malformedSamples.slice(0, 3))
          process.stdout.write(`  line ${sample.line}: ${sample.reason}: ${sample.text.slice(0, 120)}\n`);
        if (result.heldBytes > 0 && result.records > 0)
          process.stdout.write(
            `  the last line (${result.heldBytes} bytes) has no newline yet: the next import reads it if the file has not grown\n`,
          );
      }
      if (!options.quiet)
        for (const warning of result.warnings) process.stderr.write(`warning: ${source.id}: ${warning}\n`);
    }
    for (const system of brokers) {
      const result = await importBrokerFlows(context.store, estate, system, probeOf(system));
      results.push(result);
      if (!options.json && !options.quiet) process.stdout.write(`${brokerImportSummary(result)}\n`);
      if (!options.quiet)
        for (const warning of result.warnings) process.stderr.write(`warning: ${system.id}: ${warning}\n`);
    }
    if (options.quiet) return EXIT.ok;
    if (options.json) process.stdout.write(JSON.stringify({ imports: results }, null, 2) + '\n');
    else if (sources.length === 0 && brokers.length === 0)
      process.stdout.write('No log sources in junction.yaml (logSources: []) and no broker systems.\n');
    return EXIT.ok;
  } finally {
    context.close();
  }
}

/** A --from/--until value: an ISO date or date-time (UTC unless it says otherwise), or epoch milliseconds. */
function parseInstant(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
  if (!Number.isFinite(ms))
    throw new UsageError(`${option} takes a date such as 2026-11-19 or 2026-11-19T10:00 (got "${value}")`);
  return ms;
}

const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;

/** `rabbit` and one line per route a broker edge took: `orders → billing.orders 2.5/s`. */
const viaText = (via: string, routes: readonly { exchange: string; queue: string; perSecond: number }[]) =>
  [via, ...routes.map((route) => `  ${route.exchange || '(default)'} → ${route.queue} ${route.perSecond}/s`)].join(
    '\n',
  );

/** Discovered edges over the window with their rate, error rates and latency; unknown peers listed apart. */
export async function flowsShowCommand(
  dir: string,
  options: { json?: boolean; window: string; from?: string; until?: string; operations?: boolean; system?: string },
): Promise<number> {
  if (options.system !== undefined && !options.operations)
    throw new UsageError("--system lists one system's operations: use it with --operations");
  const windowMs = parseDuration(options.window);
  if (windowMs === undefined)
    throw new UsageError(`--window takes a duration such as 24h or 7d (got "${options.window}")`);
  const from = parseInstant(options.from, '--from');
  const until = parseInstant(options.until, '--until');
  if (from !== undefined && until !== undefined && until <= from) throw new UsageError('--until must be after --from');
  const context = openContext(dir, { outsideFiles: 'not-read' });
  try {
    const window = flowWindow(context.store, { windowMs, from, until });
    if (options.operations) {
      const { estate } = context.workspace;
      if (options.system !== undefined && !estate.systems.some((system) => system.id === options.system))
        throw new UsageError(
          `no system "${options.system}" (known: ${estate.systems.map((system) => system.id).join(', ') || 'none'})`,
        );
      const systems = summarizeOperations(context.store, estate, window, { system: options.system });
      process.stdout.write(
        options.json ? operationsJson(window, systems) : operationsText(window, systems, Boolean(process.stdout.isTTY)),
      );
      return EXIT.ok;
    }
    const summary = summarizeFlows(context.store, context.workspace.estate, window);
    const edges = summary.edges.map((edge) => ({
      from: edge.from,
      to: edge.to,
      protocol: edge.protocol,
      count: edge.count,
      serverErrorRate: edge.serverErrorRate,
      clientErrorRate: edge.clientErrorRate,
      rateLimitedRate: edge.rateLimitedRate,
      p50: edge.p50,
      p95: edge.p95,
      p99: edge.p99,
      declared: edge.declared,
      ...(edge.via ? { via: edge.via, routes: edge.routes } : {}),
    }));
    const outside = outsideWindowText(summary);
    if (options.json) {
      process.stdout.write(
        JSON.stringify(
          {
            window: windowJson(window, outside),
            edges,
            unknownPeers: summary.unknownPeers,
            silent: summary.declared.filter((flow) => !flow.seen && flow.covered),
            unwatched: summary.declared.filter((flow) => !flow.seen && !flow.covered),
            topology: summary.topology,
          },
          null,
          2,
        ) + '\n',
      );
      return EXIT.ok;
    }
    const color = Boolean(process.stdout.isTTY);
    const throughBroker = edges.some((edge) => edge.via !== undefined);
    const table = new Table({
      head: [
        'From',
        'To',
        'Protocol',
        'Calls',
        '5xx',
        '4xx (not 429)',
        '429',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'Declared',
        ...(throughBroker ? ['Via'] : []),
      ],
      style: { head: color ? ['bold'] : [], border: color ? ['gray'] : [] },
    });
    const ms = (value: number | null) => (value === null ? '—' : String(value));
    for (const edge of edges) {
      table.push([
        edge.from,
        edge.to,
        edge.protocol,
        edge.count,
        percent(edge.serverErrorRate),
        percent(edge.clientErrorRate),
        percent(edge.rateLimitedRate),
        ms(edge.p50),
        ms(edge.p95),
        ms(edge.p99),
        edge.declared ? 'yes' : 'NO',
        ...(throughBroker ? [edge.via ? viaText(edge.via, edge.routes ?? []) : ''] : []),
      ]);
    }
    process.stdout.write(
      `${windowText(window)}${window.anchor === 'traffic' ? ' (ending at the latest imported call)' : ''}\n`,
    );
    if (edges.length > 0) process.stdout.write(`${table.toString()}\n`);
    else process.stdout.write('No traffic in this window.\n');
    if (outside) process.stdout.write(`Note: ${outside}\n`);
    process.stdout.write(`Topology: ${summary.topology.text}\n`);
    if (summary.unknownPeers.length > 0)
      process.stdout.write(`Unknown peers (not systems of the estate): ${summary.unknownPeers.join(', ')}\n`);
    const silent = summary.declared.filter((flow) => !flow.seen && flow.covered);
    if (silent.length > 0)
      process.stdout.write(`Declared but silent: ${silent.map((flow) => `${flow.from} → ${flow.to}`).join(', ')}\n`);
    const unwatched = summary.declared.filter((flow) => !flow.seen && !flow.covered);
    if (unwatched.length > 0)
      process.stdout.write(
        `Declared, not watched by any source read over this window: ${unwatched.map((flow) => `${flow.from} → ${flow.to}`).join(', ')}\n`,
      );
    return EXIT.ok;
  } finally {
    context.close();
  }
}
