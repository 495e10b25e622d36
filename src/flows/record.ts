/** One observed call between two peers, as every parser reduces its input to. */
export interface FlowRecord {
  /** epoch ms */
  ts: number;
  /** raw peer names: mapped to systems by the aggregator */
  source: string;
  target: string;
  protocol: string;
  /** the HTTP status when known (see statusClass); NaN when the source does not say, 0 when no answer came */
  status: number;
  bytes: number;
  /** latency seen by the callee (nginx $request_time, a SERVER span) */
  serverMs?: number;
  /** latency seen by the caller (nginx $upstream_response_time, a CLIENT span) */
  clientMs?: number;
  /** the HTTP method and path (a route template, or the called path without its query) when the source says */
  method?: string;
  path?: string;
}

/** Where parsers put calls: peers and protocols are interned to numbers first, so a call is a few numbers. */
export interface CallSink {
  peer(raw: string): number;
  /** whether an interned peer is a system of the estate */
  known(peer: number): boolean;
  /** whether two interned peers name the same system (or the same unknown peer) */
  same(a: number, b: number): boolean;
  protocol(name: string): number;
  /**
   * A called method and path (no query: see requestTargetPath) interned to a number, or NO_OPERATION. Ids stay valid
   * while `operationGeneration` is unchanged: a sink may forget them to bound its memory (ids in paths are endless).
   */
  operation(method: string, path: string): number;
  readonly operationGeneration: number;
  /**
   * A latency that was not measured is NaN. `operation` is NO_OPERATION when the source does not say what was
   * called; `consumer` is who the operation was called for when `source` only relayed it (a gateway), else NO_PEER.
   */
  call(
    source: number,
    target: number,
    protocol: number,
    ts: number,
    status: number,
    bytes: number,
    serverMs: number,
    clientMs: number,
    operation: number,
    consumer: number,
  ): void;
}

export const NO_PEER = -1;
export const NO_OPERATION = -1;

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
  /** the interned method and path (CallSink.operation), or NO_OPERATION */
  operation: number;
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
  operation: NO_OPERATION,
});

export interface HopContext {
  /** the system whose log this is, if the source says */
  system?: string;
  /**
   * whether that system is a gateway (tag gateway/hub, kind broker): then every upstream it forwards to is a flow;
   * otherwise the log is that of the proxy in front of one system, whose upstream is the system's own backend
   */
  gateway?: boolean;
  /** fallback name of the callee when neither the record nor the source names one */
  sourceId: string;
}

/** A HopContext with its peers interned in one sink. */
export interface HopPeers {
  system: number;
  gateway: boolean;
  fallback: number;
  http: number;
}

export const hopPeers = (context: HopContext, sink: CallSink): HopPeers => ({
  system: context.system === undefined ? NO_PEER : sink.peer(context.system),
  gateway: context.gateway ?? false,
  fallback: sink.peer(context.sourceId),
  http: sink.protocol('http'),
});

/** What a parser answers for a request Junction itself made (an audit or monitor probe): no call, not malformed. */
export const OWN_PROBE = 'own probe';

/** The product Junction names itself by in every request it sends (src/probe). */
export const JUNCTION_PRODUCT = 'Junction';

/** Does a User-Agent come from Junction's own probes (`Junction/0.1 (readiness audit)`)? */
export const isJunctionAgent = (agent: string | undefined): boolean =>
  agent !== undefined && agent.startsWith(JUNCTION_PRODUCT) && agent.charCodeAt(JUNCTION_PRODUCT.length) === 47;

/**
 * How a call's status counts: 5xx and no answer at all (0) are the callee's errors; 429 is the rate-limit signal,
 * kept apart from the other 4xx (the caller's errors); anything else, or an unknown status (NaN), is no error.
 */
export const STATUS_CLASS = { ok: 0, server: 1, client: 2, rateLimited: 3 } as const;

export const statusClass = (status: number): number =>
  status >= 500 || status === 0
    ? STATUS_CLASS.server
    : status === 429
      ? STATUS_CLASS.rateLimited
      : status >= 400 && status < 500
        ? STATUS_CLASS.client
        : STATUS_CLASS.ok;

/**
 * client → (target | the log's system) for what the log's owner served, and system → upstream for what it forwarded
 * (with the upstream's own latency): always through a gateway; through the proxy of a single system only when the
 * upstream is another system of the estate (otherwise it is that system's own backend, no integration). An upstream
 * that maps to the log's own system is never a flow.
 */
export function emitHop(hop: Hop, peers: HopPeers, sink: CallSink): void {
  const target =
    hop.target !== NO_PEER
      ? hop.target
      : peers.system !== NO_PEER
        ? peers.system
        : hop.upstream !== NO_PEER
          ? hop.upstream
          : peers.fallback;
  sink.call(
    hop.client,
    target,
    hop.protocol,
    hop.ts,
    hop.status,
    hop.bytes,
    hop.latencyMs,
    Number.NaN,
    hop.operation,
    NO_PEER,
  );
  if (
    hop.upstream !== NO_PEER &&
    peers.system !== NO_PEER &&
    target === peers.system &&
    (peers.gateway || sink.known(hop.upstream)) &&
    !sink.same(hop.upstream, peers.system)
  ) {
    // the upstream's operation was called for the client: the gateway only relayed it
    sink.call(
      peers.system,
      hop.upstream,
      hop.protocol,
      hop.ts,
      hop.status,
      hop.bytes,
      Number.NaN,
      hop.upstreamMs,
      hop.operation,
      hop.client,
    );
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

/**
 * The end of the product that names a client in its User-Agent (RFC 9110: `product/version`, then more products and
 * comments): the first product, without its version when that starts with a digit. `billing/2.1 (linux)` →
 * `billing`, `curl/8.5.0` → `curl`, but `svc/shop 2.3` → `svc/shop` (no version after the slash: part of the name).
 */
export function productEnd(codeAt: (i: number) => number, start: number, end: number): number {
  let at = start;
  while (at < end && codeAt(at) !== 32) at++;
  for (let i = start; i < at; i++) {
    if (codeAt(i) !== 47) continue;
    const next = i + 1 < at ? codeAt(i + 1) : -1;
    return next >= 48 && next <= 57 ? i : at;
  }
  return at;
}

/** The product of a User-Agent as text (see productEnd). */
export const userAgentProduct = (agent: string): string =>
  agent.slice(
    0,
    productEnd((i) => agent.charCodeAt(i), 0, agent.length),
  );
