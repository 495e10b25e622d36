import { isHub, type System } from '../model/estate.js';
import { directPeers, type FlowEdgeSummary, type TopologySummary } from '../model/artifacts/flows.js';

/**
 * The estate's shape from its observed flows. Only systems count: a caller that is no system (curl, an address) is
 * listed apart, as is what Junction itself sent (left out at import). A hub is declared (kind broker, tag
 * hub/gateway) or de facto (≥3 direct peers, or half the estate); the estate is hub-and-spoke when most links touch a
 * hub, point-to-point otherwise; the spaghetti score is links per spoke (1.0 = a tree).
 */
export function summarizeTopology(edges: readonly FlowEdgeSummary[], systems: readonly System[]): TopologySummary {
  const peers = directPeers(edges);
  const pairs = new Set<string>();
  for (const [a, set] of peers) for (const b of set) if (a < b) pairs.add(`${a}\u0000${b}`);
  const nodes = peers.size;
  const declared = new Set(systems.filter(isHub).map((system) => system.id));
  const hubs = [...peers.entries()]
    .filter(([id, set]) => declared.has(id) || set.size >= Math.max(3, (nodes - 1) / 2))
    .map(([id]) => id)
    .sort();
  const direct = [...pairs].filter((pair) => !pair.split('\u0000').some((end) => hubs.includes(end))).length;
  const spaghetti = nodes <= 1 ? 0 : Math.round((pairs.size / (nodes - 1)) * 100) / 100;
  const unknownCallers = [...new Set(edges.filter((edge) => !edge.fromKnown).map((edge) => edge.from))].sort();
  const shape =
    pairs.size === 0 ? 'empty' : hubs.length > 0 && direct < pairs.size / 2 ? 'hub-and-spoke' : 'point-to-point';
  const shapeText =
    shape === 'empty'
      ? 'no flow between two systems of the estate observed'
      : shape === 'hub-and-spoke'
        ? `hub-and-spoke around ${hubs.join(', ')}: ${pairs.size - direct} of ${pairs.size} links through a hub`
        : `point-to-point: ${direct} direct link${direct === 1 ? '' : 's'} between ${nodes} systems (spaghetti score ${spaghetti})`;
  const unknownText =
    unknownCallers.length === 0
      ? ''
      : `; ${unknownCallers.length} unknown caller${unknownCallers.length === 1 ? '' : 's'} not counted (${unknownCallers
          .slice(0, 5)
          .join(', ')}${unknownCallers.length > 5 ? ', …' : ''})`;
  return {
    shape,
    hubs,
    systems: nodes,
    pairs: pairs.size,
    direct,
    spaghetti,
    unknownCallers,
    text: shapeText + unknownText,
  };
}
