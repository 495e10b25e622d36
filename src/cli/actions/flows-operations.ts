import Table from 'cli-table3';
import { windowJson, windowText, type FlowWindow } from '../../model/artifacts/flows.js';
import type { SystemOperations } from '../../model/artifacts/operations.js';

const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;
const ms = (value: number | null) => (value === null ? '—' : String(value));

/** `shop 120, crm 20`: who called, most first. */
const consumersText = (consumers: readonly { system: string; count: number }[]) =>
  consumers.map((consumer) => `${consumer.system} ${consumer.count}`).join(', ') || '—';

/** `flows show --operations --json`: one flat list of called operations, and per system what nobody called. */
export function operationsJson(window: FlowWindow, systems: readonly SystemOperations[]): string {
  return (
    JSON.stringify(
      {
        window: windowJson(window),
        operations: systems.flatMap((system) => system.operations),
        unused: systems.flatMap((system) =>
          system.observed ? system.unused.map((operation) => ({ system: system.system, ...operation })) : [],
        ),
        unobserved: systems.filter((system) => !system.observed).map((system) => system.system),
        overflowed: systems.filter((system) => system.overflowed).map((system) => system.system),
      },
      null,
      2,
    ) + '\n'
  );
}

/** A table of each system's called operations, then its uncalled documented ones (or why they cannot be told). */
export function operationsText(window: FlowWindow, systems: readonly SystemOperations[], color: boolean): string {
  const lines = [`${windowText(window)}${window.anchor === 'traffic' ? ' (ending at the latest imported call)' : ''}`];
  if (systems.length === 0) lines.push('No endpoint-level traffic and no documented operation in this window.');
  for (const system of systems) {
    lines.push('', `${system.system}: ${system.operations.length} operations called`);
    if (system.operations.length > 0) {
      const table = new Table({
        head: ['Method', 'Path', 'Documented', 'Calls', '5xx', '4xx', 'p50 ms', 'p95 ms', 'p99 ms', 'Consumers'],
        style: { head: color ? ['bold'] : [], border: color ? ['gray'] : [] },
      });
      for (const operation of system.operations)
        table.push([
          operation.method,
          operation.path,
          operation.documented ? 'yes' : 'NO',
          operation.count,
          percent(operation.errorRate),
          percent(operation.clientErrorRate),
          ms(operation.p50),
          ms(operation.p95),
          ms(operation.p99),
          consumersText(operation.consumers),
        ]);
      lines.push(table.toString());
    }
    if (system.overflowed)
      lines.push('  More distinct paths than the template cap: the rest are counted under (other).');
    if (!system.observed)
      lines.push(
        "  Its incoming traffic is not observed (no log source or trace covers it): unused operations can't be told.",
      );
    else if (system.unused.length > 0)
      lines.push(
        `  Documented, not called: ${system.unused.map((operation) => `${operation.method} ${operation.path}`).join(', ')}`,
      );
  }
  return lines.join('\n') + '\n';
}
