import type { FlowEdgeSummary, FlowsArtifact } from '../../src/model/artifacts/flows.js';
import { windowText as windowOf } from '../../src/model/artifacts/flows.js';
import type { Evidence } from '../../src/model/finding.js';
import { table } from './evidence.js';

/** The edges touching a system (either end, or the broker they went through), self-calls left out. */
export const edgesOf = (flows: FlowsArtifact, systemId: string): FlowEdgeSummary[] =>
  flows.edges.filter(
    (edge) => edge.from !== edge.to && (edge.from === systemId || edge.to === systemId || edge.via === systemId),
  );

const percent = (rate: number) => Math.round(rate * 1000) / 10;

/** Server errors (5xx), client errors (4xx but 429) and 429s in their own columns: they mean different things. */
export function edgesTable(edges: readonly FlowEdgeSummary[], title: string): Evidence {
  return table(
    title,
    [
      { key: 'from', label: 'From', type: 'code' },
      { key: 'to', label: 'To', type: 'code' },
      { key: 'protocol', label: 'Protocol', type: 'text' },
      { key: 'count', label: 'Calls', type: 'number' },
      { key: 'serverErrors', label: '5xx %', type: 'number' },
      { key: 'clientErrors', label: '4xx % (not 429)', type: 'number' },
      { key: 'rateLimited', label: '429 %', type: 'number' },
      { key: 'p95', label: 'p95', type: 'ms' },
      { key: 'lastSeen', label: 'Last seen', type: 'date' },
      { key: 'declared', label: 'Declared', type: 'text' },
    ],
    edges.map((edge) => ({
      from: edge.from,
      to: edge.to,
      protocol: edge.protocol,
      count: edge.count,
      serverErrors: percent(edge.serverErrorRate),
      clientErrors: percent(edge.clientErrorRate),
      rateLimited: percent(edge.rateLimitedRate),
      p95: edge.p95,
      lastSeen: new Date(edge.lastSeen).toISOString(),
      declared: edge.declared ? 'yes' : 'no',
    })),
  );
}

/** `traffic 2026-11-19 10:00 – 2026-11-26 10:00 UTC` */
export const windowText = (flows: FlowsArtifact): string => windowOf(flows.window);
