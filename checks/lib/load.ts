import type { LoadResult } from '../../src/model/load.js';
import type { Evidence } from '../../src/model/finding.js';
import { table } from './evidence.js';

/** Answers that failed a client: network errors, 5xx and limited (429) answers. */
export function failedAnswers(load: Pick<LoadResult, 'errors' | 'statuses'>): number {
  return Object.entries(load.statuses).reduce(
    (sum, [key, count]) => (key === '5xx' || key === '503' || key === '429' ? sum + count : sum),
    load.errors,
  );
}

export const errorRate = (load: Pick<LoadResult, 'errors' | 'statuses' | 'completed'>): number =>
  load.completed === 0 ? 0 : failedAnswers(load) / load.completed;

const statusText = (statuses: Record<string, number>) =>
  Object.entries(statuses)
    .map(([key, count]) => `${key}: ${count}`)
    .join(', ');

/** One row per load run: rate, throughput, errors and coordinated-omission-corrected latency. */
export function loadTable(title: string, runs: { label: string; load: Omit<LoadResult, 'seconds'> }[]): Evidence {
  return table(
    title,
    [
      { key: 'label', label: 'Step', type: 'text' },
      { key: 'target', label: 'Target rps', type: 'number' },
      { key: 'achieved', label: 'Sent rps', type: 'number' },
      { key: 'sent', label: 'Sent', type: 'number' },
      { key: 'late', label: 'Not sent on time', type: 'number' },
      { key: 'statuses', label: 'Answers', type: 'text' },
      { key: 'errors', label: 'Network errors', type: 'number' },
      { key: 'p50', label: 'p50', type: 'ms' },
      { key: 'p95', label: 'p95', type: 'ms' },
      { key: 'p99', label: 'p99', type: 'ms' },
      { key: 'stopped', label: 'Ended by', type: 'text' },
    ],
    runs.map(({ label, load }) => ({
      label,
      target: load.targetRps,
      achieved: load.achievedRps,
      sent: load.sent,
      late: load.notSentOnTime,
      statuses: statusText(load.statuses),
      errors: load.errors,
      p50: load.correctedLatency.p50,
      p95: load.correctedLatency.p95,
      p99: load.correctedLatency.p99,
      stopped: load.stopDetail ? `${load.stoppedBy}: ${load.stopDetail}` : load.stoppedBy,
    })),
  );
}

export const LOAD_NOT_ALLOWED =
  'load probing is not allowed for this system: set allow.load (maxRps, maxRequests, maxSeconds) to run it';
