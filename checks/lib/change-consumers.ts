import type { FlowsArtifact } from '../../src/model/artifacts/flows.js';
import type { OperationTraffic, SystemOperations } from '../../src/model/artifacts/operations.js';
import { notObservedText, systemOperations } from './operations.js';

type Operation = { method: string; path: string };

/**
 * Who a change to one spec operation reaches, from the system's endpoint-level traffic over the flows window:
 * the consumers that called it (with their volume), nobody (the system is observed and no call came: lower risk),
 * or unknown, with the reason (its traffic is not observed, the flows carry no operations, the change is not one
 * operation's). Unknown is never told as nobody.
 */
export type ChangeReach =
  | {
      kind: 'called';
      calls: number;
      consumers: { system: string; count: number }[];
      /** more operations share the changed schema; the diff names only the first, so their callers are not counted */
      unnamed?: number;
    }
  | { kind: 'uncalled' }
  | { kind: 'unknown'; reason: string };

const segments = (path: string) => path.split('/').filter((segment) => segment !== '');
const WHOLE_PARAMETER = /^\{[^{}]+\}$/;
/** `/orders/{orderId}` and `/orders/{id}` are one template: parameter names are no part of the contract. */
const normalised = (path: string) => path.replace(/\{[^{}]+\}/g, '{}');

/** 2 for a literal segment, 1 for a partly templated one (`{sid}.json`), 0 for a whole parameter. */
const kindOf = (segment: string) => (WHOLE_PARAMETER.test(segment) ? 0 : segment.includes('{') ? 1 : 2);

/** Whether one segment of a spec template takes one segment of a called path. */
function takes(template: string, called: string): boolean {
  const kind = kindOf(template);
  if (kind === 0) return true;
  if (kind === 2) return template === called;
  const pattern = template
    .split(/\{[^{}]+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.+?');
  return new RegExp(`^${pattern}$`).test(called);
}

const matchesPath = (template: string, called: string) => {
  const [want, got] = [segments(template), segments(called)];
  return want.length === got.length && want.every((segment, index) => takes(segment, got[index]));
};

/** OpenAPI's most specific template first: the first segment where two differ decides, a literal winning. */
function moreSpecific(a: string, b: string): number {
  const [x, y] = [segments(a), segments(b)];
  for (let index = 0; index < Math.min(x.length, y.length); index++) {
    const difference = kindOf(x[index]) - kindOf(y[index]);
    if (difference !== 0) return difference;
  }
  return 0;
}

const sameMethod = (operation: Operation, called: string) =>
  // a HEAD is documented by its GET, so a change to the GET reaches HEAD callers too
  operation.method.toUpperCase() === called || (operation.method.toUpperCase() === 'GET' && called === 'HEAD');

/**
 * Whether calls of a traffic row were calls of the operation: the same method and template (parameter names aside),
 * or, for calls the current spec does not document (the operation was removed, or renamed), a path the operation's
 * template takes when no other known template of that method takes it more specifically.
 */
function calledAs(row: OperationTraffic, operation: Operation, known: readonly Operation[]): boolean {
  if (!sameMethod(operation, row.method)) return false;
  if (normalised(row.path) === normalised(operation.path)) return true;
  if (row.documented || !matchesPath(operation.path, row.path)) return false;
  return !known.some(
    (other) =>
      sameMethod(other, row.method) &&
      normalised(other.path) !== normalised(operation.path) &&
      matchesPath(other.path, row.path) &&
      moreSpecific(other.path, operation.path) > 0,
  );
}

/**
 * How many more operations a change to a shared schema reaches: the diff reports it once, at the first operation it
 * found it in, and says `(and N more operations using the same schema)` (src/openapi/diff.ts, summarise).
 */
const sharedWith = (message: string): number =>
  Number(/\(and (\d+) more operations? using the same schema\)$/.exec(message)?.[1] ?? 0);

/**
 * The reach of a change's operation over the traffic of an observed system (trafficForChanges); `known` are the
 * templates of both spec versions, so a removed operation's callers are not counted for a less specific one.
 */
export function changeReach(
  traffic: SystemOperations,
  change: { operation?: Operation; message: string },
  known: readonly Operation[],
): ChangeReach {
  const { operation } = change;
  if (!operation) return { kind: 'unknown', reason: 'the change is to no single operation' };
  const unnamed = sharedWith(change.message);
  const rows = traffic.operations.filter((row) => calledAs(row, operation, known));
  const consumers = new Map<string, number>();
  for (const row of rows)
    for (const consumer of row.consumers)
      consumers.set(consumer.system, (consumers.get(consumer.system) ?? 0) + consumer.count);
  const calls = rows.reduce((sum, row) => sum + row.count, 0);
  if (calls > 0)
    return {
      kind: 'called',
      calls,
      consumers: [...consumers]
        .map(([system, count]) => ({ system, count }))
        .sort((a, b) => b.count - a.count || a.system.localeCompare(b.system)),
      ...(unnamed > 0 ? { unnamed } : {}),
    };
  // nobody called the one operation named, but the others using the schema may have been: never "nobody" then
  if (unnamed > 0)
    return {
      kind: 'unknown',
      reason:
        `nobody called ${operation.method} ${operation.path}, but ${unnamed} more operation${unnamed === 1 ? '' : 's'} ` +
        'using the same schema are not named by the diff',
    };
  return { kind: 'uncalled' };
}

/**
 * The system's traffic the reach of its changes is read from, or why no consumer can be named: the flows were not
 * read in this run, they predate endpoint-level traffic, or nothing of the system was recorded.
 */
export function trafficForChanges(
  flows: FlowsArtifact | undefined,
  systemId: string,
): { traffic: SystemOperations } | { unknown: string } {
  if (!flows) return { unknown: 'The flows were not read in this run, so no consumer can be named' };
  const found = systemOperations(flows, systemId);
  if ('missing' in found) return { unknown: found.missing };
  if (!found.observed) return { unknown: notObservedText(systemId, flows) };
  return { traffic: found };
}
