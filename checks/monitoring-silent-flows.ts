import { defineCheck } from './contract.js';
import { windowText } from './lib/flows.js';
import { table } from './lib/evidence.js';

export const monitoringSilentFlows = defineCheck({
  id: 'monitoring.silent-flows',
  category: 'Monitoring',
  basis: 'observed',
  title: 'Declared flows carry traffic',
  failureTitle: 'A declared flow is silent',
  description:
    'A flow declared in junction.yaml with no call seen in logs or traces over the window: the integration is ' +
    'broken, retired, or routed another way. A flow is judged silent only when a source that covers it (the access ' +
    'log of either end, or traces of both) was read over the window; otherwise nothing watched it and it is not ' +
    'judged. Learn more: https://sre.google/sre-book/monitoring-distributed-systems/',
  requires: ['flows'],
  appliesTo: () => true,
  judge({ flows }, system) {
    const declared = flows.declared.filter((flow) => flow.from === system.id);
    const silent = declared.filter((flow) => !flow.seen && flow.covered);
    const unwatched = declared.filter((flow) => !flow.seen && !flow.covered);
    const window = windowText(flows);
    const evidence = [
      table(
        `Declared flows from ${system.id} over ${window}`,
        [
          { key: 'flow', label: 'Flow', type: 'code' },
          { key: 'protocol', label: 'Protocol', type: 'text' },
          { key: 'description', label: 'Description', type: 'text' },
          { key: 'traffic', label: 'Traffic', type: 'text' },
        ],
        declared.map((flow) => ({
          flow: `${flow.from} → ${flow.to}`,
          protocol: flow.protocol,
          description: flow.description ?? null,
          traffic: flow.seen ? 'seen' : flow.covered ? 'none (a source covering it was read)' : 'not watched',
        })),
      ),
    ];
    const list = (items: typeof declared) => items.map((flow) => `${flow.from} → ${flow.to}`).join(', ');
    const notWatched = `no log or trace source covering both ends was read over ${window}`;
    if (declared.length === 0) return { status: 'skip', summary: `No declared flow starts at ${system.id}`, evidence };
    if (silent.length > 0) {
      return {
        status: 'fail',
        summary: `No traffic on ${list(silent)} over ${window}, although a source covering it was read`,
        evidence,
        remediation:
          'Check whether the integration broke or was re-routed; remove the flow from junction.yaml if it was retired.',
      };
    }
    const seen = declared.length - unwatched.length;
    if (seen === 0) {
      return {
        status: 'skip',
        summary: `Not judged: ${notWatched} (${list(unwatched)})`,
        evidence,
        remediation:
          'Add a log source (the access log of either end, or traces of both) and run "junction flows import".',
      };
    }
    return {
      status: 'pass',
      summary:
        `${seen} of ${declared.length} declared flows carry traffic` +
        (unwatched.length > 0 ? `; ${list(unwatched)} not judged: ${notWatched}` : ''),
      evidence,
    };
  },
});
