import type { FlowWindow, TopologySummary } from './artifacts/flows.js';
import { formatMs, formatPercent } from './format.js';

/** The estate's flow graph as the Flows page draws it and its exports write it. */
export interface FlowNode {
  id: string;
  name: string;
  /** false for a peer seen in traffic that is no system of the estate */
  known: boolean;
  kind?: string;
}

export interface FlowEdge {
  id: string;
  from: string;
  to: string;
  protocol: string;
  documented: boolean;
  /** documented, a source covering it was read, and no traffic in the window */
  silent: boolean;
  /** documented, no traffic, and no source covering it was read: not judged */
  unwatched: boolean;
  count: number;
  /** calls per minute of the whole window (the same window for every hop) */
  ratePerMin: number;
  /** server errors (5xx, no answer) per call */
  serverErrorRate: number | null;
  /** client errors (4xx other than 429) per call */
  clientErrorRate: number | null;
  /** 429s per call */
  rateLimitedRate: number | null;
  p95Ms: number | null;
  description?: string;
  /** the broker (system id) the messages went through: drawn publisher → broker → consumer */
  via?: string;
  /** the exchanges and queues it took, with the broker's messages per second at its last reading */
  routes?: { exchange: string; queue: string; perSecond: number }[];
}

export interface FlowGraph {
  window: { from: number; until: number; anchor: FlowWindow['anchor']; text: string; outside?: string };
  nodes: FlowNode[];
  edges: FlowEdge[];
  /** the same topology text as `junction flows show` and architecture.topology */
  topology: TopologySummary;
}

/**
 * Every rate on one graph is in one unit, averaged over the graph's one window: a hop that carries the same calls
 * as the next shows the same number. The unit is the smallest in which the busiest flow reads at least 1, so a
 * week of a quiet log reads "40/day" rather than "0.0/min".
 */
export type RateUnit = 'min' | 'h' | 'day';
const MINUTES_PER: Record<RateUnit, number> = { min: 1, h: 60, day: 1440 };
export const RATE_UNIT_WORDS: Record<RateUnit, string> = { min: 'per minute', h: 'per hour', day: 'per day' };

export function rateUnitOf(edges: readonly Pick<FlowEdge, 'ratePerMin'>[]): RateUnit {
  const busiest = Math.max(0, ...edges.map((edge) => edge.ratePerMin));
  if (busiest >= 1) return 'min';
  return busiest * MINUTES_PER.h >= 1 ? 'h' : 'day';
}

export function rateText(ratePerMin: number, unit: RateUnit): string {
  const rate = ratePerMin * MINUTES_PER[unit];
  return `${rate < 10 ? rate.toFixed(1) : String(Math.round(rate))}/${unit}`;
}

/**
 * What the graph draws: a flow between two systems, or one leg of the flows through a broker (publisher → broker,
 * broker → consumer), so the broker is the hub it is; legs shared by several flows are drawn once.
 */
export interface FlowSegment {
  id: string;
  from: string;
  to: string;
  flows: FlowEdge[];
}

export function segmentsOf(edges: readonly FlowEdge[]): FlowSegment[] {
  const segments = new Map<string, FlowSegment>();
  const add = (id: string, from: string, to: string, flow: FlowEdge) => {
    let segment = segments.get(id);
    if (!segment) segments.set(id, (segment = { id, from, to, flows: [] }));
    segment.flows.push(flow);
  };
  for (const edge of edges) {
    if (!edge.via) add(edge.id, edge.from, edge.to, edge);
    else {
      add(`${edge.from}>${edge.via}>${edge.protocol}>via`, edge.from, edge.via, edge);
      add(`${edge.via}>${edge.to}>${edge.protocol}>via`, edge.via, edge.to, edge);
    }
  }
  return [...segments.values()];
}

const countText = (count: number, noun: string) => `${count.toLocaleString('en-US')} ${noun}`;

/**
 * A segment's label, one line per entry: a flow's calls in the window, its rate and p95, then its error classes
 * apart (5xx, 4xx, 429); a broker leg's messages and the exchanges (into the broker) or queues (out of it) it carries.
 */
export function segmentLabel(segment: FlowSegment, unit: RateUnit): string[] {
  const [first] = segment.flows;
  if (!first.via) {
    if (first.silent) return ['silent'];
    if (first.unwatched) return ['not watched'];
    return [
      `${countText(first.count, 'calls')} · ${rateText(first.ratePerMin, unit)} · p95 ${formatMs(first.p95Ms)}`,
      `5xx ${formatPercent(first.serverErrorRate)} · 4xx ${formatPercent(first.clientErrorRate)} · ` +
        `429 ${formatPercent(first.rateLimitedRate)}`,
    ];
  }
  const messages = segment.flows.reduce((sum, flow) => sum + flow.count, 0);
  const perMin = segment.flows.reduce((sum, flow) => sum + flow.ratePerMin, 0);
  const into = segment.to === first.via;
  const names = new Set(
    segment.flows.flatMap((flow) =>
      (flow.routes ?? []).map((route) => (into ? route.exchange || '(default)' : route.queue)),
    ),
  );
  const carried = [...names].sort().join(', ');
  return [`${countText(messages, 'msg')} · ${rateText(perMin, unit)}`, ...(carried ? [carried] : [])];
}

/** How a segment is drawn: undocumented (dashed), without traffic (grey) or observed. */
export type SegmentLook = 'undocumented' | 'quiet' | 'observed';

export function segmentLook(segment: FlowSegment): SegmentLook {
  if (segment.flows.some((flow) => !flow.documented)) return 'undocumented';
  const [first] = segment.flows;
  return first.silent || first.unwatched ? 'quiet' : 'observed';
}
