import type { Monitor } from '../model/estate.js';
import type { QueueSample } from '../store/queue-sample-repository.js';
import type { SampleRepository } from '../store/sample-repository.js';

/** A rule's state now: breached (with why and the measured value) or not. */
export interface RuleState {
  rule: 'down' | 'p95' | 'error-rate' | 'depth' | 'consumers' | 'age';
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

const count = (value: number) => value.toLocaleString('en-US');
const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/**
 * Judges a broker monitor's queue thresholds on its newest reading: a rule is breached when any watched queue
 * breaches it, and its message names every such queue (worst first); the value is the worst one.
 */
export function evaluateQueueThresholds(monitor: Monitor, latest: readonly QueueSample[]): RuleState[] {
  const { depth, consumers, age } = monitor.thresholds ?? {};
  const states: RuleState[] = [];
  const judge = (
    rule: RuleState['rule'],
    measure: (queue: QueueSample) => number | undefined,
    breaches: (value: number) => boolean,
    describe: (queue: QueueSample, value: number) => string,
    fine: string,
    worstFirst: (a: number, b: number) => number,
  ) => {
    const breaching = latest
      .map((queue) => ({ queue, value: measure(queue) }))
      .filter((entry): entry is { queue: QueueSample; value: number } => entry.value !== undefined)
      .filter((entry) => breaches(entry.value))
      .sort((a, b) => worstFirst(a.value, b.value));
    states.push({
      rule,
      breached: breaching.length > 0,
      value: breaching[0]?.value,
      message: breaching.length > 0 ? breaching.map((entry) => describe(entry.queue, entry.value)).join('; ') : fine,
    });
  };
  if (depth !== undefined)
    judge(
      'depth',
      (queue) => queue.messages,
      (value) => value > depth,
      (queue, value) => `${queue.queue} holds ${count(value)} messages (limit ${count(depth)})`,
      `every watched queue holds ${count(depth)} messages or fewer`,
      (a, b) => b - a,
    );
  if (consumers !== undefined)
    judge(
      'consumers',
      (queue) => queue.consumers,
      (value) => value <= consumers,
      (queue, value) => `${queue.queue} has ${value} consumer${value === 1 ? '' : 's'}`,
      `every watched queue has more than ${consumers} consumer${consumers === 1 ? '' : 's'}`,
      (a, b) => a - b,
    );
  if (age !== undefined)
    judge(
      'age',
      (queue) => queue.oldestAgeMs,
      (value) => value > age,
      (queue, value) => `${queue.queue}: oldest message ${seconds(value)} old (limit ${seconds(age)})`,
      `no watched queue holds a message older than ${seconds(age)}`,
      (a, b) => b - a,
    );
  return states;
}
