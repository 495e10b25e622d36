import { LATE_TOLERANCE_MS, type LoadResult } from '../../src/model/load.js';
import type { Evidence } from '../../src/model/finding.js';
import type { System } from '../../src/model/estate.js';
import { table } from './evidence.js';
import { autocannonCommand } from './reproduce.js';

/** Answers a load run got with success (2xx, 3xx): only these show the system doing its work. */
export const successfulAnswers = (load: Pick<LoadResult, 'statuses'>): number =>
  (load.statuses['2xx'] ?? 0) + (load.statuses['3xx'] ?? 0);

/**
 * The share of completed requests that were not a success: network errors, 5xx and 429, and 4xx too (a 404 or a
 * 401 is no evidence of capacity). A run where nothing completed is all failure.
 */
export const unsuccessfulRate = (load: Pick<LoadResult, 'statuses' | 'completed'>): number =>
  load.completed === 0 ? 1 : (load.completed - successfulAnswers(load)) / load.completed;

/** The share of a step's answers that may be no success for it to meet its SLO, or for its latency to count. */
export const MAX_UNSUCCESSFUL_SHARE = 0.01;

/** What a load run was answered: "2xx: 58, 429: 2, network errors: 1". */
export const loadAnswersText = (load: Pick<LoadResult, 'statuses' | 'errors'>): string =>
  [...Object.entries(load.statuses), ...(load.errors > 0 ? [['network errors', load.errors] as const] : [])]
    .map(([key, count]) => `${key}: ${count}`)
    .join(', ') || 'nothing';

/** One row per load run: rate, throughput, errors, coordinated-omission-corrected latency and the line that repeats it. */
export function loadTable(
  title: string,
  runs: { label: string; load: Omit<LoadResult, 'seconds'> }[],
  system: System,
): Evidence {
  return table(
    title,
    [
      { key: 'label', label: 'Step', type: 'text' },
      { key: 'target', label: 'Target rps', type: 'number' },
      { key: 'achieved', label: 'Sent rps', type: 'number' },
      { key: 'sent', label: 'Sent', type: 'number' },
      // the load is open loop: request i is due at i/rate, and one sent more than LATE_TOLERANCE_MS after that (or
      // never, when the run ended first) is late: a high count means requests were held back (connections busy, caps)
      { key: 'late', label: `Late (sent >${LATE_TOLERANCE_MS} ms after due, or never)`, type: 'number' },
      { key: 'statuses', label: 'Answers', type: 'text' },
      { key: 'errors', label: 'Network errors', type: 'number' },
      { key: 'p50', label: 'p50', type: 'ms' },
      { key: 'p95', label: 'p95', type: 'ms' },
      { key: 'p99', label: 'p99', type: 'ms' },
      { key: 'stopped', label: 'Ended by', type: 'text' },
      { key: 'reproduce', label: 'Reproduce', type: 'code' },
    ],
    runs.map(({ label, load }) => ({
      label,
      target: load.targetRps,
      achieved: load.achievedRps,
      sent: load.sent,
      late: load.notSentOnTime,
      statuses: loadAnswersText({ statuses: load.statuses, errors: 0 }),
      errors: load.errors,
      p50: load.correctedLatency.p50,
      p95: load.correctedLatency.p95,
      p99: load.correctedLatency.p99,
      stopped: load.stopDetail ? `${load.stoppedBy}: ${load.stopDetail}` : load.stoppedBy,
      reproduce: autocannonCommand(load, system),
    })),
  );
}

export const LOAD_NOT_ALLOWED =
  'load probing is not allowed for this system: set allow.load (maxRps, maxRequests, maxSeconds) to run it';
