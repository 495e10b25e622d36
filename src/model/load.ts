/** The result of a load run, as the load generator reports it and the resilience artifacts keep it. */

/** Latency percentiles in milliseconds. */
export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
}

/** One second of a run, for live progress and the spike series. */
export interface LoadTick {
  second: number;
  /** the time this second covers: a stalled timer makes it longer; a run's last ends with the sending window */
  ms: number;
  sent: number;
  completed: number;
  /** network errors and timeouts */
  errors: number;
  /** answers by status class or code: '2xx', '429', '5xx', ... */
  statuses: Record<string, number>;
  /** corrected latency of the requests that completed in this second */
  p50: number;
  p99: number;
}

/** A request dispatched more than this long after it was due is late (counted in notSentOnTime). */
export const LATE_TOLERANCE_MS = 10;

export type StopReason = 'duration' | 'max-requests' | 'max-seconds' | 'breaker' | 'aborted';

export interface LoadResult {
  url: string;
  targetRps: number | null;
  connections: number;
  durationMs: number;
  /** requests dispatched */
  sent: number;
  completed: number;
  errors: number;
  statuses: Record<string, number>;
  achievedRps: number;
  /** dispatched later than lateToleranceMs (LATE_TOLERANCE_MS) after their intended start, or never (the run ended first) */
  notSentOnTime: number;
  /** scheduled but never dispatched because the run ended */
  unsent: number;
  /** from the actual dispatch to the end of the body */
  serviceLatency: LatencySummary;
  /** from the intended start (open loop) to the end of the body: corrected for coordinated omission */
  correctedLatency: LatencySummary;
  connectionsOpened: number;
  stoppedBy: StopReason;
  stopDetail?: string;
  seconds: LoadTick[];
}

/** Answers that count against a server in one second: network errors and timeouts, 5xx and 503 (what the breaker counts). */
export const failedIn = (tick: LoadTick): number =>
  tick.errors + (tick.statuses['5xx'] ?? 0) + (tick.statuses['503'] ?? 0);

/**
 * One second of a running load step as the audit streams it, for the Audit page's live chart. Rates are over the
 * second's real length (a step's last second is usually shorter than one), so a short tail does not read as a drop.
 */
export interface LoadProgressPoint {
  /** the step this second belongs to: 'spike 2×', 'burst' */
  step: string;
  /** the rate the step aims at; null for a closed loop */
  targetRps: number | null;
  /** ms from the gatherer's first step to the end of this second: one clock across the steps */
  atMs: number;
  sentPerSecond: number;
  /** network errors, timeouts and 5xx per second */
  errorsPerSecond: number;
  /** 429 answers per second */
  limitedPerSecond: number;
  /** corrected p99 of the requests completed in this second; null when none completed */
  p99: number | null;
}
