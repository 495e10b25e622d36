import type { FlowsArtifact } from '../../src/model/artifacts/flows.js';
import type { OperationTraffic, SystemOperations } from '../../src/model/artifacts/operations.js';
import type { SpecArtifact } from '../../src/model/artifacts/spec.js';
import type { Evidence, Verdict } from '../../src/model/finding.js';
import { table } from './evidence.js';
import { windowText } from './flows.js';
import { appliesToSpec, specUnread } from './spec.js';

/** What the inventory checks share (shadow endpoints, unused operations): the spec joined with the traffic. */
export const INVENTORY_CHECK = {
  requires: ['spec', 'flows'],
  owasp: ['API9:2023'],
  appliesTo: appliesToSpec,
} as const;

export const INVENTORY_LEARN_MORE =
  'https://owasp.org/API-Security/editions/2023/en/0xa9-improper-inventory-management/';

/**
 * A system's endpoint-level traffic over the flows window, or the true reason there is none: the run's flows were read
 * before Junction kept each call's method and path, or nothing of this system was recorded.
 */
export function systemOperations(flows: FlowsArtifact, systemId: string): SystemOperations | { missing: string } {
  if (!flows.operations)
    return {
      missing:
        "The run's flows carry no endpoint-level traffic: they were read by a Junction that did not keep each " +
        "call's method and path (import the logs again with `junction flows import`, then audit)",
    };
  const found = flows.operations.find((entry) => entry.system === systemId);
  if (!found) return { missing: `No endpoint-level traffic of ${systemId} was recorded over ${windowText(flows)}` };
  return found;
}

/**
 * The traffic a spec-and-traffic check judges, or its verdict when it cannot: an error when the spec cannot be read
 * now (it cannot say what is documented), a skip with the reason when there is no endpoint-level traffic.
 */
export function judgeableOperations(
  spec: SpecArtifact,
  flows: FlowsArtifact,
  systemId: string,
): SystemOperations | { verdict: Verdict } {
  const unread = specUnread(spec);
  if (unread) return { verdict: unread };
  const found = systemOperations(flows, systemId);
  return 'missing' in found ? { verdict: { status: 'skip', summary: found.missing, evidence: [] } } : found;
}

/** What the window was, and why an unobserved system cannot be judged on its traffic. */
export const notObservedText = (systemId: string, flows: FlowsArtifact): string =>
  `${systemId}'s incoming traffic is not observed over ${windowText(flows)}: no log source or trace covers it`;

export const operationName = (operation: { method: string; path: string }): string =>
  `${operation.method} ${operation.path}`;

/** Whether two operations are the same method and path template (as the spec writes it). */
export const sameOperation = (a: { method: string; path: string }, b: { method: string; path: string }): boolean =>
  a.method.toUpperCase() === b.method.toUpperCase() && a.path === b.path;

/** Most called first; ties by name, so every renderer lists them in one order. */
export const byVolume = (operations: readonly OperationTraffic[]): OperationTraffic[] =>
  [...operations].sort((a, b) => b.count - a.count || operationName(a).localeCompare(operationName(b)));

/** `shop ×100, crm ×20 (+2 more)`: who made the calls, most first. */
export function consumersText(consumers: OperationTraffic['consumers'], limit = 3): string {
  if (consumers.length === 0) return 'no caller identified';
  const shown = consumers.slice(0, limit).map((consumer) => `${consumer.system} ×${consumer.count}`);
  return consumers.length > limit ? `${shown.join(', ')} (+${consumers.length - limit} more)` : shown.join(', ');
}

const percent = (rate: number) => Math.round(rate * 1000) / 10;

/** Operations with their volume, server errors, p95 and callers; the first `limit` when there are more. */
export function operationsTable(
  operations: readonly OperationTraffic[],
  title: string,
  limit = 20,
  id?: string,
): Evidence {
  const heading = operations.length > limit ? `${title} (top ${limit} of ${operations.length})` : title;
  return table(
    heading,
    [
      { key: 'method', label: 'Method', type: 'code' },
      { key: 'path', label: 'Path', type: 'code' },
      { key: 'count', label: 'Calls', type: 'number' },
      { key: 'errorRate', label: '5xx %', type: 'number' },
      { key: 'p95', label: 'p95', type: 'ms' },
      { key: 'consumers', label: 'Callers', type: 'text' },
    ],
    operations.slice(0, limit).map((operation) => ({
      method: operation.method,
      path: operation.path,
      count: operation.count,
      errorRate: percent(operation.errorRate),
      p95: operation.p95,
      consumers: consumersText(operation.consumers),
    })),
    { id },
  );
}

export const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
