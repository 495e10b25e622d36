import { performance } from 'node:perf_hooks';
import { failedIn, type LoadTick } from '../model/load.js';
import type { GatherContext } from './gatherer.js';

/**
 * A load gatherer's live progress: each second of each step becomes a chart point on one clock that starts at the
 * gatherer's first step, plus the line of text the CLI prints. Rates are over each tick's own length: a step's last
 * tick is cut short by its end.
 */
export function loadProgress(progress: GatherContext['progress']) {
  let began: number | undefined;
  return {
    /** The `onProgress` of one runLoad, called just before it starts. */
    step(step: string, targetRps: number | null, words: (tick: LoadTick) => string): (tick: LoadTick) => void {
      began ??= performance.now();
      return (tick) => {
        const perSecond = (count: number) => Math.round((count / Math.max(tick.ms, 1)) * 10_000) / 10;
        progress(words(tick), {
          step,
          targetRps,
          atMs: Math.round(performance.now() - began!),
          sentPerSecond: perSecond(tick.sent),
          errorsPerSecond: perSecond(failedIn(tick)),
          limitedPerSecond: perSecond(tick.statuses['429'] ?? 0),
          p99: tick.completed > 0 ? tick.p99 : null,
        });
      };
    },
  };
}
