/** One observed edge over the artifact's window; `from`/`to` are system ids, or raw peer names when unknown. */
export interface FlowEdgeSummary {
  from: string;
  to: string;
  protocol: string;
  count: number;
  errors: number;
  errorRate: number;
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
}

/** What logs, traces and monitors say about the estate's flows: estate-wide, the same for every system of a run. */
export interface FlowsArtifact {
  window: { from: number; until: number };
  systems: string[];
  edges: FlowEdgeSummary[];
  declared: { from: string; to: string; protocol: string; description?: string; seen: boolean }[];
  unknownPeers: string[];
  logSources: { id: string; type: string; system?: string; lastImport?: number; lines?: number }[];
  monitors: {
    id: string;
    system: string;
    samples: number;
    errors: number;
    lastTs?: number;
    openAlerts: number;
    alertTargets: number;
  }[];
}
