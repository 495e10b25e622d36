import { useEffect, useRef, useState } from 'react';
import { NODE_HEIGHT, NODE_WIDTH, type LayoutRequest, type LayoutResponse } from './layout.js';

/** Positions for a graph, computed by the layout worker; stale answers (for an older graph) are dropped. */
export function useLayout(
  nodes: readonly { id: string }[],
  edges: LayoutRequest['edges'],
  key: string,
  viewport: () => LayoutRequest['viewport'],
) {
  const worker = useRef<Worker | undefined>(undefined);
  const counter = useRef(0);
  const [layout, setLayout] = useState<{
    key: string;
    positions: LayoutResponse['positions'];
    routes: LayoutResponse['routes'];
    labels: LayoutResponse['labels'];
    direction: LayoutResponse['direction'];
    ms: number;
  }>();

  useEffect(() => {
    const created = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
    worker.current = created;
    return () => created.terminate();
  }, []);

  useEffect(() => {
    const target = worker.current;
    if (!target) return;
    const id = ++counter.current;
    const onMessage = (message: MessageEvent<LayoutResponse>) => {
      if (message.data.id === id) setLayout({ key, ...message.data });
    };
    target.addEventListener('message', onMessage);
    const request: LayoutRequest = {
      id,
      nodes: nodes.map((node) => ({ id: node.id, width: NODE_WIDTH, height: NODE_HEIGHT })),
      edges: edges.map(({ id: edgeId, from, to, label }) => ({ id: edgeId, from, to, ...(label ? { label } : {}) })),
      viewport: viewport(),
    };
    target.postMessage(request);
    return () => target.removeEventListener('message', onMessage);
    // The key names the graph: recomputing on every render would redo a second of layout work.
  }, [key]);

  return layout?.key === key ? layout : undefined;
}
