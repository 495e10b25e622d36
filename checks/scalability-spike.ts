import type { SpikeStep } from '../src/model/artifacts/resilience.js';
import { defineCheck } from './contract.js';
import { type Evidence } from '../src/model/finding.js';
import { LOAD_NOT_ALLOWED, loadAnswersText, loadTable, MAX_UNSUCCESSFUL_SHARE, unsuccessfulRate } from './lib/load.js';
import { round1 } from './lib/stats.js';

/** Why a step missed its SLO: answers that were not a success (a 404 meets no SLO), p99, or the breaker. */
function missed(step: SpikeStep, slo: number): string | undefined {
  const rate = unsuccessfulRate(step.load);
  if (step.load.completed === 0) return 'no request was answered';
  if (rate > MAX_UNSUCCESSFUL_SHARE)
    return `${Math.round(rate * 1000) / 10}% of answers failed or were no success (${loadAnswersText(step.load)})`;
  if (step.load.correctedLatency.p99 > slo) return `p99 ${round1(step.load.correctedLatency.p99)} ms > ${slo} ms`;
  if (step.load.stoppedBy === 'breaker') return `circuit breaker: ${step.load.stopDetail}`;
  return undefined;
}

export const scalabilitySpike = defineCheck({
  id: 'scalability.spike',
  category: 'Scalability',
  basis: 'observed',
  title: 'The system absorbs a 10× spike of its expected peak',
  failureTitle: 'The system stops meeting its SLO under a traffic spike',
  description:
    'A step load at 1×, 2×, 5× and 10× the expected peak (open loop, latency corrected for coordinated omission, each step within ' +
    'allow.load, a circuit breaker stops early): the verdict names the multiple at which p99 or the share of answers ' +
    'that are not a success (2xx/3xx: a 404 or 401 meets no SLO) leaves it. ' +
    'Learn more: https://sre.google/sre-book/addressing-cascading-failures/',
  requires: ['spike'],
  owasp: ['API4:2023'],
  appliesTo: (system) => (system.allow.load ? true : LOAD_NOT_ALLOWED),
  judge({ spike }, system, settings) {
    if (!spike.ran) return { status: 'skip', summary: spike.reason, evidence: [] };
    const slo = system.sloMs ?? settings.latencyWarnMs;
    const evidence: Evidence[] = [
      {
        kind: 'list',
        title: 'Spike',
        items: [{ label: 'Target', value: `${spike.url}${spike.target ? ` (${spike.target})` : ''}` }],
      },
      loadTable(
        `Steps of ${spike.peakRps} rps (${spike.peakSource === 'default' ? 'default peak: set expectedPeakRps' : 'expected peak'})`,
        spike.steps.map((step) => ({ label: `${step.multiple}×`, load: step.load })),
        system,
      ),
      {
        kind: 'series',
        title: 'p99 per second (ms), all steps',
        unit: 'ms',
        points: spike.steps.flatMap((step) => step.load.seconds).map((tick, index) => ({ t: index + 1, v: tick.p99 })),
      },
    ];
    if (spike.skippedSteps.length > 0) {
      evidence.push({
        kind: 'list',
        title: 'Steps not run',
        items: spike.skippedSteps.map((step) => ({ label: `${step.multiple}×`, value: step.reason })),
      });
    }
    const references = [
      {
        title: 'Google SRE book: Addressing cascading failures',
        url: 'https://sre.google/sre-book/addressing-cascading-failures/',
      },
    ];
    const remediation =
      'Find the bottleneck at the failing step (pool sizes, database, upstream limits), add capacity ' +
      'or autoscaling, and shed load with 429/503 + Retry-After rather than timing out.';
    const broken = spike.steps.map((step) => ({ step, reason: missed(step, slo) })).find((entry) => entry.reason);
    const held = spike.steps.filter((step) => !broken || step.multiple < broken.step.multiple).at(-1);
    if (broken) {
      const summary =
        `Stops meeting its SLO at ${broken.step.multiple}× (${broken.step.targetRps} rps): ` +
        `${broken.reason}${held ? `; held at ${held.multiple}×` : ''}`;
      return { status: broken.step.multiple <= 2 ? 'fail' : 'warn', summary, evidence, remediation, references };
    }
    if (!held)
      return { status: 'skip', summary: `No step could run: ${spike.skippedSteps[0]?.reason ?? 'budget'}`, evidence };
    if (held.multiple < 10) {
      return {
        status: 'warn',
        summary: `Meets its SLO up to ${held.multiple}× (${held.targetRps} rps); higher steps not run: ${spike.skippedSteps[0]?.reason}`,
        evidence,
        remediation: 'Raise allow.load caps (in a test environment) to verify 10×.',
        references,
      };
    }
    return {
      status: 'pass',
      summary:
        `Meets its SLO at every step up to 10× (${held.targetRps} rps, p99 ${round1(held.load.correctedLatency.p99)} ms, ` +
        `answers ${loadAnswersText(held.load)})`,
      evidence,
      references,
    };
  },
});
