/** The messages between the Flows page and its layout worker. */
export interface LayoutRequest {
  id: number;
  nodes: { id: string; width: number; height: number }[];
  /** `label`: the size of the edge's label, which the layered layout keeps clear of every node and other label */
  edges: { id: string; from: string; to: string; label?: { width: number; height: number } }[];
  /** the canvas the graph is fitted into: the layered layout picks the direction drawn larger in it */
  viewport?: { width: number; height: number };
}

/** LR: flows left to right, edges leave a system on its right; TB: top to bottom, edges leave at its bottom. */
export type LayoutDirection = 'LR' | 'TB';

export interface LayoutResponse {
  id: number;
  positions: Record<string, { x: number; y: number }>;
  /** the bends dagre routed each edge through, around the nodes in between */
  routes: Record<string, { x: number; y: number }[]>;
  /** the centre of each sized label, where the layout made room for it */
  labels: Record<string, { x: number; y: number }>;
  direction: LayoutDirection;
  ms: number;
}

/**
 * dagre's layered layout reads best (flows left to right, edges routed around systems, room made for labels) but was
 * measured at 3.5 s for 80 systems / 150 flows and 74 s for 300 / 1,000: above this size a force-directed layout
 * (d3-force) is used instead, and edges go unlabelled.
 */
export const LAYERED_MAX_EDGES = 150;

export const NODE_WIDTH = 168;
export const NODE_HEIGHT = 44;

/** Edge labels: 10 px text, 13 px lines, padded; the page, the layout and the SVG export use the same box. */
export const LABEL_FONT_PX = 10;
export const LABEL_LINE_PX = 13;
export const LABEL_PAD_X = 5;
export const LABEL_PAD_Y = 3;
