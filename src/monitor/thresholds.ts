import type { Monitor } from '../model/estate.js';
import type { SampleRepository } from '../store/sample-repository.js';

/** A rule's state now: breached (with why and the measured value) or not. */
export interface RuleState {
  rule: 'down' | 'p95' | 'error-rate';
  breached: boolean;
  message: string;
  value?: number;
}

const DEFAULT_DOWN_AFTER = 2;
const DEFAULT_WINDOW_MS = 300_000;

/** Judges a monitor's thresholds on its stored samples: consecutive failures, and p95 and error rate over the window. */
export function evaluateThresholds(
  monitor: Monitor,
  monitorId: string,
  samples: SampleRepository,
  now: number,
): RuleState[] {
  const downAfter = monitor.thresholds?.down ?? DEFAULT_DOWN_AFTER;
  const latest = samples.latest(monitorId, downAfter);
  const failing = latest.length === downAfter && latest.every((sample) => !sample.ok);
  const states: RuleState[] = [
    {
      rule: 'down',
      breached: failing,
      message: failing
        ? `${downAfter} consecutive checks failed (${latest[0].error ?? `HTTP ${latest[0].status}`})`
        : `answering again (HTTP ${latest[0]?.status ?? '?'})`,
    },
  ];
  const window = samples.window(monitorId, now - (monitor.thresholds?.window ?? DEFAULT_WINDOW_MS));
  const p95Limit = monitor.thresholds?.p95Ms;
  if (p95Limit !== undefined && window.p95Ms !== undefined) {
    const breached = window.p95Ms > p95Limit;
    states.push({
      rule: 'p95',
      breached,
      value: window.p95Ms,
      message: `p95 ${Math.round(window.p95Ms)} ms ${breached ? 'above' : 'back under'} ${p95Limit} ms`,
    });
  }
  const errorLimit = monitor.thresholds?.errorRate;
  if (errorLimit !== undefined && window.count > 0) {
    const rate = window.errors / window.count;
    const breached = rate > errorLimit;
    states.push({
      rule: 'error-rate',
      breached,
      value: rate,
      message: `error rate ${(rate * 100).toFixed(1)} % ${breached ? 'above' : 'back under'} ${(errorLimit * 100).toFixed(1)} %`,
    });
  }
  return states;
}
