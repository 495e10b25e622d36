/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access --
   @dagrejs/graphlib 4.0.6 ships declarations that export a missing ./lib/version.js, so its Graph type resolves to
   an error type for TypeScript; the layout calls are checked by the report and UI tests instead. */
import dagre from '@dagrejs/dagre';
import {
  forceCollide,
  forceLink,
  forceManyBody,
  forceSimulation,
  forceX,
  forceY,
  type SimulationNodeDatum,
} from 'd3-force';
import type { LayoutRequest, LayoutResponse } from './layout.js';

/**
 * dagre's layered layout reads best (flows left to right, edges routed around systems) but was measured at 3.5 s for
 * 80 systems / 150 flows and 74 s for 300 / 1,000: above this size a force-directed layout (d3-force) is used instead.
 */
export const LAYERED_MAX_EDGES = 150;

function layered({ nodes, edges }: LayoutRequest): Pick<LayoutResponse, 'positions' | 'routes'> {
  const graph = new dagre.graphlib.Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'LR', nodesep: 36, ranksep: 140, edgesep: 16, marginx: 20, marginy: 20 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) graph.setNode(node.id, { width: node.width, height: node.height });
  for (const edge of edges) if (edge.from !== edge.to) graph.setEdge(edge.from, edge.to, {}, edge.id);
  dagre.layout(graph);
  const positions: LayoutResponse['positions'] = {};
  for (const node of nodes) {
    const placed = graph.node(node.id);
    positions[node.id] = { x: placed.x - node.width / 2, y: placed.y - node.height / 2 };
  }
  const routes: LayoutResponse['routes'] = {};
  for (const edge of edges) {
    if (edge.from !== edge.to) routes[edge.id] = graph.edge({ v: edge.from, w: edge.to, name: edge.id })?.points ?? [];
  }
  return { positions, routes };
}

function forceDirected({ nodes, edges }: LayoutRequest): Pick<LayoutResponse, 'positions' | 'routes'> {
  const points: (SimulationNodeDatum & { id: string; width: number; height: number })[] = nodes.map((node) => ({
    ...node,
  }));
  const links = edges.filter((edge) => edge.from !== edge.to).map((edge) => ({ source: edge.from, target: edge.to }));
  const simulation = forceSimulation(points)
    .force(
      'link',
      forceLink<(typeof points)[number], { source: string; target: string }>(links)
        .id((node) => node.id)
        .distance(180)
        .strength(0.15),
    )
    .force('charge', forceManyBody().strength(-500).theta(0.9))
    .force('collide', forceCollide(95))
    .force('x', forceX().strength(0.05))
    .force('y', forceY().strength(0.08))
    .stop();
  for (let tick = 0; tick < 200; tick++) simulation.tick();
  const positions: LayoutResponse['positions'] = {};
  for (const point of points)
    positions[point.id] = { x: (point.x ?? 0) - point.width / 2, y: (point.y ?? 0) - point.height / 2 };
  return { positions, routes: {} };
}

// Layout takes from tens of milliseconds to seconds: it runs here, never on the UI thread.
self.onmessage = (message: MessageEvent<LayoutRequest>) => {
  const began = performance.now();
  const request = message.data;
  const layout = request.edges.length <= LAYERED_MAX_EDGES ? layered(request) : forceDirected(request);
  const response: LayoutResponse = { id: request.id, ...layout, ms: performance.now() - began };
  self.postMessage(response);
};
