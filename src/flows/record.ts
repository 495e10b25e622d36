/** One observed call between two peers, as every parser reduces its input to. */
export interface FlowRecord {
  /** epoch ms */
  ts: number;
  /** raw peer names: mapped to systems by the aggregator */
  source: string;
  target: string;
  protocol: string;
  error: boolean;
  bytes: number;
  /** latency seen by the callee (nginx $request_time, a SERVER span) */
  serverMs?: number;
  /** latency seen by the caller (nginx $upstream_response_time, a CLIENT span) */
  clientMs?: number;
}

export type RecordSink = (record: FlowRecord) => void;

/** A request as a gateway's access log tells it: who asked, when, how it went, and which upstream answered. */
export interface Hop {
  ts: number;
  client: string;
  /** undefined when the log does not say: not counted as an error */
  status: number | undefined;
  bytes: number;
  latencyMs?: number;
  /** the upstream that answered (the last of nginx's retry list) */
  upstream?: string;
  upstreamMs?: number;
  /** explicit target (a JSON record's own field) when the log names one */
  target?: string;
  protocol?: string;
}

export interface HopContext {
  /** the system whose log this is, if the source says */
  system?: string;
  /** fallback name of the callee when neither the record nor the source names one */
  sourceId: string;
}

/** 5xx and no answer at all are errors of the callee; 4xx are the caller's. */
export const isErrorStatus = (status: number): boolean => status >= 500 || status === 0;

/**
 * client → (target | the log's system) for what the log's owner served, and, through a gateway,
 * system → upstream for what it forwarded (with the upstream's own latency).
 */
export function emitHop(hop: Hop, context: HopContext, sink: RecordSink): void {
  const protocol = hop.protocol ?? 'http';
  const error = hop.status !== undefined && isErrorStatus(hop.status);
  const target = hop.target ?? context.system ?? hop.upstream ?? context.sourceId;
  sink({ ts: hop.ts, source: hop.client, target, protocol, error, bytes: hop.bytes, serverMs: hop.latencyMs });
  if (hop.upstream && context.system && target === context.system) {
    sink({ ts: hop.ts, source: context.system, target: hop.upstream, protocol, error, bytes: hop.bytes, clientMs: hop.upstreamMs });
  }
}

/** The value that counts in nginx's `a, b : c` lists (one entry per retry, groups per internal redirect): the last. */
export function lastListed(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.indexOf(',') < 0 && value.indexOf(' : ') < 0) return value === '' || value === '-' ? undefined : value;
  const cut = Math.max(value.lastIndexOf(','), value.lastIndexOf(' : '));
  const last = (cut >= 0 ? value.slice(value[cut] === ',' ? cut + 1 : cut + 3) : value).trim();
  return last === '' || last === '-' ? undefined : last;
}

/** `billing/2.1 (linux)` → `billing`: services that call each other usually say who they are here. */
export function userAgentProduct(agent: string): string {
  for (let i = 0; i < agent.length; i++) {
    const code = agent.charCodeAt(i);
    if (code === 47 || code === 32) return agent.slice(0, i);
  }
  return agent;
}
