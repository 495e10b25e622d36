import { encodedPercentile, mergeEncoded, packHistograms, unpackHistograms } from './histogram.js';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const MINUTES = 60;

/**
 * The per-minute numbers of an edge-hour, `STAT_FIELDS` of them per minute in `stats`: `errors` are the callee's
 * (5xx, no answer), `clientErrors` the caller's (4xx but 429), `rateLimited` the 429s.
 */
export const STAT = {
  count: 0,
  errors: 1,
  bytes: 2,
  firstSeen: 3,
  lastSeen: 4,
  serverP95: 5,
  clientP95: 6,
  clientErrors: 7,
  rateLimited: 8,
} as const;
export const STAT_FIELDS = 9;

/**
 * One edge (source → target over a protocol) in one hour, minute by minute, unpacked for merging; imports, threads
 * and the store pass it packed (PackedEdgeHour, one row per edge, hour and log source). A minute with a count of 0
 * saw no calls. Latency histograms are kept per minute in their encoded form (see histogram.ts), server and client
 * side apart.
 */
interface EdgeHour {
  source: string;
  target: string;
  protocol: string;
  /** epoch ms of the hour's start */
  hour: number;
  /** MINUTES × STAT_FIELDS; p95s are NaN when the minute has no such latency */
  stats: Float64Array;
  server: (Uint8Array | undefined)[];
  client: (Uint8Array | undefined)[];
}

function emptyEdgeHour(source: string, target: string, protocol: string, hour: number): EdgeHour {
  return {
    source,
    target,
    protocol,
    hour,
    stats: new Float64Array(MINUTES * STAT_FIELDS),
    server: new Array<Uint8Array | undefined>(MINUTES).fill(undefined),
    client: new Array<Uint8Array | undefined>(MINUTES).fill(undefined),
  };
}

const p95Of = (encoded: Uint8Array | undefined) =>
  encoded === undefined ? Number.NaN : (encodedPercentile(encoded, 95) ?? Number.NaN);

/** Sets a minute's p95s from its histograms. */
function settleMinute(hour: EdgeHour, minute: number): void {
  const at = minute * STAT_FIELDS;
  hour.stats[at + STAT.serverP95] = p95Of(hour.server[minute]);
  hour.stats[at + STAT.clientP95] = p95Of(hour.client[minute]);
}

const mergeHistogram = (a: Uint8Array | undefined, b: Uint8Array | undefined) =>
  a === undefined ? b : b === undefined ? a : mergeEncoded(a, b);

/** Adds `from` into `into` (the same edge and hour seen by the same source at another time): sums, min/max, merged histograms. */
function mergeEdgeHour(into: EdgeHour, from: EdgeHour): EdgeHour {
  for (let minute = 0; minute < MINUTES; minute++) {
    const at = minute * STAT_FIELDS;
    if (from.stats[at + STAT.count] === 0) continue;
    if (into.stats[at + STAT.count] === 0) {
      // a minute only `from` saw (batches split hours, rarely minutes): taken as it is
      into.stats.set(from.stats.subarray(at, at + STAT_FIELDS), at);
      into.server[minute] = from.server[minute];
      into.client[minute] = from.client[minute];
      continue;
    }
    into.stats[at + STAT.count] += from.stats[at + STAT.count];
    into.stats[at + STAT.errors] += from.stats[at + STAT.errors];
    into.stats[at + STAT.clientErrors] += from.stats[at + STAT.clientErrors];
    into.stats[at + STAT.rateLimited] += from.stats[at + STAT.rateLimited];
    into.stats[at + STAT.bytes] += from.stats[at + STAT.bytes];
    into.stats[at + STAT.firstSeen] = Math.min(into.stats[at + STAT.firstSeen], from.stats[at + STAT.firstSeen]);
    into.stats[at + STAT.lastSeen] = Math.max(into.stats[at + STAT.lastSeen], from.stats[at + STAT.lastSeen]);
    into.server[minute] = mergeHistogram(into.server[minute], from.server[minute]);
    into.client[minute] = mergeHistogram(into.client[minute], from.client[minute]);
    settleMinute(into, minute);
  }
  return into;
}

/** An edge-hour as stored and as sent between threads: the histograms in one blob. */
export interface PackedEdgeHour {
  source: string;
  target: string;
  protocol: string;
  hour: number;
  stats: Float64Array;
  histograms: Buffer;
}

const packEdgeHour = (hour: EdgeHour): PackedEdgeHour => ({
  source: hour.source,
  target: hour.target,
  protocol: hour.protocol,
  hour: hour.hour,
  stats: hour.stats,
  histograms: packHistograms([...hour.server, ...hour.client]),
});

/** The edge-hour of a packed one; its histograms are views into the blob. */
function unpackEdgeHour(packed: PackedEdgeHour): EdgeHour {
  const hour = emptyEdgeHour(packed.source, packed.target, packed.protocol, packed.hour);
  hour.stats.set(packed.stats.subarray(0, MINUTES * STAT_FIELDS));
  const histograms = unpackHistograms(packed.histograms, 2 * MINUTES);
  for (let minute = 0; minute < MINUTES; minute++) {
    hour.server[minute] = histograms[minute];
    hour.client[minute] = histograms[MINUTES + minute];
  }
  return hour;
}

/** `mergeEdgeHour` for packed hours. */
export const mergePacked = (into: PackedEdgeHour, from: PackedEdgeHour): PackedEdgeHour =>
  packEdgeHour(mergeEdgeHour(unpackEdgeHour(into), unpackEdgeHour(from)));
