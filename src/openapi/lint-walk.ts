import type { DocumentSet, SpecDocument } from './documents.js';
import { joinPointer } from './parse.js';

type Json = Record<string, unknown>;

/** Keys whose presence above a node some rules ask about (Spectral's `$..content..`, `$..parameters..`, …). */
const TRACKED_KEYS = ['content', 'headers', 'parameters', 'definitions', 'responses'] as const;
export type TrackedKey = (typeof TRACKED_KEYS)[number];
const TRACKED = new Set<string>(TRACKED_KEYS);

/** A YAML alias can make an object its own descendant: deeper than this is not a spec any more. */
const MAX_DEPTH = 200;

export interface WalkPlace {
  document: SpecDocument;
  /** the path from the document's root to the node */
  readonly path: readonly (string | number)[];
  pointer(): string;
  /** the pointer of a member of the node */
  pointerTo(...segments: (string | number)[]): string;
  /** some key strictly above the node's own key is `key` (the node lies inside a `content`, `parameters`, … value) */
  inside(key: TrackedKey): boolean;
}

/** Called for every plain object of every document, example data included (as Spectral's `$..` sees them). */
export type NodeVisitor = (node: Json, key: string | number | undefined, place: WalkPlace) => void;

/** Each document of the set once, depth first; visitors run in order on each object. */
export function walkDocuments(documents: DocumentSet, visitors: readonly NodeVisitor[]): void {
  for (const document of new Set(documents.documents.values())) walkDocument(document, visitors);
}

function walkDocument(document: SpecDocument, visitors: readonly NodeVisitor[]): void {
  const path: (string | number)[] = [];
  const counts = new Map<string, number>();
  const place: WalkPlace = {
    document,
    path,
    pointer: () => joinPointer('', ...path),
    pointerTo: (...segments) => joinPointer('', ...path, ...segments),
    inside: (key) => (counts.get(key) ?? 0) > 0,
  };
  const walk = (node: unknown, key: string | number | undefined): void => {
    if (node === null || typeof node !== 'object' || path.length > MAX_DEPTH) return;
    if (!Array.isArray(node)) for (const visit of visitors) visit(node as Json, key, place);
    // below this node, its own key is an ancestor's
    const tracked = typeof key === 'string' && TRACKED.has(key);
    if (tracked) counts.set(key, (counts.get(key) ?? 0) + 1);
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const child: unknown = node[i];
        if (child === null || typeof child !== 'object') continue;
        path.push(i);
        walk(child, i);
        path.pop();
      }
    } else {
      for (const name in node as Json) {
        const child = (node as Json)[name];
        if (child === null || typeof child !== 'object') continue;
        path.push(name);
        walk(child, name);
        path.pop();
      }
    }
    if (tracked) counts.set(key, counts.get(key)! - 1);
  };
  walk(document.value, undefined);
}
