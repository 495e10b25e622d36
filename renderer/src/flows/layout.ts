/** The messages between the Flows page and its layout worker. */
export interface LayoutRequest {
  id: number;
  nodes: { id: string; width: number; height: number }[];
  edges: { id: string; from: string; to: string }[];
}

export interface LayoutResponse {
  id: number;
  positions: Record<string, { x: number; y: number }>;
  /** the bends dagre routed each edge through, around the nodes in between */
  routes: Record<string, { x: number; y: number }[]>;
  ms: number;
}

export const NODE_WIDTH = 168;
export const NODE_HEIGHT = 44;
