import type { FlowsArtifact } from '../src/model/artifacts/flows.js';
import { defineCheck } from './contract.js';
import { kindOf } from '../src/model/estate.js';
import { edgesOf, edgesTable, windowText } from './lib/flows.js';

/** Direct integrations a system may have before it is a knot of point-to-point coupling. */
const WARN_PEERS = 2;
const FAIL_PEERS = 3;

/** Undirected system-to-system pairs seen in traffic, their nodes and each node's peers. */
export function topologyOf(flows: FlowsArtifact): { pairs: number; nodes: number; peers: Map<string, Set<string>> } {
  const peers = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    if (!peers.has(a)) peers.set(a, new Set());
    peers.get(a)!.add(b);
  };
  const pairs = new Set<string>();
  for (const edge of flows.edges) {
    if (edge.from === edge.to) continue;
    link(edge.from, edge.to);
    link(edge.to, edge.from);
    pairs.add([edge.from, edge.to].sort().join('\u0000'));
  }
  return { pairs: pairs.size, nodes: peers.size, peers };
}

/**
 * Judged per system, with the estate-wide picture in the evidence: a check's verdict belongs to one system, and the
 * fix (put an integration layer between this system and its peers) is made per system too.
 */
export const architectureTopology = defineCheck({
  id: 'architecture.topology',
  category: 'Architecture',
  title: 'The system integrates through a hub, not point-to-point',
  failureTitle: 'The system is wired point-to-point to many peers',
  description:
    'From the flows seen in access logs and traces: how many systems this one talks to directly. Every direct ' +
    'integration is a contract to keep in step; past a few, changes ripple and failures cascade. Hubs (brokers, ' +
    'gateways, integration platforms: kind broker or tag hub/gateway) are expected to have many. The spaghetti score ' +
    'is direct pairs per system beyond a hub-and-spoke tree (1.0 = a tree). ' +
    'Learn more: https://www.enterpriseintegrationpatterns.com/patterns/messaging/MessageBroker.html',
  requires: ['flows'],
  appliesTo: () => true,
  judge({ flows }, system) {
    const topology = topologyOf(flows);
    const mine = [...(topology.peers.get(system.id) ?? [])].sort();
    const hubs = [...topology.peers.entries()]
      .filter(([, set]) => set.size >= Math.max(3, (topology.nodes - 1) / 2))
      .map(([id]) => id);
    const score = topology.nodes <= 1 ? 0 : Math.round((topology.pairs / (topology.nodes - 1)) * 100) / 100;
    const evidence = [
      {
        kind: 'list' as const,
        title: `The estate over ${windowText(flows)}`,
        items: [
          { label: 'Peers in traffic', value: topology.nodes },
          { label: 'Direct pairs', value: topology.pairs },
          { label: 'Spaghetti score (pairs per spoke)', value: score },
          { label: 'De-facto hubs (≥3 direct peers, or half the estate)', value: hubs.join(', ') || 'none' },
          { label: `Direct peers of ${system.id}`, value: mine.join(', ') || 'none' },
        ],
      },
      edgesTable(edgesOf(flows, system.id), `Flows of ${system.id}`),
    ];
    if (flows.edges.length === 0) {
      return {
        status: 'skip',
        summary: 'No flows observed yet: add a log source and run "junction flows import"',
        evidence: [],
      };
    }
    const declaredHub = kindOf(system) === 'broker' || system.tags.includes('hub') || system.tags.includes('gateway');
    if (declaredHub) return { status: 'pass', summary: `Integration hub with ${mine.length} spokes`, evidence };
    if (mine.length >= FAIL_PEERS) {
      return {
        status: 'fail',
        summary:
          `${mine.length} direct point-to-point integrations (${mine.join(', ')}): a de-facto ` +
          `hub with no integration layer; estate spaghetti score ${score}`,
        evidence,
        remediation: 'Route these integrations through a gateway or broker, or tag the system as a hub if it is one.',
      };
    }
    if (mine.length >= WARN_PEERS) {
      return {
        status: 'warn',
        summary: `${mine.length} direct integrations (${mine.join(', ')})`,
        evidence,
        remediation: 'Watch the coupling: a gateway or broker keeps each integration one contract.',
      };
    }
    return {
      status: 'pass',
      summary: mine.length === 0 ? 'No direct integrations seen' : `One direct integration (${mine[0]})`,
      evidence,
    };
  },
});
