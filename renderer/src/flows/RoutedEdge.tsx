import { BaseEdge, type Edge, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';

export type RoutedEdgeData = { route: { x: number; y: number }[] };

/**
 * An edge drawn through the bends the layout routed it along (React Flow's own edges go straight from handle to
 * handle, across the systems in between). Ends snap to the handles; bends are smoothed with quadratic curves.
 */
export const RoutedEdge = memo(function RoutedEdge(props: EdgeProps<Edge<RoutedEdgeData>>) {
  const inner = props.data?.route.slice(1, -1) ?? [];
  const points = [{ x: props.sourceX, y: props.sourceY }, ...inner, { x: props.targetX, y: props.targetY }];
  let path = `M ${points[0].x} ${points[0].y}`;
  for (let index = 1; index < points.length - 1; index++) {
    const bend = points[index];
    const next = points[index + 1];
    const end = index === points.length - 2 ? next : { x: (bend.x + next.x) / 2, y: (bend.y + next.y) / 2 };
    path += ` Q ${bend.x} ${bend.y} ${end.x} ${end.y}`;
  }
  if (points.length === 2) path += ` L ${points[1].x} ${points[1].y}`;
  const middle = points[Math.floor(points.length / 2)];
  const before = points[Math.floor(points.length / 2) - 1] ?? middle;
  const labelX = points.length % 2 === 0 ? (middle.x + before.x) / 2 : middle.x;
  const labelY = points.length % 2 === 0 ? (middle.y + before.y) / 2 : middle.y;
  return (
    <BaseEdge
      id={props.id}
      path={path}
      style={props.style}
      markerEnd={props.markerEnd}
      label={props.label}
      labelX={labelX}
      labelY={labelY}
      labelBgPadding={[4, 2]}
      labelBgBorderRadius={3}
      labelStyle={{ fontSize: 10 }}
      interactionWidth={14}
    />
  );
});
