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

/** Where parsers put calls: peers and protocols are interned to numbers first, so a call is a few numbers. */
export interface CallSink {
  peer(raw: string): number;
  protocol(name: string): number;
  /** a latency that was not measured is NaN */
  call(
    source: number,
    target: number,
    protocol: number,
    ts: number,
    error: boolean,
    bytes: number,
    serverMs: number,
    clientMs: number,
  ): void;
}

export const NO_PEER = -1;

/**
 * A request as a gateway's access log tells it: who asked, when, how it went, and which upstream answered.
 * Peers are interned ids (NO_PEER when absent); parsers reuse one Hop and overwrite it line by line.
 */
export interface Hop {
  ts: number;
  client: number;
  /** NaN when the log does not say: not counted as an error */
  status: number;
  bytes: number;
  /** NaN when not measured, as the upstream's */
  latencyMs: number;
  /** the upstream that answered (the last of nginx's retry list) */
  upstream: number;
  upstreamMs: number;
  /** explicit target (a JSON record's own field) when the log names one */
  target: number;
  protocol: number;
}

export const emptyHop = (): Hop => ({
  ts: 0,
  client: NO_PEER,
  status: Number.NaN,
  bytes: 0,
  latencyMs: Number.NaN,
  upstream: NO_PEER,
  upstreamMs: Number.NaN,
  target: NO_PEER,
  protocol: 0,
});

export interface HopContext {
  /** the system whose log this is, if the source says */
  system?: string;
  /** fallback name of the callee when neither the record nor the source names one */
  sourceId: string;
}

/** A HopContext with its peers interned in one sink. */
export interface HopPeers {
  system: number;
  fallback: number;
  http: number;
}

export const hopPeers = (context: HopContext, sink: CallSink): HopPeers => ({
  system: context.system === undefined ? NO_PEER : sink.peer(context.system),
  fallback: sink.peer(context.sourceId),
  http: sink.protocol('http'),
});

/** 5xx and no answer at all are errors of the callee; 4xx are the caller's. */
export const isErrorStatus = (status: number): boolean => status >= 500 || status === 0;

/**
 * client → (target | the log's system) for what the log's owner served, and, through a gateway,
 * system → upstream for what it forwarded (with the upstream's own latency).
 */
export function emitHop(hop: Hop, peers: HopPeers, sink: CallSink): void {
  const error = isErrorStatus(hop.status);
  const target =
    hop.target !== NO_PEER
      ? hop.target
      : peers.system !== NO_PEER
        ? peers.system
        : hop.upstream !== NO_PEER
          ? hop.upstream
          : peers.fallback;
  sink.call(hop.client, target, hop.protocol, hop.ts, error, hop.bytes, hop.latencyMs, Number.NaN);
  if (hop.upstream !== NO_PEER && peers.system !== NO_PEER && target === peers.system) {
    sink.call(peers.system, hop.upstream, hop.protocol, hop.ts, error, hop.bytes, Number.NaN, hop.upstreamMs);
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
