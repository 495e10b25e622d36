import type { FlowEdgeSummary, FlowsArtifact } from '../../src/model/artifacts/flows.js';
import type { Evidence } from '../../src/model/finding.js';
import { table } from './evidence.js';

/** The edges touching a system (either end), self-calls left out. */
export const edgesOf = (flows: FlowsArtifact, systemId: string): FlowEdgeSummary[] =>
  flows.edges.filter((edge) => edge.from !== edge.to && (edge.from === systemId || edge.to === systemId));

export function edgesTable(edges: readonly FlowEdgeSummary[], title: string): Evidence {
  return table(
    title,
    [
      { key: 'from', label: 'From', type: 'code' },
      { key: 'to', label: 'To', type: 'code' },
      { key: 'protocol', label: 'Protocol', type: 'text' },
      { key: 'count', label: 'Calls', type: 'number' },
      { key: 'errorRate', label: 'Error %', type: 'number' },
      { key: 'p95', label: 'p95', type: 'ms' },
      { key: 'lastSeen', label: 'Last seen', type: 'date' },
      { key: 'declared', label: 'Declared', type: 'text' },
    ],
    edges.map((edge) => ({
      from: edge.from,
      to: edge.to,
      protocol: edge.protocol,
      count: edge.count,
      errorRate: Math.round(edge.errorRate * 1000) / 10,
      p95: edge.p95,
      lastSeen: new Date(edge.lastSeen).toISOString(),
      declared: edge.declared ? 'yes' : 'no',
    })),
  );
}

export const windowText = (flows: FlowsArtifact): string =>
  `${Math.round((flows.window.until - flows.window.from) / 86_400_000)} days`;
