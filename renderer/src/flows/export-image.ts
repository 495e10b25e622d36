import { LOOK_COLORS } from '../../../src/model/flow-graph-export.js';
import { segmentLook, type FlowNode, type FlowSegment } from '../../../src/model/flow-graph.js';
import { boundsOf, handlesOf, labelBoxes } from './bounds.js';
import {
  LABEL_FONT_PX,
  LABEL_LINE_PX,
  LABEL_PAD_X,
  LABEL_PAD_Y,
  NODE_HEIGHT,
  NODE_WIDTH,
  type LayoutResponse,
} from './layout.js';
import { routedPath } from './route-path.js';

/** One canvas to measure text with: labels are sized before layout, and names cut to fit their box. */
let measuring: CanvasRenderingContext2D | null | undefined;
const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

export function textWidth(text: string, font: string): number {
  measuring ??= document.createElement('canvas').getContext('2d');
  if (!measuring) return text.length * 6;
  measuring.font = font;
  return measuring.measureText(text).width;
}

const labelFont = () => `${LABEL_FONT_PX}px ${getComputedStyle(document.body).fontFamily || FONT_FAMILY}`;

/** The box a label of these lines takes on the page (and in the SVG), padding and border included. */
export function labelSize(lines: readonly string[]): { width: number; height: number } {
  const font = labelFont();
  const widest = Math.max(0, ...lines.map((line) => textWidth(line, font)));
  return {
    width: Math.ceil(widest) + 2 * LABEL_PAD_X + 4,
    height: lines.length * LABEL_LINE_PX + 2 * LABEL_PAD_Y + 2,
  };
}

const xml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** `text`, cut with an ellipsis to fit `width` pixels in `font`. */
function fitted(text: string, width: number, font: string): string {
  if (textWidth(text, font) <= width) return text;
  let cut = text;
  while (cut.length > 1 && textWidth(`${cut}…`, font) > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}

export interface GraphPicture {
  nodes: readonly FlowNode[];
  segments: readonly FlowSegment[];
  labels: ReadonlyMap<string, string[]>;
  layout: Pick<LayoutResponse, 'positions' | 'routes' | 'labels' | 'direction'>;
  caption: string;
}

const MARGIN = 20;
const CAPTION_PX = 28;
const PALETTE = { surface: '#ffffff', border: '#d9dee4', text: '#1b1f24', muted: '#56606b' };

/**
 * The graph on screen as a standalone SVG document (for documentation: light colours, no stylesheet, fonts named):
 * the same positions, routes and labels as the page, systems drawn over edges and labels over both.
 */
export function flowGraphSvg(picture: GraphPicture): { svg: string; width: number; height: number } {
  const { layout } = picture;
  const sizes = new Map([...picture.labels].map(([id, lines]) => [id, labelSize(lines)]));
  const labelBox = labelBoxes(layout, sizes);
  const paths = picture.segments.map((segment) => {
    const ends = handlesOf(
      layout.positions[segment.from] ?? { x: 0, y: 0 },
      layout.positions[segment.to] ?? { x: 0, y: 0 },
      layout.direction,
    );
    const route = layout.routes[segment.id] ?? [];
    return { segment, d: routedPath(route, ends.source, ends.target).d, look: segmentLook(segment) };
  });
  const bounds = boundsOf(
    layout,
    picture.nodes.map((node) => node.id),
    labelBox.values(),
  );
  const left = Math.floor(bounds.x - MARGIN);
  const top = Math.floor(bounds.y - MARGIN - CAPTION_PX);
  const width = Math.ceil(bounds.width + 2 * MARGIN + 1);
  const height = Math.ceil(bounds.height + 2 * MARGIN + CAPTION_PX + 1);
  const family = xml(FONT_FAMILY);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
      `viewBox="${left} ${top} ${width} ${height}" font-family="${family}">`,
    `<title>Junction flow graph</title>`,
    `<desc>${xml(picture.caption)}</desc>`,
    '<defs>',
    ...Object.entries(LOOK_COLORS).map(
      ([look, color]) =>
        `<marker id="arrow-${look}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" ` +
        `orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="${color}"/></marker>`,
    ),
    '</defs>',
    `<rect x="${left}" y="${top}" width="${width}" height="${height}" fill="${PALETTE.surface}"/>`,
    `<text x="${left + MARGIN}" y="${top + MARGIN + 4}" font-size="12" fill="${PALETTE.muted}">${xml(picture.caption)}</text>`,
  ];
  for (const { segment, d, look } of paths) {
    const dash = look === 'undocumented' ? ' stroke-dasharray="6 4"' : '';
    out.push(
      `<g class="edge" data-from="${xml(segment.from)}" data-to="${xml(segment.to)}">` +
        `<path d="${d}" fill="none" stroke="${LOOK_COLORS[look]}" stroke-width="1.6"${dash} ` +
        `marker-end="url(#arrow-${look})"/></g>`,
    );
  }
  const nameFont = `600 12px ${FONT_FAMILY}`;
  for (const node of picture.nodes) {
    const at = layout.positions[node.id] ?? { x: 0, y: 0 };
    const kind = !node.known ? 'unknown peer' : node.kind === 'broker' ? `${node.id} · broker` : node.id;
    const stroke = node.known ? PALETTE.border : LOOK_COLORS.undocumented;
    out.push(
      `<g class="node" data-id="${xml(node.id)}">` +
        `<rect x="${at.x}" y="${at.y}" width="${NODE_WIDTH}" height="${NODE_HEIGHT}" rx="8" fill="${PALETTE.surface}" ` +
        `stroke="${stroke}" stroke-width="1.5"${node.known ? '' : ' stroke-dasharray="4 3"'}/>` +
        `<text x="${at.x + 10}" y="${at.y + 18}" font-size="12" font-weight="600" fill="${PALETTE.text}">` +
        `${xml(fitted(node.name, NODE_WIDTH - 20, nameFont))}</text>` +
        `<text x="${at.x + 10}" y="${at.y + 34}" font-size="11" fill="${PALETTE.muted}">${xml(kind)}</text></g>`,
    );
  }
  for (const { segment } of paths) {
    const box = labelBox.get(segment.id);
    const lines = picture.labels.get(segment.id);
    if (!box || !lines) continue;
    const centre = box.x + box.width / 2;
    out.push(
      `<g class="label" data-edge="${xml(segment.id)}">` +
        `<rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" rx="3" fill="${PALETTE.surface}" ` +
        `stroke="${PALETTE.border}"/>` +
        lines
          .map(
            (line, index) =>
              `<text x="${centre}" y="${box.y + LABEL_PAD_Y + 1 + (index + 0.78) * LABEL_LINE_PX}" ` +
              `font-size="${LABEL_FONT_PX}" text-anchor="middle" fill="${PALETTE.text}">${xml(line)}</text>`,
          )
          .join('') +
        '</g>',
    );
  }
  out.push('</svg>');
  return { svg: `${out.join('\n')}\n`, width, height };
}

/** The SVG drawn on a canvas at `scale` (2: sharp on a high-density screen and in print) and encoded as PNG. */
export async function svgToPng(picture: { svg: string; width: number; height: number }, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([picture.svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = picture.width * scale;
    canvas.height = picture.height * scale;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('this browser gave no 2D canvas to draw the PNG on');
    context.scale(scale, scale);
    context.drawImage(image, 0, 0, picture.width, picture.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the canvas gave no PNG'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
