import type { SystemOperations } from './operations.js';

/** How long a flows window lasts unless asked otherwise (the checks, `junction flows show`): see flows/window.ts. */
export const DEFAULT_FLOW_WINDOW_MS = 7 * 86_400_000;

/** One observed edge over the artifact's window; `from`/`to` are system ids, or raw peer names when unknown. */
export interface FlowEdgeSummary {
  from: string;
  to: string;
  protocol: string;
  count: number;
  /** the callee's errors: 5xx, and calls that got no answer */
  serverErrors: number;
  /** the caller's: 4xx other than 429 */
  clientErrors: number;
  /** 429 Too Many Requests: the rate-limit signal, apart from the other 4xx */
  rateLimited: number;
  serverErrorRate: number;
  clientErrorRate: number;
  rateLimitedRate: number;
  /** calls per minute of the window */
  ratePerMin: number;
  bytes: number;
  /** server-side latency when measured (access logs, SERVER spans), else client-side; ms */
  p50: number | null;
  p95: number | null;
  p99: number | null;
  clientP95: number | null;
  firstSeen: number;
  lastSeen: number;
  /** a flow of junction.yaml says source → target (any protocol) */
  declared: boolean;
  fromKnown: boolean;
  toKnown: boolean;
  /** the broker (system id) the messages went through: the edge is two spokes of that hub, not a direct link */
  via?: string;
  /** the exchanges and queues it took, with the broker's message rates at its last reading */
  routes?: { exchange: string; queue: string; perSecond: number }[];
}

/** The systems each system talks to directly (either direction), from the edges between systems of the estate. */
export function directPeers(edges: readonly FlowEdgeSummary[]): Map<string, Set<string>> {
  const peers = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    if (!peers.has(a)) peers.set(a, new Set());
    peers.get(a)!.add(b);
  };
  for (const edge of edges) {
    if (edge.from === edge.to || !edge.fromKnown || !edge.toKnown) continue;
    // through a broker, publisher and consumer each talk to the broker only: two spokes, no direct link
    for (const [a, b] of edge.via
      ? [
          [edge.from, edge.via],
          [edge.via, edge.to],
        ]
      : [[edge.from, edge.to]]) {
      link(a, b);
      link(b, a);
    }
  }
  return peers;
}

/**
 * The window flows are judged over: by default it ends at the latest minute of stored traffic (`traffic`), so an
 * import of last month's logs is judged over last month; `clock` when there is no traffic; `explicit` when asked for.
 */
export interface FlowWindow {
  from: number;
  until: number;
  anchor: 'traffic' | 'clock' | 'explicit';
}

/** How the estate integrates, from the observed flows between its systems: one text for the CLI, checks and UI. */
export interface TopologySummary {
  shape: 'empty' | 'hub-and-spoke' | 'point-to-point';
  /** declared hubs (kind broker, tag hub/gateway) and de-facto ones (≥3 direct peers, or half the estate) */
  hubs: string[];
  /** systems with at least one observed link to another system */
  systems: number;
  /** undirected system-to-system links */
  pairs: number;
  /** links touching no hub */
  direct: number;
  /** pairs per spoke beyond a tree (1.0 = a tree) */
  spaghetti: number;
  /** callers that are no system of the estate (curl, an address): listed, never counted as integrations */
  unknownCallers: string[];
  text: string;
}

/** What logs, traces and monitors say about the estate's flows: estate-wide, the same for every system of a run. */
export interface FlowsArtifact {
  window: FlowWindow;
  /** the first and last call stored (every source), when any: says whether traffic lies outside the window */
  traffic?: { first: number; last: number };
  systems: string[];
  edges: FlowEdgeSummary[];
  declared: { from: string; to: string; protocol: string; description?: string; seen: boolean; covered: boolean }[];
  unknownPeers: string[];
  /**
   * Endpoint-level traffic per called system over the same window (operations.ts); absent in runs stored before
   * Junction kept the method and path of each call, which the operation checks then skip.
   */
  operations?: SystemOperations[];
  topology: TopologySummary;
  logSources: {
    id: string;
    type: string;
    system?: string;
    lastImport?: number;
    lines?: number;
    /** the first and last call this source saw, when it saw any */
    traffic?: { first: number; last: number };
  }[];
  monitors: {
    id: string;
    system: string;
    samples: number;
    /** checks that were down: no answer, or a status outside expectStatus (2xx/3xx by default) */
    errors: number;
    lastTs?: number;
    /** whether the last check was up */
    lastOk?: boolean;
    openAlerts: number;
    alertTargets: number;
  }[];
}

const minuteText = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

/** `traffic 2026-11-19 10:00 – 2026-11-26 10:00 UTC`: which window a flow verdict or table is about. */
export const windowText = (window: FlowWindow): string =>
  `traffic ${minuteText(window.from)} – ${minuteText(window.until)} UTC`;

/** A window as `flows show --json` prints it: ISO instants, its anchor and text, and what lies outside it. */
export const windowJson = (window: FlowWindow, outside?: string) => ({
  from: new Date(window.from).toISOString(),
  until: new Date(window.until).toISOString(),
  anchor: window.anchor,
  text: windowText(window),
  ...(outside ? { outside } : {}),
});

/** When stored traffic lies outside the window: what is outside, and how to see it; undefined when nothing is. */
export function outsideWindowText(flows: Pick<FlowsArtifact, 'window' | 'traffic'>): string | undefined {
  const { traffic, window } = flows;
  if (!traffic || (traffic.first >= window.from && traffic.last < window.until)) return undefined;
  const days = Math.ceil((Math.max(traffic.last + 60_000, window.until) - traffic.first) / 86_400_000);
  return (
    `traffic was also seen outside this window (${minuteText(traffic.first)} – ${minuteText(traffic.last)} UTC): ` +
    `widen it with --window ${days}d or pick one with --from/--until`
  );
}
