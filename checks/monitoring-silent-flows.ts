import { defineCheck } from './contract.js';
import { windowText } from './lib/flows.js';
import { table } from './lib/evidence.js';

export const monitoringSilentFlows = defineCheck({
  id: 'monitoring.silent-flows',
  category: 'Monitoring',
  title: 'Declared flows carry traffic',
  failureTitle: 'A declared flow is silent',
  description:
    'A flow declared in junction.yaml with no call seen in logs or traces over the window: the integration is ' +
    'broken, retired, or routed another way. When logs do show the systems at either end, the silence is real; ' +
    'when nothing watches them, the flow may simply be unobserved. ' +
    'Learn more: https://sre.google/sre-book/monitoring-distributed-systems/',
  requires: ['flows'],
  appliesTo: () => true,
  judge({ flows }, system) {
    const declared = flows.declared.filter((flow) => flow.from === system.id);
    const silent = declared.filter((flow) => !flow.seen);
    const observed = new Set([
      ...flows.edges.flatMap((edge) => [edge.from, edge.to]),
      ...flows.logSources.flatMap((source) => (source.system ? [source.system] : [])),
    ]);
    const evidence = [
      table(
        `Declared flows from ${system.id} over ${windowText(flows)}`,
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
          traffic: flow.seen ? 'seen' : 'none',
        })),
      ),
    ];
    if (declared.length === 0) return { status: 'pass', summary: 'No declared flows start here', evidence };
    const watched = silent.filter((flow) => observed.has(flow.from) || observed.has(flow.to));
    const list = (items: typeof silent) => items.map((flow) => `${flow.from} → ${flow.to}`).join(', ');
    if (watched.length > 0) {
      return {
        status: 'fail',
        summary: `No traffic on ${list(watched)} although logs show these systems`,
        evidence,
        remediation:
          'Check whether the integration broke or was re-routed; remove the flow from junction.yaml if it was retired.',
      };
    }
    if (silent.length > 0) {
      return {
        status: 'warn',
        summary: `No traffic seen on ${list(silent)}, and no log source watches either end`,
        evidence,
        remediation: 'Add a log source (access log or traces) that sees this flow.',
      };
    }
    return { status: 'pass', summary: `All ${declared.length} declared flows carry traffic`, evidence };
  },
});
