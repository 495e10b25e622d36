import { defineCheck } from './contract.js';
import { edgesOf, edgesTable, windowText } from './lib/flows.js';

export const architectureUndocumentedFlows = defineCheck({
  id: 'architecture.undocumented-flows',
  category: 'Architecture',
  basis: 'observed',
  title: 'Every flow seen in traffic is documented',
  failureTitle: 'The system has undocumented flows',
  description:
    'Compares the flows seen in access logs and traces with the flows declared in junction.yaml. A call nobody ' +
    'documented is a dependency nobody plans for; a peer that is no system of the estate is an unknown system. ' +
    'Learn more: https://www.enterpriseintegrationpatterns.com/patterns/messaging/ControlBus.html',
  requires: ['flows'],
  owasp: ['API9:2023'],
  appliesTo: () => true,
  judge({ flows }, system) {
    const mine = edgesOf(flows, system.id);
    const outbound = mine.filter((edge) => edge.from === system.id && !edge.declared && edge.toKnown);
    const inbound = mine.filter((edge) => edge.to === system.id && !edge.declared && edge.fromKnown);
    const unknown = mine.filter((edge) => !edge.fromKnown || !edge.toKnown);
    // a broker's own finding lists the undeclared flows it carries; the publisher's fails for them
    const relayed = mine.filter(
      (edge) =>
        edge.via === system.id &&
        edge.from !== system.id &&
        edge.to !== system.id &&
        !edge.declared &&
        edge.fromKnown &&
        edge.toKnown,
    );
    const undocumented = [...outbound, ...inbound, ...unknown, ...relayed];
    const evidence = [edgesTable(mine, `Flows of ${system.id} over ${windowText(flows)}`)];
    if (mine.length === 0) {
      return {
        status: 'skip',
        summary: `No traffic of ${system.id} seen over ${windowText(flows)}: nothing to compare with the declared flows`,
        evidence,
      };
    }
    const names = (edges: typeof mine) => edges.map((edge) => `${edge.from} → ${edge.to}`).join(', ');
    if (outbound.length > 0) {
      return {
        status: 'fail',
        summary: `Calls not declared in junction.yaml: ${names(outbound)}`,
        evidence,
        remediation:
          'Declare the flow (flows: [{ from, to, protocol }]) with an owner, or stop the call if it should not exist.',
      };
    }
    if (undocumented.length > 0) {
      const unknownPeers = [...new Set(unknown.map((edge) => (edge.fromKnown ? edge.to : edge.from)))];
      return {
        status: 'warn',
        summary: [
          inbound.length > 0 ? `undeclared callers: ${names(inbound)}` : '',
          relayed.length > 0 ? `undeclared flows through ${system.id}: ${names(relayed)}` : '',
          unknownPeers.length > 0 ? `unknown peers (no system of the estate): ${unknownPeers.join(', ')}` : '',
        ]
          .filter(Boolean)
          .join('; '),
        evidence,
        remediation: 'Add unknown peers as systems (or as aliases of one), and declare the flows they take part in.',
      };
    }
    return { status: 'pass', summary: `All ${mine.length} observed flows are declared`, evidence };
  },
});
