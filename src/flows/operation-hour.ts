import { mergeEncoded, packHistograms, unpackHistograms } from './histogram.js';

/**
 * The numbers of an operation-hour, `OPERATION_STAT_FIELDS` of them in `stats`: `errors` are the callee's (5xx, no
 * answer), `clientErrors` the caller's (4xx but 429), `rateLimited` the 429s.
 */
export const OPERATION_STAT = {
  count: 0,
  errors: 1,
  clientErrors: 2,
  rateLimited: 3,
  firstSeen: 4,
  lastSeen: 5,
} as const;
export const OPERATION_STAT_FIELDS = 6;

/**
 * Calls of one consumer to one operation of a system in one hour, as one log source saw them; stored one row per
 * operation, edge, hour and log source (flow_operation_hours), beside the edge-hours of the same calls. By the hour,
 * not the minute: operations multiply the rows, and their questions (who calls what, how slow) are asked over days.
 */
export interface PackedOperationHour {
  /** who the operation was called for: the caller, or the client a gateway relayed it for */
  consumer: string;
  /** the gateway that relayed the call; '' when the consumer called the system itself */
  via: string;
  /** the called system (or raw peer) */
  target: string;
  /** upper case */
  method: string;
  /** the spec's template when documented, else the inferred one, or OTHER_OPERATION_PATH past the cap */
  path: string;
  documented: boolean;
  /** '' when the spec names none */
  operationId: string;
  /** epoch ms of the hour's start */
  hour: number;
  stats: Float64Array;
  /** the server then the client latency histogram (histogram.ts packHistograms) */
  histograms: Buffer;
}

/** What identifies an operation-hour of one log source. */
export const operationHourKey = (hour: PackedOperationHour): string =>
  `${hour.consumer}\u0000${hour.via}\u0000${hour.target}\u0000${hour.method}\u0000${hour.path}\u0000${hour.hour}`;

const mergeHistogram = (a: Uint8Array | undefined, b: Uint8Array | undefined) =>
  a === undefined ? b : b === undefined ? a : mergeEncoded(a, b);

/** Adds `from` into `into` (the same operation-hour seen again): sums, min/max, merged histograms. */
export function mergeOperationHours(into: PackedOperationHour, from: PackedOperationHour): PackedOperationHour {
  const stats = Float64Array.from(into.stats);
  for (const field of [
    OPERATION_STAT.count,
    OPERATION_STAT.errors,
    OPERATION_STAT.clientErrors,
    OPERATION_STAT.rateLimited,
  ])
    stats[field] += from.stats[field];
  stats[OPERATION_STAT.firstSeen] = Math.min(
    into.stats[OPERATION_STAT.firstSeen],
    from.stats[OPERATION_STAT.firstSeen],
  );
  stats[OPERATION_STAT.lastSeen] = Math.max(into.stats[OPERATION_STAT.lastSeen], from.stats[OPERATION_STAT.lastSeen]);
  const [intoServer, intoClient] = unpackHistograms(into.histograms, 2);
  const [fromServer, fromClient] = unpackHistograms(from.histograms, 2);
  return {
    ...into,
    stats,
    histograms: packHistograms([mergeHistogram(intoServer, fromServer), mergeHistogram(intoClient, fromClient)]),
  };
}
