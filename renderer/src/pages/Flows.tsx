import {
  Background,
  Controls,
  Handle,
  MarkerType,
  MiniMap,
  Position,
  ReactFlow,
  type Edge,
  type Node,
  type NodeProps,
  useReactFlow,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { keepPreviousData } from '@tanstack/react-query';
import { memo, useDeferredValue, useMemo, useRef, useState } from 'react';
import { Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { DEFAULT_FLOW_WINDOW_MS } from '../../../src/model/artifacts/flows.js';
import { exportFlowGraph, rateCaption, type FlowGraphFormat } from '../../../src/model/flow-graph-export.js';
import {
  RATE_UNIT_WORDS,
  rateText,
  rateUnitOf,
  segmentLabel,
  segmentLook,
  segmentsOf,
  type FlowEdge,
  type FlowGraph,
  type FlowNode,
  type FlowSegment,
  type RateUnit,
} from '../../../src/model/flow-graph.js';
import { Empty, ErrorState, Loading } from '../components/States.js';
import { download } from '../download.js';
import { flowGraphSvg, labelSize, svgToPng, type GraphPicture } from '../flows/export-image.js';
import { boundsOf, labelBoxes, type Box } from '../flows/bounds.js';
import { EdgeOperations } from '../flows/EdgeOperations.js';
import { LAYERED_MAX_EDGES, type LayoutDirection } from '../flows/layout.js';
import { RoutedEdge, type RoutedEdgeData } from '../flows/RoutedEdge.js';
import { SystemPanel } from '../flows/SystemPanel.js';
import { useLayout } from '../flows/useLayout.js';
import { formatMs, formatPercent, useApi } from '../hooks.js';

/** Labels need the layered layout's room for them: above this many edges the force layout draws none. */
const LABEL_LIMIT = LAYERED_MAX_EDGES;

/** The traffic windows the page offers, each ending at the latest imported call. */
const WINDOWS = [
  { ms: 3_600_000, text: 'Last hour of traffic' },
  { ms: 86_400_000, text: 'Last 24 hours of traffic' },
  { ms: DEFAULT_FLOW_WINDOW_MS, text: 'Last 7 days of traffic' },
  { ms: 30 * 86_400_000, text: 'Last 30 days of traffic' },
];

type SystemNodeData = {
  label: string;
  id: string;
  known: boolean;
  focused: boolean;
  /** its panel is open */
  selected: boolean;
  degree: number;
  broker: boolean;
  direction: LayoutDirection;
};

const SystemNode = memo(function SystemNode({ data }: NodeProps<Node<SystemNodeData>>) {
  return (
    <div
      className={`flow-node${data.known ? '' : ' unknown'}${data.focused ? ' focused' : ''}${data.selected ? ' selected' : ''}`}
    >
      <Handle type="target" position={data.direction === 'LR' ? Position.Left : Position.Top} isConnectable={false} />
      <Handle
        type="source"
        position={data.direction === 'LR' ? Position.Right : Position.Bottom}
        isConnectable={false}
      />
      <div style={{ fontWeight: 600, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
        {data.label}
      </div>
      <div className="kind">
        {data.known ? data.id : 'unknown peer'}
        {data.broker ? ' · broker' : ''} · {data.degree} flows
      </div>
    </div>
  );
});
const NODE_TYPES = { system: SystemNode };
const FIT = { padding: 0.08, maxZoom: 1.4 } as const;

/** Zoom buttons, and a fit button that fits the labels too. */
function FitControls({ bounds }: { bounds?: Box }) {
  const flow = useReactFlow();
  return (
    <Controls
      showInteractive={false}
      fitViewOptions={FIT}
      onFitView={() => bounds && void flow.fitBounds(bounds, FIT)}
    />
  );
}
const EDGE_TYPES = { routed: RoutedEdge };

const LOOK_STYLES: Record<ReturnType<typeof segmentLook>, React.CSSProperties> = {
  undocumented: { stroke: 'var(--fail)', strokeDasharray: '6 4', strokeWidth: 1.8 },
  quiet: { stroke: '#9aa3ad', strokeOpacity: 0.7, strokeWidth: 1.4 },
  observed: { stroke: 'var(--accent)', strokeWidth: 1.6 },
};

interface Filters {
  focus?: string;
  protocol: string;
  minErrorRate: number;
  undocumentedOnly: boolean;
}

/** The subgraph on screen: one system and its neighbours when focused, then the edge filters. */
function visibleGraph(graph: FlowGraph, filters: Filters) {
  let edges = graph.edges;
  if (filters.focus) edges = edges.filter((edge) => [edge.from, edge.to, edge.via].includes(filters.focus));
  if (filters.protocol !== 'all') edges = edges.filter((edge) => edge.protocol === filters.protocol);
  // the threshold is on server errors (5xx): 4xx and 429 are the callers' and the limits' doing
  if (filters.minErrorRate > 0) edges = edges.filter((edge) => (edge.serverErrorRate ?? 0) >= filters.minErrorRate);
  if (filters.undocumentedOnly) edges = edges.filter((edge) => !edge.documented);
  const filtered = filters.focus || filters.protocol !== 'all' || filters.minErrorRate > 0 || filters.undocumentedOnly;
  const ids = new Set(edges.flatMap((edge) => [edge.from, edge.to, ...(edge.via ? [edge.via] : [])]));
  if (filters.focus) ids.add(filters.focus);
  const nodes = filtered ? graph.nodes.filter((node) => ids.has(node.id)) : graph.nodes;
  return { nodes, edges, segments: segmentsOf(edges) };
}

export function FlowsPage() {
  const [windowMs, setWindowMs] = useState(DEFAULT_FLOW_WINDOW_MS);
  // the graph of the previous window stays on screen while the next one loads
  const graph = useApi('getFlowGraph', { windowMs }, { placeholderData: keepPreviousData });
  if (graph.isPending) return <Loading what="the flow graph" />;
  if (graph.isError) return <ErrorState error={graph.error} retry={() => void graph.refetch()} />;
  return <FlowsView graph={graph.data} windowMs={windowMs} onWindow={setWindowMs} />;
}

const ariaLabelOf = (segment: FlowSegment) => {
  const [first] = segment.flows;
  const undocumented = segment.flows.some((flow) => !flow.documented) ? ', undocumented' : '';
  return first.via
    ? `${segment.from} to ${segment.to}, ${first.protocol} through ${first.via}: ` +
        `${segment.flows.map((flow) => `${flow.from} → ${flow.to}`).join(', ')}${undocumented}`
    : `${segment.from} to ${segment.to}, ${first.protocol}${undocumented}${first.silent ? ', silent' : ''}`;
};

function FlowsView({
  graph,
  windowMs,
  onWindow,
}: {
  graph: FlowGraph;
  windowMs: number;
  onWindow: (windowMs: number) => void;
}) {
  const [filters, setFilters] = useState<Filters>({ protocol: 'all', minErrorRate: 0, undocumentedOnly: false });
  const [search, setSearch] = useState('');
  // one panel at a time: an edge's or a system's
  const [selectedEdge, setSelectedEdge] = useState<FlowEdge>();
  const [selectedSystem, setSelectedSystem] = useState<FlowNode>();
  const selectEdge = (edge: FlowEdge | undefined) => {
    setSelectedEdge(edge);
    setSelectedSystem(undefined);
  };
  const selectSystem = (id: string) => {
    setSelectedSystem(graph.nodes.find((node) => node.id === id));
    setSelectedEdge(undefined);
  };
  const deferred = useDeferredValue(filters);
  const visible = useMemo(() => visibleGraph(graph, deferred), [graph, deferred]);
  // one unit for every rate on the graph, from the whole graph: filtering never changes what a number means
  const unit: RateUnit = useMemo(() => rateUnitOf(graph.edges), [graph]);
  const showLabels = visible.segments.length <= LABEL_LIMIT;
  const labels = useMemo(
    () => new Map(showLabels ? visible.segments.map((segment) => [segment.id, segmentLabel(segment, unit)]) : []),
    [visible.segments, showLabels, unit],
  );
  // the layout makes room for each label: it is laid out again whenever a label's text (so its size) changes
  const sizes = useMemo(() => new Map([...labels].map(([id, lines]) => [id, labelSize(lines)])), [labels]);
  const sized = useMemo(
    () =>
      visible.segments.map(({ id, from, to }) => {
        const size = sizes.get(id);
        return { id, from, to, ...(size ? { label: size } : {}) };
      }),
    [visible.segments, sizes],
  );
  const canvas = useRef<HTMLDivElement>(null);
  const key = [
    visible.nodes.length,
    visible.segments.length,
    deferred.focus ?? '',
    deferred.protocol,
    deferred.minErrorRate,
    deferred.undocumentedOnly,
    [...labels.values()].join('|'),
  ].join(':');
  const layout = useLayout(visible.nodes, sized, key, () => {
    const box = canvas.current?.getBoundingClientRect();
    return box && box.width > 0 ? { width: box.width, height: box.height } : undefined;
  });
  // the canvas fits the systems and the labels (React Flow's fitView sees only the systems, and cut labels off)
  const bounds = useMemo(
    () =>
      layout
        ? boundsOf(
            layout,
            visible.nodes.map((node) => node.id),
            labelBoxes(layout, sizes).values(),
          )
        : undefined,
    [layout, visible.nodes, sizes],
  );
  const protocols = useMemo(() => [...new Set(graph.edges.map((edge) => edge.protocol))].sort(), [graph]);
  const degree = useMemo(() => {
    const counts = new Map<string, number>();
    for (const edge of graph.edges)
      for (const end of [edge.from, edge.to, ...(edge.via ? [edge.via] : [])])
        counts.set(end, (counts.get(end) ?? 0) + 1);
    return counts;
  }, [graph]);

  const flowNodes = useMemo<Node<SystemNodeData>[]>(
    () =>
      layout
        ? visible.nodes.map((node) => ({
            id: node.id,
            type: 'system',
            position: layout.positions[node.id] ?? { x: 0, y: 0 },
            data: {
              label: node.name,
              id: node.id,
              known: node.known,
              focused: node.id === deferred.focus,
              selected: node.id === selectedSystem?.id,
              degree: degree.get(node.id) ?? 0,
              broker: node.kind === 'broker',
              direction: layout.direction,
            },
            ariaLabel: `${node.name}, ${degree.get(node.id) ?? 0} flows`,
          }))
        : [],
    [layout, visible.nodes, deferred.focus, degree, selectedSystem],
  );
  const flowEdges = useMemo<Edge<RoutedEdgeData>[]>(
    () =>
      visible.segments.map((segment) => {
        const style = LOOK_STYLES[segmentLook(segment)];
        const lines = labels.get(segment.id);
        return {
          id: segment.id,
          type: 'routed',
          source: segment.from,
          target: segment.to,
          data: {
            route: layout?.routes[segment.id] ?? [],
            ...(lines ? { label: { lines, at: layout?.labels[segment.id] } } : {}),
            onSelect: () => selectEdge(segment.flows[0]),
          },
          style,
          // Arrowheads cost a marker per edge on every frame: on large graphs direction reads from the layout instead.
          markerEnd: showLabels
            ? { type: MarkerType.ArrowClosed, width: 14, height: 14, color: String(style.stroke) }
            : undefined,
          ariaLabel: ariaLabelOf(segment),
          selected: segment.flows.some((flow) => flow.id === selectedEdge?.id),
        };
      }),
    [visible.segments, labels, showLabels, selectedEdge, layout],
  );

  /** The graph on screen (filters applied) as a file. */
  const exportAs = async (format: FlowGraphFormat | 'svg' | 'png') => {
    const name = `junction-flows-${new Date(graph.window.until).toISOString().slice(0, 10)}.${format}`;
    if (format === 'json' || format === 'dot') {
      const text = exportFlowGraph({ ...graph, nodes: visible.nodes, edges: visible.edges }, format);
      download(name, new Blob([text], { type: format === 'json' ? 'application/json' : 'text/vnd.graphviz' }));
      return;
    }
    if (!layout) return;
    const picture: GraphPicture = {
      nodes: visible.nodes,
      segments: visible.segments,
      labels,
      layout,
      caption: rateCaption(graph),
    };
    const drawn = flowGraphSvg(picture);
    download(name, format === 'svg' ? new Blob([drawn.svg], { type: 'image/svg+xml' }) : await svgToPng(drawn));
  };

  const focusOn = (value: string) => {
    const match = graph.nodes.find((node) => node.id === value || node.name.toLowerCase() === value.toLowerCase());
    setFilters({ ...filters, focus: match?.id });
  };
  const worst = useMemo(
    () =>
      [...visible.edges]
        .filter((edge) => edge.count > 0)
        .sort((a, b) => (b.serverErrorRate ?? 0) - (a.serverErrorRate ?? 0))
        .slice(0, 8),
    [visible.edges],
  );
  const undocumented = graph.edges.filter((edge) => !edge.documented).length;
  const silent = graph.edges.filter((edge) => edge.silent).length;

  return (
    <div className="flows-page">
      <div className="page-head">
        <div>
          <h1>Flows</h1>
          <p className="muted">
            {graph.nodes.length} systems · {graph.edges.length} flows · {undocumented} undocumented · {silent} silent ·{' '}
            {graph.topology.text}
          </p>
          <p className="muted" data-window={graph.window.anchor}>
            {graph.window.text}
            {graph.window.anchor === 'traffic' ? ' (ending at the latest imported call)' : ''}
            {graph.window.outside ? ` · ${graph.window.outside}` : ''}
          </p>
          <p className="muted" data-rate-unit={unit}>
            One window and one unit for every hop: rates are calls {RATE_UNIT_WORDS[unit]}, averaged over this window.
          </p>
        </div>
        <form
          className="toolbar"
          role="search"
          onSubmit={(event) => {
            event.preventDefault();
            focusOn(search);
          }}
        >
          <label htmlFor="flow-window" className="sr-only">
            Traffic window
          </label>
          <select id="flow-window" value={windowMs} onChange={(event) => onWindow(Number(event.target.value))}>
            {WINDOWS.map((choice) => (
              <option key={choice.ms} value={choice.ms}>
                {choice.text}
              </option>
            ))}
          </select>
          <label htmlFor="flow-search" className="sr-only">
            Find a system
          </label>
          <input
            id="flow-search"
            list="flow-systems"
            type="search"
            placeholder="Find a system…"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
          <datalist id="flow-systems">
            {graph.nodes.slice(0, 500).map((node) => (
              <option key={node.id} value={node.id}>
                {node.name}
              </option>
            ))}
          </datalist>
          <button type="submit">Focus</button>
          {filters.focus && (
            <button type="button" onClick={() => setFilters({ ...filters, focus: undefined })}>
              Show all
            </button>
          )}
          <label htmlFor="flow-protocol" className="sr-only">
            Protocol
          </label>
          <select
            id="flow-protocol"
            value={filters.protocol}
            onChange={(event) => setFilters({ ...filters, protocol: event.target.value })}
          >
            <option value="all">All protocols</option>
            {protocols.map((protocol) => (
              <option key={protocol}>{protocol}</option>
            ))}
          </select>
          <label htmlFor="flow-errors" className="sr-only">
            Minimum error rate
          </label>
          <select
            id="flow-errors"
            value={filters.minErrorRate}
            onChange={(event) => setFilters({ ...filters, minErrorRate: Number(event.target.value) })}
          >
            <option value={0}>Any 5xx rate</option>
            <option value={0.01}>≥ 1% 5xx</option>
            <option value={0.05}>≥ 5% 5xx</option>
            <option value={0.2}>≥ 20% 5xx</option>
          </select>
          <label>
            <input
              type="checkbox"
              checked={filters.undocumentedOnly}
              onChange={(event) => setFilters({ ...filters, undocumentedOnly: event.target.checked })}
            />{' '}
            Undocumented only
          </label>
        </form>
      </div>

      {graph.nodes.length === 0 ? (
        <div className="card">
          <Empty title="No systems to draw">
            <p>Add systems and declare flows in junction.yaml, or import logs and traces to discover them.</p>
          </Empty>
        </div>
      ) : (
        <div className="flows-layout">
          <div
            ref={canvas}
            className="flow-canvas"
            data-ready={layout ? 'flows' : undefined}
            data-direction={layout?.direction}
            aria-label="Flow graph"
            role="region"
          >
            {!layout ? (
              <Loading what={`the layout of ${visible.nodes.length} systems`} />
            ) : visible.nodes.length === 0 ? (
              <Empty title="Nothing matches the filters" />
            ) : (
              <ReactFlow
                nodes={flowNodes}
                edges={flowEdges}
                nodeTypes={NODE_TYPES}
                edgeTypes={EDGE_TYPES}
                onInit={(flow) => bounds && void flow.fitBounds(bounds, FIT)}
                minZoom={0.05}
                onlyRenderVisibleElements={visible.nodes.length > 400}
                nodesConnectable={false}
                nodesDraggable={false}
                onEdgeClick={(_, edge) =>
                  selectEdge(visible.segments.find((segment) => segment.id === edge.id)?.flows[0])
                }
                // a click, or Enter on a focused system or edge, selects it: its panel opens (React Flow reports both
                // as a selection change; the graph is controlled, so nothing stays selected on its side)
                onNodesChange={(changes) => {
                  const picked = changes.find((change) => change.type === 'select' && change.selected);
                  if (picked && picked.type === 'select') selectSystem(picked.id);
                }}
                onEdgesChange={(changes) => {
                  const picked = changes.find((change) => change.type === 'select' && change.selected);
                  if (picked && picked.type === 'select')
                    selectEdge(visible.segments.find((segment) => segment.id === picked.id)?.flows[0]);
                }}
                onNodeDoubleClick={(_, node) => setFilters({ ...filters, focus: node.id })}
                proOptions={{ hideAttribution: true }}
              >
                <Background color="var(--border)" gap={24} />
                <FitControls bounds={bounds} />
                {visible.nodes.length > 20 && <MiniMap pannable zoomable ariaLabel="Overview of the graph" />}
              </ReactFlow>
            )}
          </div>
          <aside className="flow-side stack">
            {selectedEdge ? (
              <EdgePanel
                edge={selectedEdge}
                unit={unit}
                graphWindow={graph.window}
                onClose={() => setSelectedEdge(undefined)}
              />
            ) : selectedSystem ? (
              <SystemPanel
                node={selectedSystem}
                graphWindow={graph.window}
                onClose={() => setSelectedSystem(undefined)}
              />
            ) : (
              <section className="card" aria-labelledby="legend-title">
                <h2 id="legend-title">Legend</h2>
                <div className="legend">
                  <span>
                    <span className="line observed" />
                    documented flow with traffic
                  </span>
                  <span>
                    <span className="line undocumented" />
                    undocumented: seen in traffic, not declared
                  </span>
                  <span>
                    <span className="line silent" />
                    silent: declared, no traffic
                  </span>
                </div>
                <p className="muted" style={{ marginBottom: 0 }}>
                  {showLabels
                    ? 'Click an edge or its label for its operations and time series. '
                    : `Edge labels appear below ${LABEL_LIMIT} edges: focus a system or filter. `}
                  Click a system for its documented, shadow and unused operations; double-click it to focus it.
                </p>
                {layout && (
                  <p className="muted" style={{ margin: '6px 0 0', fontSize: 12 }}>
                    Layout: {Math.round(layout.ms)} ms in a worker
                  </p>
                )}
              </section>
            )}
            <section className="card" aria-labelledby="export-title">
              <h2 id="export-title">Export the graph</h2>
              <div className="toolbar">
                {(['svg', 'png', 'json', 'dot'] as const).map((format) => (
                  <button
                    key={format}
                    type="button"
                    disabled={!layout && (format === 'svg' || format === 'png')}
                    aria-label={`Export as ${format === 'dot' ? 'DOT (Graphviz)' : format.toUpperCase()}`}
                    onClick={() => void exportAs(format)}
                  >
                    {format.toUpperCase()}
                  </button>
                ))}
              </div>
              <p className="muted" style={{ margin: '8px 0 0', fontSize: 12 }}>
                The graph on screen, filters applied{showLabels ? '' : ' (images without edge labels)'}.
              </p>
            </section>
            <section className="card" aria-labelledby="worst-title">
              <h2 id="worst-title">Highest server error (5xx) rates</h2>
              {worst.length === 0 ? (
                <p className="muted">No traffic observed in the window.</p>
              ) : (
                <ul className="flow-worst">
                  {worst.map((edge) => (
                    <li key={edge.id} className="history-item">
                      <button type="button" className="link" onClick={() => selectEdge(edge)}>
                        {edge.from} → {edge.to}
                      </button>
                      <span className="muted">
                        5xx {formatPercent(edge.serverErrorRate)} · 4xx {formatPercent(edge.clientErrorRate)} · 429{' '}
                        {formatPercent(edge.rateLimitedRate)}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </aside>
        </div>
      )}
    </div>
  );
}

function EdgePanel({
  edge,
  unit,
  graphWindow,
  onClose,
}: {
  edge: FlowEdge;
  unit: RateUnit;
  graphWindow: FlowGraph['window'];
  onClose: () => void;
}) {
  const series = useApi('getEdgeSeries', {
    from: edge.from,
    to: edge.to,
    protocol: edge.protocol,
    rangeMs: 24 * 3600_000,
  });
  return (
    <section className="card" aria-labelledby="edge-title" data-edge={edge.id}>
      <div className="page-head" style={{ marginBottom: 8 }}>
        <h2 id="edge-title" style={{ margin: 0 }}>
          {edge.from} → {edge.to}
        </h2>
        <button type="button" onClick={onClose} aria-label="Close edge details">
          ✕
        </button>
      </div>
      <dl className="kv">
        <dt>Protocol</dt>
        <dd>{edge.protocol}</dd>
        {edge.via && (
          <>
            <dt>Through</dt>
            <dd>
              {edge.via}:{' '}
              {(edge.routes ?? [])
                .map((route) => `${route.exchange || '(default)'} → ${route.queue} (${route.perSecond}/s)`)
                .join(', ')}
            </dd>
          </>
        )}
        <dt>Declared</dt>
        <dd>
          {edge.documented ? (
            (edge.description ?? 'yes')
          ) : (
            <span style={{ color: 'var(--fail)' }}>no: undocumented</span>
          )}
        </dd>
        <dt>{edge.via ? 'Messages' : 'Requests'}</dt>
        <dd>
          {edge.silent
            ? 'none in the window (silent)'
            : edge.unwatched
              ? 'none seen, and no source covering it was read'
              : `${edge.count.toLocaleString()} in the window (${rateText(edge.ratePerMin, unit)})`}
        </dd>
        <dt>Server errors (5xx)</dt>
        <dd>{formatPercent(edge.serverErrorRate)}</dd>
        <dt>Client errors (4xx, not 429)</dt>
        <dd>{formatPercent(edge.clientErrorRate)}</dd>
        <dt>Rate limited (429)</dt>
        <dd>{formatPercent(edge.rateLimitedRate)}</dd>
        <dt>p95</dt>
        <dd>{formatMs(edge.p95Ms)}</dd>
      </dl>
      {!edge.via && (
        <>
          <h3 style={{ marginTop: 14 }}>Operations, most called first</h3>
          <EdgeOperations edge={edge} graphWindow={graphWindow} />
        </>
      )}
      <h3 style={{ marginTop: 14 }}>{edge.via ? 'Messages' : 'Requests'} per minute, last 24 h</h3>
      {series.isPending ? (
        <Loading what="the series" />
      ) : series.isError ? (
        <ErrorState error={series.error} />
      ) : series.data.points.length === 0 ? (
        <p className="muted">No traffic recorded for this flow.</p>
      ) : (
        <div style={{ height: 190 }} role="img" aria-label="Requests and errors per minute">
          <ResponsiveContainer>
            <LineChart data={series.data.points}>
              <XAxis
                dataKey="t"
                type="number"
                scale="time"
                domain={['dataMin', 'dataMax']}
                tickFormatter={(t: number) =>
                  new Date(t).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
                }
                tick={{ fontSize: 11, fill: 'var(--muted)' }}
                stroke="var(--border)"
              />
              <YAxis width={40} tick={{ fontSize: 11, fill: 'var(--muted)' }} stroke="var(--border)" />
              <Tooltip
                contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)' }}
                labelFormatter={(t) => new Date(Number(t)).toLocaleString()}
              />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <Line dataKey="count" name="requests" stroke="var(--accent)" dot={false} isAnimationActive={false} />
              <Line dataKey="errors" name="errors" stroke="var(--fail)" dot={false} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
    </section>
  );
}
