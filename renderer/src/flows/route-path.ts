type Point = { x: number; y: number };

/**
 * The SVG path of an edge along the route the layout gave it, from the source's boundary to the target's, bends
 * smoothed with quadratic curves; and its middle, where a label goes when the layout placed none. The route's own
 * ends are used rather than fixed handles: an edge the layout turned round (a cycle) then leaves its source on the
 * side facing its target instead of looping round it. Without a route it goes straight from `source` to `target`.
 * The page's edges and the SVG export draw the same path.
 */
export function routedPath(route: readonly Point[], source: Point, target: Point): { d: string; middle: Point } {
  const points = route.length >= 2 ? route : [source, target];
  let d = `M ${points[0].x} ${points[0].y}`;
  for (let index = 1; index < points.length - 1; index++) {
    const bend = points[index];
    const next = points[index + 1];
    const end = index === points.length - 2 ? next : { x: (bend.x + next.x) / 2, y: (bend.y + next.y) / 2 };
    d += ` Q ${bend.x} ${bend.y} ${end.x} ${end.y}`;
  }
  if (points.length === 2) d += ` L ${points[1].x} ${points[1].y}`;
  const centre = points[Math.floor(points.length / 2)];
  const before = points[Math.floor(points.length / 2) - 1] ?? centre;
  const middle =
    points.length % 2 === 0
      ? { x: (centre.x + before.x) / 2, y: (centre.y + before.y) / 2 }
      : { x: centre.x, y: centre.y };
  return { d, middle };
}
