import type { PhaseTimings } from '../src/model/probe.js';
import { defineCheck } from './contract.js';
import { samplesTable, table } from './lib/evidence.js';
import { percentile, round1 } from './lib/stats.js';

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
  title: 'The system is reachable and answers quickly',
  failureTitle: 'The system is unreachable or slow',
  description:
    'Baseline requests on fresh connections, timed per phase (DNS, connect, TLS, first byte). ' +
    'Learn more: https://developer.mozilla.org/en-US/docs/Web/API/Performance_API/Resource_timing',
  requires: ['http'],
  appliesTo: () => true,
  judge({ http }, system, settings) {
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
    const rows = PHASES.map(({ key, label }) => {
      const values = answered.map((sample) => sample.timings![key]);
      return { phase: label, p50: round1(percentile(values, 50)!), p95: round1(percentile(values, 95)!) };
    });
    const p95 = rows.find((row) => row.phase === 'Total')!.p95;
    const p50 = rows.find((row) => row.phase === 'Total')!.p50;
    const warnAt = system.sloMs ?? settings.latencyWarnMs;
    const evidence = [
      table(
        `Phase timings over ${answered.length} requests`,
        [
          { key: 'phase', label: 'Phase', type: 'text' },
          { key: 'p50', label: 'p50', type: 'ms' },
          { key: 'p95', label: 'p95', type: 'ms' },
        ],
        rows,
      ),
      baseline,
    ];
    const serverErrors = answered.filter((sample) => sample.status! >= 500).length;
    if (p95 > settings.latencyFailMs) {
      return {
        status: 'fail',
        summary: `p95 ${p95} ms exceeds ${settings.latencyFailMs} ms`,
        evidence,
        remediation:
          'Find the slow phase in the table: connect and TLS point at the network or TLS termination, first byte at the application.',
      };
    }
    if (failed.length > 0 || serverErrors > 0 || p95 > warnAt) {
      const reasons = [
        failed.length > 0 ? `${failed.length} of ${http.samples.length} requests failed` : '',
        serverErrors > 0 ? `${serverErrors} answered 5xx` : '',
        p95 > warnAt ? `p95 ${p95} ms exceeds ${warnAt} ms${system.sloMs ? ' (the system SLO)' : ''}` : '',
      ].filter(Boolean);
      return {
        status: 'warn',
        summary: reasons.join('; '),
        evidence,
        remediation: 'Investigate the failing or slow requests listed in the evidence.',
      };
    }
    return { status: 'pass', summary: `Reachable; p50 ${p50} ms, p95 ${p95} ms`, evidence };
  },
});
