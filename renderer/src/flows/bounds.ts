import { NODE_HEIGHT, NODE_WIDTH, type LayoutDirection, type LayoutResponse } from './layout.js';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

type Placed = Pick<LayoutResponse, 'positions' | 'labels'>;

/** Each sized label's box, centred where the layout made room for it (a label the layout did not place has none). */
export function labelBoxes(layout: Placed, sizes: ReadonlyMap<string, { width: number; height: number }>) {
  const boxes = new Map<string, Box>();
  for (const [id, size] of sizes) {
    const centre = layout.labels[id];
    if (centre) boxes.set(id, { x: centre.x - size.width / 2, y: centre.y - size.height / 2, ...size });
  }
  return boxes;
}

/** The smallest box around the systems and the labels: what the canvas fits, and the size of an exported image. */
export function boundsOf(layout: Placed, nodeIds: readonly string[], labels: Iterable<Box>): Box {
  const boxes = [
    ...nodeIds.map((id) => ({ ...(layout.positions[id] ?? { x: 0, y: 0 }), width: NODE_WIDTH, height: NODE_HEIGHT })),
    ...labels,
  ];
  if (boxes.length === 0) return { x: 0, y: 0, width: 0, height: 0 };
  const left = Math.min(...boxes.map((box) => box.x));
  const top = Math.min(...boxes.map((box) => box.y));
  const right = Math.max(...boxes.map((box) => box.x + box.width));
  const bottom = Math.max(...boxes.map((box) => box.y + box.height));
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/** Where an edge leaves its source and enters its target: the handles the page draws for the layout's direction. */
export function handlesOf(from: { x: number; y: number }, to: { x: number; y: number }, direction: LayoutDirection) {
  return direction === 'LR'
    ? {
        source: { x: from.x + NODE_WIDTH, y: from.y + NODE_HEIGHT / 2 },
        target: { x: to.x, y: to.y + NODE_HEIGHT / 2 },
      }
    : {
        source: { x: from.x + NODE_WIDTH / 2, y: from.y + NODE_HEIGHT },
        target: { x: to.x + NODE_WIDTH / 2, y: to.y },
      };
}
