import { BaseEdge, EdgeLabelRenderer, type Edge, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { routedPath } from './route-path.js';

export type RoutedEdgeData = {
  route: { x: number; y: number }[];
  /** the label's lines, and its centre where the layout made room for it (else the middle of the path) */
  label?: { lines: string[]; at?: { x: number; y: number } };
  onSelect: () => void;
};

/**
 * An edge drawn along the route the layout gave it (React Flow's own edges go straight from handle to handle,
 * across the systems in between). Its label is drawn in the label layer above the systems, never under one.
 */
export const RoutedEdge = memo(function RoutedEdge(props: EdgeProps<Edge<RoutedEdgeData>>) {
  const { d, middle } = routedPath(
    props.data?.route ?? [],
    { x: props.sourceX, y: props.sourceY },
    { x: props.targetX, y: props.targetY },
  );
  const label = props.data?.label;
  const at = label?.at ?? middle;
  return (
    <>
      <BaseEdge id={props.id} path={d} style={props.style} markerEnd={props.markerEnd} interactionWidth={14} />
      {label && (
        <EdgeLabelRenderer>
          <div
            className={`flow-edge-label nodrag nopan${props.selected ? ' selected' : ''}`}
            data-edge={props.id}
            style={{ transform: `translate(-50%, -50%) translate(${at.x}px, ${at.y}px)` }}
            onClick={props.data?.onSelect}
          >
            {label.lines.join('\n')}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});
