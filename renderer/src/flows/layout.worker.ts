import dagre from '@dagrejs/dagre';
import type { LayoutRequest, LayoutResponse } from './layout.js';

// dagre's layered layout takes a second or more at 300 systems and 1,000 edges: it runs here, never on the UI thread.
self.onmessage = (message: MessageEvent<LayoutRequest>) => {
  const began = performance.now();
  const { id, nodes, edges } = message.data;
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
    if (edge.from === edge.to) continue;
    routes[edge.id] = graph.edge({ v: edge.from, w: edge.to, name: edge.id })?.points ?? [];
  }
  const response: LayoutResponse = { id, positions, routes, ms: performance.now() - began };
  self.postMessage(response);
};
