import { runLoad } from '../probe/load.js';
import type { HttpGatherer } from './gatherer.js';
import { connectionsFor, loadAccess } from './load-access.js';
import { loadProgress } from './load-progress.js';
import type { SpikeArtifact, SpikeStep } from '../model/artifacts/resilience.js';

export const SPIKE_MULTIPLES = [1, 2, 5, 10] as const;
const STEP_MS = 1500;
const MIN_STEP_MS = 300;
const DEFAULT_PEAK_RPS = 5;
/** the spike leaves this share of the request budget to the burst */
const SPIKE_SHARE = 0.6;

/** A step load at 1×, 2×, 5× and 10× the expected peak, each step within allow.load, with a circuit breaker. */
export const spikeGatherer: HttpGatherer<'spike'> = {
  artifact: 'spike',
  serves: 'http',
  timeoutMs: 120_000,
  async gather(context): Promise<SpikeArtifact> {
    const access = await loadAccess(context);
    if ('ran' in access) return access;
    const { system, signal, progress, settings } = context;
    const { budget } = access;
    const peakRps = system.expectedPeakRps ?? DEFAULT_PEAK_RPS;
    // only for the circuit breaker's safety stop (10× the SLO); the check applies the SLO itself
    const slo = system.sloMs ?? settings.latencyWarnMs;
    const steps: SpikeStep[] = [];
    const skippedSteps: { multiple: number; reason: string }[] = [];
    let requestsLeft = Math.floor(budget.remainingRequests * SPIKE_SHARE);
    let stopped: string | undefined;
    const live = loadProgress(progress);
    // the steps share SPIKE_SHARE of the seconds too: a tight maxSeconds makes shorter steps, not fewer
    const secondsPerStep = (budget.remainingSeconds * SPIKE_SHARE) / SPIKE_MULTIPLES.length;
    for (const multiple of SPIKE_MULTIPLES) {
      const targetRps = peakRps * multiple;
      const stepMs = Math.min(STEP_MS, secondsPerStep * 1000, budget.remainingSeconds * 1000);
      const requests = Math.ceil((targetRps * stepMs) / 1000);
      const reason =
        stopped ??
        (signal.aborted ? 'aborted' : undefined) ??
        (targetRps > budget.allowance.maxRps
          ? `${targetRps} rps exceeds allow.load.maxRps ${budget.allowance.maxRps}`
          : undefined) ??
        (requests > requestsLeft || stepMs < MIN_STEP_MS
          ? 'the allow.load budget (maxRequests, maxSeconds) is spent'
          : undefined);
      if (reason) {
        skippedSteps.push({ multiple, reason });
        continue;
      }
      progress(`spike ${multiple}×: ${targetRps} rps for ${stepMs} ms`);
      const load = await runLoad(
        {
          url: access.url,
          headers: access.headers,
          ca: access.ca,
          servername: access.servername,
          rate: targetRps,
          durationMs: stepMs,
          maxRequests: requests,
          connections: connectionsFor(targetRps),
          breaker: { maxErrorRate: 0.5, maxP99Ms: Math.max(10 * slo, 5000), minRequests: 5 },
          signal,
          onProgress: live.step(
            `spike ${multiple}×`,
            targetRps,
            (tick) => `spike ${multiple}× second ${tick.second}: ${tick.completed} answered, p99 ${tick.p99} ms`,
          ),
        },
        budget,
      );
      requestsLeft -= load.sent;
      steps.push({ multiple, targetRps, load });
      if (load.stoppedBy === 'breaker')
        stopped = `the circuit breaker stopped the ${multiple}× step (${load.stopDetail})`;
    }
    return {
      ran: true,
      url: access.url,
      target: access.target,
      peakRps,
      peakSource: system.expectedPeakRps ? 'expectedPeakRps' : 'default',
      steps,
      skippedSteps,
    };
  },
};
