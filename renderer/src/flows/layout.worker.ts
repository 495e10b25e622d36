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
import { LAYERED_MAX_EDGES, type LayoutDirection, type LayoutRequest, type LayoutResponse } from './layout.js';

type Layout = Pick<LayoutResponse, 'positions' | 'routes' | 'labels' | 'direction'>;

function layered(
  { nodes, edges }: LayoutRequest,
  direction: LayoutDirection,
): Layout & { width: number; height: number } {
  const graph = new dagre.graphlib.Graph({ multigraph: true });
  // with labels dagre halves ranksep and puts each label in a rank of its own between the systems' ranks
  graph.setGraph({ rankdir: direction, nodesep: 36, ranksep: 100, edgesep: 16, marginx: 20, marginy: 20 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) graph.setNode(node.id, { width: node.width, height: node.height });
  // a sized label becomes a box of its own in dagre's ranks: no node or other label is placed over it
  for (const edge of edges)
    if (edge.from !== edge.to)
      graph.setEdge(edge.from, edge.to, edge.label ? { ...edge.label, labelpos: 'c' } : {}, edge.id);
  dagre.layout(graph);
  const positions: LayoutResponse['positions'] = {};
  for (const node of nodes) {
    const placed = graph.node(node.id);
    positions[node.id] = { x: placed.x - node.width / 2, y: placed.y - node.height / 2 };
  }
  const routes: LayoutResponse['routes'] = {};
  const labels: LayoutResponse['labels'] = {};
  for (const edge of edges) {
    if (edge.from === edge.to) continue;
    const placed = graph.edge({ v: edge.from, w: edge.to, name: edge.id });
    routes[edge.id] = placed?.points ?? [];
    if (edge.label && placed?.x !== undefined) labels[edge.id] = { x: placed.x, y: placed.y };
  }
  const size = graph.graph() as { width: number; height: number };
  return { positions, routes, labels, direction, width: size.width, height: size.height };
}

/**
 * Left to right reads best for flows, but a long chain of labelled hops laid out so in a narrow canvas is shrunk
 * until its labels cannot be read: then top to bottom is laid out too, and the one drawn larger in the canvas wins.
 */
function bestLayered(request: LayoutRequest): Layout {
  const scale = (layout: { width: number; height: number }) =>
    request.viewport
      ? Math.min(request.viewport.width / layout.width, request.viewport.height / layout.height)
      : Number.POSITIVE_INFINITY;
  const across = layered(request, 'LR');
  if (scale(across) >= 1) return across;
  const down = layered(request, 'TB');
  return scale(down) > scale(across) ? down : across;
}

function forceDirected({ nodes, edges }: LayoutRequest): Layout {
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
  return { positions, routes: {}, labels: {}, direction: 'LR' };
}

// Layout takes from tens of milliseconds to seconds: it runs here, never on the UI thread.
self.onmessage = (message: MessageEvent<LayoutRequest>) => {
  const began = performance.now();
  const request = message.data;
  const layout = request.edges.length <= LAYERED_MAX_EDGES ? bestLayered(request) : forceDirected(request);
  const response: LayoutResponse = {
    id: request.id,
    positions: layout.positions,
    routes: layout.routes,
    labels: layout.labels,
    direction: layout.direction,
    ms: performance.now() - began,
  };
  self.postMessage(response);
};
