import { defineCheck } from './contract.js';
import { table } from './lib/evidence.js';

export const monitoringCoverage = defineCheck({
  id: 'monitoring.coverage',
  category: 'Monitoring',
  basis: 'inferred',
  title: 'The system is monitored, alerted on and visible in logs',
  failureTitle: 'The system is not monitored',
  description:
    'A system going live needs a monitor that checks it, an alert that reaches someone when it fails, and a log ' +
    'source or traces that show its traffic ("if you aren\'t logging every failed request, you aren\'t integrating"). ' +
    'Learn more: https://sre.google/sre-book/monitoring-distributed-systems/',
  requires: ['flows'],
  appliesTo: () => true,
  judge({ flows }, system) {
    const monitors = flows.monitors.filter((monitor) => monitor.system === system.id);
    const sources = flows.logSources.filter((source) => source.system === system.id);
    const inTraffic = flows.edges.some((edge) => edge.from === system.id || edge.to === system.id);
    const evidence = [
      table(
        'Monitors',
        [
          { key: 'id', label: 'Monitor', type: 'code' },
          { key: 'samples', label: 'Checks', type: 'number' },
          { key: 'errors', label: 'Down', type: 'number' },
          { key: 'lastTs', label: 'Last check', type: 'date' },
          { key: 'last', label: 'Last result', type: 'text' },
          { key: 'openAlerts', label: 'Open alerts', type: 'number' },
          { key: 'alerting', label: 'Alerts to', type: 'text' },
        ],
        monitors.map((monitor) => ({
          id: monitor.id,
          samples: monitor.samples,
          errors: monitor.errors,
          lastTs: monitor.lastTs === undefined ? null : new Date(monitor.lastTs).toISOString(),
          last: monitor.lastOk === undefined ? null : monitor.lastOk ? 'up' : 'down',
          openAlerts: monitor.openAlerts,
          alerting: monitor.alertTargets > 0 ? `${monitor.alertTargets} webhook(s)` : 'nobody',
        })),
      ),
      {
        kind: 'list' as const,
        title: 'Visibility',
        items: [
          {
            label: 'Log sources written by this system',
            value: sources.map((source) => `${source.id} (${source.type})`).join(', ') || 'none',
          },
          { label: 'Seen in logs or traces', value: inTraffic },
        ],
      },
    ];
    if (monitors.length === 0) {
      return {
        status: 'fail',
        summary: 'No monitor checks this system',
        evidence,
        remediation: 'Add a monitor: monitors: [{ system, path: /health, interval: 30s, alerts: [{ webhook }] }].',
      };
    }
    const gaps = [
      monitors.every((monitor) => monitor.samples === 0) ? 'its monitors have never run ("junction monitor")' : '',
      monitors.every((monitor) => monitor.alertTargets === 0) ? 'no alert target: a failure reaches nobody' : '',
      !inTraffic && sources.length === 0 ? 'no log source or trace shows its traffic' : '',
      // a monitor that watches a system that is down covers it, but the go-live reader must see that it is down
      ...monitors.map((monitor) =>
        monitor.openAlerts > 0
          ? `${monitor.id} is alerting (${monitor.openAlerts} open alert${monitor.openAlerts === 1 ? '' : 's'})`
          : monitor.lastOk === false
            ? `${monitor.id}'s last check was down (${monitor.errors} of ${monitor.samples} checks down)`
            : '',
      ),
    ].filter(Boolean);
    if (gaps.length > 0)
      return {
        status: 'warn',
        summary: `Monitored, but ${gaps.join('; ')}`,
        evidence,
        remediation:
          'Close the gaps listed: run the monitors, add a webhook, add a log source, and bring up what a monitor finds down ' +
          '(or set its path and expectStatus to what the system should answer).',
      };
    return {
      status: 'pass',
      summary: `${monitors.length} monitor(s) with alerts, and its traffic is visible`,
      evidence,
    };
  },
});
