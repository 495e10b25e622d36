/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call,
   @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument --
   @dagrejs/graphlib 4.0.6 ships declarations that export a missing ./lib/version.js, so its Graph type resolves to
   an error type for TypeScript; the layout calls are checked by the report and UI tests instead. */
import dagre, { type Edge } from '@dagrejs/dagre';
import type { Status } from '../model/finding.js';
import { escapeHtml as esc } from './escape.js';

/** Inline SVG charts for the HTML report: no scripts, no external resources, printable. */

export const STATUS_COLOR: Record<Status, string> = {
  pass: '#1f8a4c',
  warn: '#c77c02',
  fail: '#c8372d',
  error: '#7a3fa0',
  skip: '#8a94a6',
};

const round = (value: number) => Math.round(value * 10) / 10;

/** A ring showing a 0–100 score; grey with a dash when nothing was judged. */
export function scoreRing(score: number | null, size = 132): string {
  const r = size / 2 - 10;
  const c = 2 * Math.PI * r;
  const color =
    score === null
      ? STATUS_COLOR.skip
      : score >= 85
        ? STATUS_COLOR.pass
        : score >= 60
          ? STATUS_COLOR.warn
          : STATUS_COLOR.fail;
  const filled = score === null ? 0 : (c * score) / 100;
  return (
    `<svg class="ring" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}" role="img" aria-label="score ${score ?? 'not judged'}">
<circle cx="${size / 2}" cy="${size / 2}" r="${r}" fill="none" stroke="#e6e9ef" stroke-width="12"/>
<circle cx="${size / 2}" cy="${size / 2}" r="${r}" fill="none" stroke="${color}" stroke-width="12" stroke-linecap="round" ` +
    `stroke-dasharray="${round(filled)} ${round(c)}" transform="rotate(-90 ${size / 2} ${size / 2})"/>
<text x="50%" y="50%" text-anchor="middle" dominant-baseline="central" font-size="${size / 3.6}" font-weight="700" fill="#1b2430">${score ?? '—'}</text>
</svg>`
  );
}

export interface WaterfallRow {
  label: string;
  phases?: { dns: number; connect: number; tls: number; firstByte: number; download: number; total: number };
  error?: string;
}

const PHASES = [
  { key: 'dns', label: 'DNS', color: '#9db4e8' },
  { key: 'connect', label: 'Connect', color: '#5b83d6' },
  { key: 'tls', label: 'TLS', color: '#2f56a8' },
  { key: 'firstByte', label: 'First byte', color: '#e0a030' },
  { key: 'download', label: 'Download', color: '#3ba272' },
] as const;

/** A nice round axis step: 1, 2 or 5 times a power of ten, giving about five ticks. */
function tickStep(max: number): number {
  const raw = max / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= raw) ?? raw;
}

/** One bar per request, split into its phases, on a shared millisecond axis. */
export function waterfall(rows: readonly WaterfallRow[], width = 680): string {
  const labelWidth = 150;
  const rowHeight = 22;
  const top = 26;
  const plot = width - labelWidth - 60;
  const max = Math.max(1, ...rows.map((row) => row.phases?.total ?? 0));
  const step = tickStep(max);
  const axisMax = Math.ceil(max / step) * step;
  const x = (ms: number) => labelWidth + (ms / axisMax) * plot;
  const height = top + rows.length * rowHeight + 34;
  const ticks: string[] = [];
  for (let t = 0; t <= axisMax + 1e-9; t += step) {
    ticks.push(
      `<line x1="${round(x(t))}" y1="${top - 4}" x2="${round(x(t))}" y2="${top + rows.length * rowHeight}" ` +
        `stroke="#e6e9ef"/><text x="${round(x(t))}" y="${top - 8}" text-anchor="middle" class="axis">${round(t)} ` +
        `ms</text>`,
    );
  }
  const bars = rows.map((row, index) => {
    const y = top + index * rowHeight + 4;
    const label = `<text x="${labelWidth - 8}" y="${y + 11}" text-anchor="end" class="label">${esc(row.label)}</text>`;
    if (!row.phases)
      return `${label}<text x="${labelWidth + 4}" y="${y + 11}" class="label" fill="${STATUS_COLOR.fail}">${esc(row.error ?? 'no answer')}</text>`;
    let start = 0;
    const segments = PHASES.map(({ key, color, label: name }) => {
      const ms = Math.max(0, row.phases![key]);
      const segment =
        `<rect x="${round(x(start))}" y="${y}" width="${round(Math.max(ms > 0 ? 0.8 : 0, x(start + ms) - x(start)))}" ` +
        `height="14" fill="${color}"><title>${name}: ${round(ms)} ms</title></rect>`;
      start += ms;
      return segment;
    });
    return `${label}${segments.join('')}<text x="${round(x(start)) + 4}" y="${y + 11}" class="value">${round(row.phases.total)} ms</text>`;
  });
  const legend = PHASES.map(
    ({ label, color }, index) =>
      `<rect x="${labelWidth + index * 96}" y="${height - 16}" width="10" height="10" fill="${color}"/>` +
      `<text x="${labelWidth + index * 96 + 14}" y="${height - 7}" class="axis">${label}</text>`,
  );
  return (
    `<svg class="chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" ` +
    `aria-label="request phase timings">${ticks.join('')}${bars.join('')}${legend.join('')}</svg>`
  );
}

/** A time series as a line with min/max labels; time runs left to right. */
export function lineChart(
  points: readonly { t: number; v: number }[],
  unit: string,
  width = 680,
  height = 180,
): string {
  if (points.length === 0) return '<p class="muted">No points.</p>';
  const pad = { left: 56, right: 16, top: 12, bottom: 28 };
  const ts = points.map((point) => point.t);
  const vs = points.map((point) => point.v);
  const [t0, t1] = [Math.min(...ts), Math.max(...ts)];
  const vMax = Math.max(...vs, 0);
  const step = tickStep(vMax || 1);
  const axisMax = Math.max(step, Math.ceil(vMax / step) * step);
  const x = (t: number) => pad.left + (t1 === t0 ? 0.5 : (t - t0) / (t1 - t0)) * (width - pad.left - pad.right);
  const y = (v: number) => height - pad.bottom - (v / axisMax) * (height - pad.top - pad.bottom);
  const grid: string[] = [];
  for (let v = 0; v <= axisMax + 1e-9; v += step) {
    grid.push(
      `<line x1="${pad.left}" y1="${round(y(v))}" x2="${width - pad.right}" y2="${round(y(v))}" stroke="#e6e9ef"/>` +
        `<text x="${pad.left - 6}" y="${round(y(v)) + 4}" text-anchor="end" class="axis">${round(v)} ${esc(unit)}</text>`,
    );
  }
  const path = points
    .map((point, index) => `${index === 0 ? 'M' : 'L'}${round(x(point.t))},${round(y(point.v))}`)
    .join(' ');
  const time = (t: number) => new Date(t).toISOString().slice(11, 19);
  return (
    `<svg class="chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" ` +
    `aria-label="time series in ${esc(unit)}">${grid.join('')}
<path d="${path}" fill="none" stroke="#2f56a8" stroke-width="1.8"/>
<text x="${pad.left}" y="${height - 8}" class="axis">${time(t0)}</text><text x="${width - pad.right}" ` +
    `y="${height - 8}" text-anchor="end" class="axis">${time(t1)}</text></svg>`
  );
}

export interface GraphNode {
  id: string;
  label: string;
  sublabel?: string;
  status?: Status;
  /** not a system of the estate: a peer seen in logs, or a flow target outside the audit */
  external?: boolean;
}
export interface GraphEdge {
  from: string;
  to: string;
  label?: string;
  /** drawn dashed and amber: observed in traffic but not declared in junction.yaml */
  undeclared?: boolean;
}

/** The data-flow graph, laid out left to right by dagre; each system is tinted by its worst measured status. */
export function flowGraph(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): string {
  const graph = new dagre.graphlib.Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'LR', nodesep: 36, ranksep: 120, marginx: 16, marginy: 16 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) graph.setNode(node.id, { width: 176, height: 58 });
  edges.forEach((edge, index) => {
    if (graph.hasNode(edge.from) && graph.hasNode(edge.to))
      graph.setEdge(
        edge.from,
        edge.to,
        {
          label: edge.label,
          undeclared: edge.undeclared,
          width: Math.min(220, 6.5 * (edge.label?.length ?? 0)),
          height: 16,
          labelpos: 'c',
        },
        String(index),
      );
  });
  dagre.layout(graph);
  const { width = 200, height = 100 } = graph.graph();
  const edgeSvg = graph.edges().map((ref: Edge) => {
    const edge = graph.edge(ref) as {
      points: { x: number; y: number }[];
      label?: string;
      undeclared?: boolean;
      x?: number;
      y?: number;
    };
    const d = edge.points
      .map((point, index) => `${index === 0 ? 'M' : 'L'}${round(point.x)},${round(point.y)}`)
      .join(' ');
    const label =
      edge.label && edge.x !== undefined && edge.y !== undefined
        ? `<text x="${round(edge.x)}" y="${round(edge.y) + 4}" text-anchor="middle" class="edge-label">${esc(edge.label)}</text>`
        : '';
    const stroke = edge.undeclared
      ? `stroke="${STATUS_COLOR.warn}" stroke-dasharray="6 4" marker-end="url(#arrow-warn)"`
      : 'stroke="#7b8699" marker-end="url(#arrow)"';
    return `<path d="${d}" fill="none" ${stroke} stroke-width="1.6"/>${label}`;
  });
  const nodeSvg = nodes.map((node) => {
    const box = graph.node(node.id) as { x: number; y: number; width: number; height: number };
    const left = box.x - box.width / 2;
    const topY = box.y - box.height / 2;
    const color = node.status ? STATUS_COLOR[node.status] : '#7b8699';
    const dash = node.external ? ' stroke-dasharray="5 4"' : '';
    return (
      `<g><rect x="${round(left)}" y="${round(topY)}" width="${box.width}" height="${box.height}" ` +
      `rx="8" fill="#fff" stroke="${color}" stroke-width="2"${dash}/>
<rect x="${round(left)}" y="${round(topY)}" width="7" height="${box.height}" rx="3" fill="${color}"/>
<text x="${round(left + 18)}" y="${round(box.y - 4)}" class="node-label">${esc(node.label)}</text>
${node.sublabel ? `<text x="${round(left + 18)}" y="${round(box.y + 14)}" class="node-sub">${esc(node.sublabel)}</text>` : ''}</g>`
    );
  });
  return (
    `<svg class="graph" width="${Math.ceil(width)}" height="${Math.ceil(height)}" viewBox="0 0 ${Math.ceil(width)} ` +
    `${Math.ceil(height)}" role="img" aria-label="data-flow graph">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">` +
    `<path d="M0,0 L10,5 L0,10 z" fill="#7b8699"/></marker>
<marker id="arrow-warn" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">` +
    `<path d="M0,0 L10,5 L0,10 z" fill="${STATUS_COLOR.warn}"/></marker></defs>
${edgeSvg.join('\n')}
${nodeSvg.join('\n')}</svg>`
  );
}
