import type { HttpSample } from '../src/model/artifacts/http.js';
import { defineCheck } from './contract.js';
import { type Evidence } from '../src/model/finding.js';
import { answersText, successes } from './lib/answers.js';
import { loadAnswersText, loadTable, MAX_UNSUCCESSFUL_SHARE, unsuccessfulRate } from './lib/load.js';
import { percentile, round1 } from './lib/stats.js';
import { Problems } from './lib/verdict.js';
import { table } from './lib/evidence.js';

const references = [
  {
    title: "AWS Builders' Library: Timeouts, retries and backoff with jitter",
    url: 'https://aws.amazon.com/builders-library/timeouts-retries-and-backoff-with-jitter/',
  },
  { title: 'RFC 9112 §9.3: Persistent connections', url: 'https://www.rfc-editor.org/rfc/rfc9112#section-9.3' },
];

/** The phase a slow or failed exchange spent its time in. */
function slowPhase(sample: HttpSample): string {
  if (sample.error) return sample.error.phase;
  const timings = sample.timings!;
  const phases: [string, number][] = [
    ['dns', timings.dns],
    ['connect', timings.connect],
    ['tls', timings.tls],
    ['first-byte', timings.firstByte],
    ['body', timings.download],
  ];
  return phases.sort((a, b) => b[1] - a[1])[0][0];
}

export const errorHandlingTimeouts = defineCheck({
  id: 'error-handling.timeouts',
  category: 'Error handling',
  basis: 'observed',
  title: 'Latency leaves room for client timeouts and retries',
  failureTitle: 'Requests hang or run so long that client timeouts and retries cannot work',
  description:
    'Under normal load (the 1× step of the spike where load is allowed, else the baseline requests) p99 latency should stay within ' +
    "the system's SLO so a client timeout of a few times the SLO leaves room for a retry; connections should be kept alive; " +
    'hanging or slow exchanges are reported with the phase they stalled in. ' +
    'Learn more: https://aws.amazon.com/builders-library/timeouts-retries-and-backoff-with-jitter/',
  requires: ['http', 'spike'],
  appliesTo: () => true,
  judge({ http, spike }, system, settings) {
    const slo = system.sloMs ?? settings.latencyWarnMs;
    const step = spike.ran ? spike.steps.find((candidate) => candidate.multiple === 1) : undefined;
    // latency counts only where the answers were a success: a fast 404 says nothing of the timeouts a client needs
    const normal = step && unsuccessfulRate(step.load) <= MAX_UNSUCCESSFUL_SHARE ? step : undefined;
    const answered = successes(http.samples.filter((sample) => sample.timings));
    const baselineP99 = percentile(
      answered.map((sample) => sample.timings!.total),
      99,
    );
    const p99 = normal ? normal.load.correctedLatency.p99 : baselineP99;
    const slow = http.samples.filter(
      (sample) => sample.error?.code.startsWith('timeout') || (sample.timings && sample.timings.total > slo),
    );
    const evidence: Evidence[] = [
      {
        kind: 'list',
        title: 'Latency under normal load',
        items: [
          {
            label: 'Source',
            value: normal
              ? `${normal.load.sent} requests at ${normal.targetRps} rps (1× expected peak)`
              : `${answered.length} successful baseline requests of ${http.samples.length}` +
                (step ? ` (the 1× step was answered ${loadAnswersText(step.load)}: not used)` : ''),
          },
          { label: 'p99 (ms)', value: p99 === undefined ? null : round1(p99) },
          { label: 'SLO (ms)', value: slo },
          {
            label: 'Connections opened / pool size',
            value: normal
              ? `${normal.load.connectionsOpened} / ${normal.load.connections}`
              : 'not measured (no load allowed)',
          },
        ],
      },
    ];
    if (normal) evidence.push(loadTable('Normal load', [{ label: '1×', load: normal.load }], system));
    if (slow.length > 0) {
      evidence.push(
        table(
          'Slow or hanging exchanges',
          [
            { key: 'url', label: 'URL', type: 'url' },
            { key: 'total', label: 'Total', type: 'ms' },
            { key: 'phase', label: 'Slowest phase', type: 'text' },
            { key: 'error', label: 'Error', type: 'text' },
          ],
          slow.map((sample) => ({
            url: sample.url,
            total: sample.timings && round1(sample.timings.total),
            phase: slowPhase(sample),
            error: sample.error && `${sample.error.code}: ${sample.error.message}`,
          })),
        ),
      );
    }
    const hung = http.samples.filter((sample) => sample.error?.code.startsWith('timeout'));
    const remediation =
      'Find the phase in the evidence: connect/TLS point at the network or the load balancer, first byte at the application. ' +
      'Set client timeouts a little above p99 and retry idempotent calls with backoff and jitter.';
    if (hung.length > 0) {
      return {
        status: 'fail',
        summary: `${hung.length} request(s) hung: ${[...new Set(hung.map((sample) => `${sample.error!.code} in ${sample.error!.phase}`))].join(', ')}`,
        evidence,
        remediation,
        references,
      };
    }
    if (p99 === undefined)
      return {
        status: 'error',
        summary:
          `No request was answered with success, so latency is unknown: the baseline got ${answersText(http.samples)}` +
          (step ? `, the 1× step ${loadAnswersText(step.load)}` : ''),
        evidence,
      };
    if (p99 > settings.latencyFailMs) {
      return {
        status: 'fail',
        summary: `p99 ${round1(p99)} ms under normal load exceeds ${settings.latencyFailMs} ms: no room for a retry within a client timeout`,
        evidence,
        remediation,
        references,
      };
    }
    const problems = new Problems();
    if (p99 > slo)
      problems.warn(
        `p99 ${round1(p99)} ms exceeds the ${slo} ms ${system.sloMs ? 'SLO' : 'latency budget'}${slow[0] ? ` (slowest phase: ${slowPhase(slow[0])})` : ''}`,
      );
    if (normal && normal.load.connectionsOpened > normal.load.connections * 2) {
      problems.warn(
        `${normal.load.connectionsOpened} connections opened for a pool of ${normal.load.connections}: the server does not keep connections alive`,
      );
    }
    return problems.verdict({
      pass: `p99 ${round1(p99)} ms within the ${slo} ms budget${normal ? '; connections kept alive' : ''}`,
      evidence,
      remediation,
      references,
    });
  },
});
