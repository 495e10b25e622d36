import { directPeers } from '../src/model/artifacts/flows.js';
import { isHub } from '../src/model/estate.js';
import { defineCheck } from './contract.js';
import { edgesOf, edgesTable, windowText } from './lib/flows.js';

/** Direct integrations a system may have before it is a knot of point-to-point coupling. */
const WARN_PEERS = 2;
const FAIL_PEERS = 3;

/**
 * Judged per system, with the estate-wide picture (the artifact's one topology text, as `flows show` and the Flows
 * page say it) in the evidence: a check's verdict belongs to one system, and the fix (put an integration layer
 * between this system and its peers) is made per system too. Only systems count as integrations; unknown callers
 * are listed apart, and Junction's own probes never reach the flows.
 */
export const architectureTopology = defineCheck({
  id: 'architecture.topology',
  category: 'Architecture',
  basis: 'observed',
  title: 'The system integrates through a hub, not point-to-point',
  failureTitle: 'The system is wired point-to-point to many peers',
  description:
    'From the flows seen in access logs and traces: how many systems this one talks to directly. Every direct ' +
    'integration is a contract to keep in step; past a few, changes ripple and failures cascade. Hubs (brokers, ' +
    'gateways, integration platforms: kind broker or tag hub/gateway) are expected to have many. Callers that are ' +
    'no system of the estate are counted apart. The spaghetti score is direct pairs per system beyond a ' +
    'hub-and-spoke tree (1.0 = a tree). ' +
    'Learn more: https://www.enterpriseintegrationpatterns.com/patterns/messaging/MessageBroker.html',
  requires: ['flows'],
  appliesTo: () => true,
  judge({ flows }, system) {
    const topology = flows.topology;
    const mine = edgesOf(flows, system.id);
    // through a broker, publisher and consumer each have the broker as their peer, not each other; a link to a
    // broker is the integration layer this check asks for, not point-to-point coupling
    const linked = [...(directPeers(flows.edges).get(system.id) ?? [])].sort();
    const brokers = new Set(flows.edges.flatMap((edge) => (edge.via ? [edge.via] : [])));
    const peers = linked.filter((peer) => !brokers.has(peer));
    const through = linked.filter((peer) => brokers.has(peer));
    const throughNote = through.length > 0 ? `; also through ${through.join(', ')}` : '';
    const unknownCallers = [...new Set(mine.filter((edge) => !edge.fromKnown).map((edge) => edge.from))].sort();
    const evidence = [
      {
        kind: 'list' as const,
        title: `The estate over ${windowText(flows)}`,
        items: [
          { label: 'Topology', value: topology.text },
          { label: 'Systems in traffic', value: topology.systems },
          { label: 'Direct pairs', value: topology.pairs },
          { label: 'Spaghetti score (pairs per spoke)', value: topology.spaghetti },
          {
            label: 'Hubs (declared, or ≥3 direct peers or half the estate)',
            value: topology.hubs.join(', ') || 'none',
          },
          { label: `Direct system peers of ${system.id}`, value: peers.join(', ') || 'none' },
          { label: `Brokers ${system.id} integrates through`, value: through.join(', ') || 'none' },
          { label: `Unknown callers of ${system.id} (not counted)`, value: unknownCallers.join(', ') || 'none' },
        ],
      },
      edgesTable(mine, `Flows of ${system.id}`),
    ];
    if (flows.edges.length === 0) {
      return {
        status: 'skip',
        summary: `No flows observed (${windowText(flows)}): add a log source and run "junction flows import"`,
        evidence: [],
      };
    }
    const unknownNote =
      unknownCallers.length > 0
        ? `; ${unknownCallers.length} unknown caller${unknownCallers.length === 1 ? '' : 's'} not counted`
        : '';
    if (isHub(system)) return { status: 'pass', summary: `Integration hub with ${linked.length} spokes`, evidence };
    if (peers.length >= FAIL_PEERS) {
      return {
        status: 'fail',
        summary:
          `${peers.length} direct point-to-point integrations (${peers.join(', ')}): a de-facto hub with no ` +
          `integration layer${unknownNote}; estate: ${topology.text}`,
        evidence,
        remediation: 'Route these integrations through a gateway or broker, or tag the system as a hub if it is one.',
      };
    }
    if (peers.length >= WARN_PEERS) {
      return {
        status: 'warn',
        summary: `${peers.length} direct integrations (${peers.join(', ')})${throughNote}${unknownNote}`,
        evidence,
        remediation: 'Watch the coupling: a gateway or broker keeps each integration one contract.',
      };
    }
    return {
      status: 'pass',
      summary:
        (peers.length > 0
          ? `One direct integration (${peers[0]})${throughNote}`
          : through.length > 0
            ? `Integrates only through ${through.join(', ')}: no point-to-point integration`
            : 'No direct integration with another system seen') + unknownNote,
      evidence,
    };
  },
});
