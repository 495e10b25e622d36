import {
  RATE_UNIT_WORDS,
  rateUnitOf,
  segmentLabel,
  segmentLook,
  segmentsOf,
  type FlowGraph,
  type SegmentLook,
} from './flow-graph.js';

/** The files the Flows graph can be saved as from the core (SVG and PNG are drawn by the page from its layout). */
export const FLOW_GRAPH_FORMATS = ['json', 'dot'] as const;
export type FlowGraphFormat = (typeof FLOW_GRAPH_FORMATS)[number];

/** The colours of a segment's look in exported graphs (Graphviz, SVG, PNG): the page's light theme, for documents. */
export const LOOK_COLORS: Record<SegmentLook, string> = {
  observed: '#2b55c6',
  undocumented: '#b91c28',
  quiet: '#9aa3ad',
};

/** What the rates of a graph mean, said once for the whole graph: one window, one unit. */
export const rateCaption = (graph: Pick<FlowGraph, 'window' | 'edges'>): string =>
  `rates are calls ${RATE_UNIT_WORDS[rateUnitOf(graph.edges)]}, averaged over ${graph.window.text}`;

/**
 * The flow graph as a file: JSON (every node and flow with its measures, the window as ISO times) or Graphviz DOT
 * (the segments the page draws, labelled as it labels them). One function, so both say the same.
 */
export function exportFlowGraph(graph: FlowGraph, format: FlowGraphFormat): string {
  return format === 'json' ? toJson(graph) : toDot(graph);
}

function toJson(graph: FlowGraph): string {
  const iso = (ms: number) => new Date(ms).toISOString();
  const document = {
    format: 'junction-flow-graph',
    version: 1,
    window: { ...graph.window, from: iso(graph.window.from), until: iso(graph.window.until) },
    rateUnit: rateUnitOf(graph.edges),
    topology: graph.topology.text,
    nodes: graph.nodes,
    edges: graph.edges,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** A DOT quoted string: backslashes and quotes escaped, line breaks as Graphviz's centred `\n`. */
const quoted = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;

const attributes = (entries: Record<string, string>) =>
  `[${Object.entries(entries)
    .map(([key, value]) => `${key}=${quoted(value)}`)
    .join(', ')}]`;

function toDot(graph: FlowGraph): string {
  const unit = rateUnitOf(graph.edges);
  const lines = [
    `// Junction flow graph: ${graph.topology.text}`,
    'digraph flows {',
    `  graph ${attributes({ rankdir: 'LR', labelloc: 't', fontname: 'Helvetica', label: rateCaption(graph) })};`,
    `  node ${attributes({ shape: 'box', style: 'rounded', fontname: 'Helvetica', fontsize: '11' })};`,
    `  edge ${attributes({ fontname: 'Helvetica', fontsize: '9' })};`,
  ];
  for (const node of graph.nodes) {
    const kind = !node.known ? 'unknown peer' : node.kind === 'broker' ? `${node.id} · broker` : node.id;
    const look: Record<string, string> = node.known ? {} : { style: 'rounded,dashed', color: LOOK_COLORS.undocumented };
    lines.push(`  ${quoted(node.id)} ${attributes({ label: `${node.name}\n${kind}`, ...look })};`);
  }
  for (const segment of segmentsOf(graph.edges)) {
    const look = segmentLook(segment);
    lines.push(
      `  ${quoted(segment.from)} -> ${quoted(segment.to)} ${attributes({
        label: segmentLabel(segment, unit).join('\n'),
        color: LOOK_COLORS[look],
        fontcolor: look === 'quiet' ? LOOK_COLORS.quiet : '#1b1f24',
        ...(look === 'undocumented' ? { style: 'dashed' } : {}),
      })};`,
    );
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
