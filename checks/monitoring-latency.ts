import type { FlowsArtifact } from '../src/model/artifacts/flows.js';
import { ENDPOINT_EVIDENCE } from '../src/model/artifacts/operations.js';
import type { Evidence, Verdict } from '../src/model/finding.js';
import type { HttpArtifact } from '../src/model/artifacts/http.js';
import type { System } from '../src/model/estate.js';
import type { PhaseTimings } from '../src/model/probe.js';
import { defineCheck, type CheckSettings } from './contract.js';
import { answersText, successes } from './lib/answers.js';
import { samplesTable, table } from './lib/evidence.js';
import { windowText } from './lib/flows.js';
import { operationName, operationsTable } from './lib/operations.js';
import { percentile, round1 } from './lib/stats.js';

/** How many operations each per-operation table lists. */
const TOP = 5;

/**
 * What the system's real callers met, beside the baseline: its five slowest operations by p95 and its five most
 * failing by 5xx rate over the flows window. Nothing when no endpoint-level traffic of it was recorded.
 */
function operationTables(flows: FlowsArtifact | undefined, systemId: string): Evidence[] {
  const traffic = flows?.operations?.find((entry) => entry.system === systemId)?.operations ?? [];
  const order = (a: (typeof traffic)[number], b: (typeof traffic)[number]) =>
    b.count - a.count || operationName(a).localeCompare(operationName(b));
  const slowest = traffic.filter((row) => row.p95 !== null).sort((a, b) => b.p95! - a.p95! || order(a, b));
  const failing = traffic.filter((row) => row.errorRate > 0).sort((a, b) => b.errorRate - a.errorRate || order(a, b));
  const over = flows ? ` over ${windowText(flows)}` : '';
  return [
    ...(slowest.length > 0
      ? [operationsTable(slowest, `Slowest operations of ${systemId} by p95${over}`, TOP, ENDPOINT_EVIDENCE.slowest)]
      : []),
    ...(failing.length > 0
      ? [
          operationsTable(
            failing,
            `Most failing operations of ${systemId} by 5xx rate${over}`,
            TOP,
            ENDPOINT_EVIDENCE.failing,
          ),
        ]
      : []),
  ];
}

const PHASES: { key: keyof PhaseTimings; label: string }[] = [
  { key: 'dns', label: 'DNS' },
  { key: 'connect', label: 'Connect' },
  { key: 'tls', label: 'TLS' },
  { key: 'firstByte', label: 'First byte' },
  { key: 'download', label: 'Download' },
  { key: 'total', label: 'Total' },
];

export const monitoringLatency = defineCheck({
  id: 'monitoring.latency',
  category: 'Monitoring',
  basis: 'observed',
  title: 'The system is reachable and answers quickly',
  failureTitle: 'The system is unreachable or slow',
  description:
    'Baseline requests on fresh connections, timed per phase (DNS, connect, TLS, first byte); only answers with ' +
    'success (2xx/3xx) count: a 404 or a 401 is not a reachable API. Where access logs or traces recorded the ' +
    "system's calls, the five slowest operations by p95 and the five most failing by 5xx rate are listed beside. " +
    'Learn more: https://developer.mozilla.org/en-US/docs/Web/API/Performance_API/Resource_timing',
  requires: ['http'],
  // the per-operation tables come from the traffic; the verdict is the baseline's, with or without them
  uses: ['flows'],
  appliesTo: () => true,
  judge({ http, flows }, system, settings) {
    const verdict = judgeBaseline(http, system, settings);
    return { ...verdict, evidence: [...verdict.evidence, ...operationTables(flows, system.id)] };
  },
});

/** The verdict on the baseline requests: reachable, answered with success, and how fast. */
function judgeBaseline(http: HttpArtifact, system: System, settings: CheckSettings): Verdict {
  const answered = http.samples.filter((sample) => sample.timings && sample.status !== undefined);
  const failed = http.samples.filter((sample) => sample.error);
  const baseline = samplesTable(http.samples);
  if (answered.length === 0) {
    const first = failed[0]?.error;
    return {
      status: 'fail',
      summary: `Unreachable: ${first ? `${first.code} (${first.message})` : 'no answer'}`,
      evidence: [baseline],
      remediation: `Check that ${http.baseUrl} is up and reachable from where Junction runs, and that its certificate is trusted (tls.ca).`,
    };
  }
  // only a success shows the API working: a 404 or a 401 proves a listener, not the system (its latency is not the API's)
  const succeeded = successes(answered);
  if (succeeded.length === 0) {
    const withheld = answered.find((sample) => sample.credentialWithheld)?.credentialWithheld;
    return {
      status: 'fail',
      summary:
        `No baseline request was answered with success: ${answersText(http.samples)} from ${answered[0].url}` +
        (withheld ? ` (the credential was not sent: ${withheld})` : ''),
      evidence: [baseline],
      remediation:
        'Point healthPath at an endpoint that answers 2xx without parameters (the base URL is asked when it is unset), ' +
        'and give the system a credential (auth) if the endpoint needs one.',
    };
  }
  const rows = PHASES.map(({ key, label }) => {
    const values = succeeded.map((sample) => sample.timings![key]);
    return { phase: label, p50: round1(percentile(values, 50)!), p95: round1(percentile(values, 95)!) };
  });
  const p95 = rows.find((row) => row.phase === 'Total')!.p95;
  const p50 = rows.find((row) => row.phase === 'Total')!.p50;
  const warnAt = system.sloMs ?? settings.latencyWarnMs;
  const evidence = [
    table(
      `Phase timings over ${succeeded.length} successful requests`,
      [
        { key: 'phase', label: 'Phase', type: 'text' },
        { key: 'p50', label: 'p50', type: 'ms' },
        { key: 'p95', label: 'p95', type: 'ms' },
      ],
      rows,
    ),
    baseline,
  ];
  const unsuccessful = answered.length - succeeded.length;
  if (p95 > settings.latencyFailMs) {
    return {
      status: 'fail',
      summary: `p95 ${p95} ms exceeds ${settings.latencyFailMs} ms`,
      evidence,
      remediation:
        'Find the slow phase in the table: connect and TLS point at the network or TLS termination, first byte at the application.',
    };
  }
  if (failed.length > 0 || unsuccessful > 0 || p95 > warnAt) {
    const reasons = [
      failed.length > 0 ? `${failed.length} of ${http.samples.length} requests failed` : '',
      unsuccessful > 0
        ? `${unsuccessful} of ${http.samples.length} answered with no success (${answersText(answered.filter((sample) => !succeeded.includes(sample)))})`
        : '',
      p95 > warnAt ? `p95 ${p95} ms exceeds ${warnAt} ms${system.sloMs ? ' (the system SLO)' : ''}` : '',
    ].filter(Boolean);
    return {
      status: 'warn',
      summary: reasons.join('; '),
      evidence,
      remediation: 'Investigate the failing or slow requests listed in the evidence.',
    };
  }
  return {
    status: 'pass',
    summary: `Reachable (${answersText(succeeded)}); p50 ${p50} ms, p95 ${p95} ms`,
    evidence,
  };
}
