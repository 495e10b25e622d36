import type { DocumentSet, SpecDocument } from './documents.js';
import { METHODS } from './operations.js';
import { joinPointer } from './parse.js';

type Json = Record<string, unknown>;
export const asObject = (value: unknown): Json | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;

/** An operation as written (its path item's $ref followed), for rules that read what the index does not keep. */
export interface RawOperation {
  path: string;
  method: (typeof METHODS)[number];
  node: Json;
  /** the path item holding it */
  item: Json;
  document: SpecDocument;
  /** the operation's pointer in `document` */
  pointer: string;
  /** the path item's pointer in `document` */
  itemPointer: string;
}

/** Every operation under `paths` (Spectral's #OperationObject), in document order. */
export function rawOperations(documents: DocumentSet): RawOperation[] {
  const root = documents.root;
  const paths = asObject(asObject(root.value)?.paths) ?? {};
  const operations: RawOperation[] = [];
  for (const [path, value] of Object.entries(paths)) {
    const itemPointer = joinPointer('/paths', path);
    const resolved = documents.deref(value, root, itemPointer);
    const item = asObject(resolved?.value);
    if (!resolved || !item) continue;
    for (const method of METHODS) {
      const node = asObject(item[method]);
      if (node)
        operations.push({
          path,
          method,
          node,
          item,
          document: resolved.document,
          pointer: joinPointer(resolved.pointer, method),
          itemPointer: resolved.pointer,
        });
    }
  }
  return operations;
}

/** A value with its $refs followed, and where it is written (undefined when the reference cannot be followed). */
export function follow(
  documents: DocumentSet,
  value: unknown,
  document: SpecDocument,
  pointer: string,
): { value: Json; document: SpecDocument; pointer: string } | undefined {
  const resolved = documents.deref(value, document, pointer);
  const object = asObject(resolved?.value);
  return resolved && object ? { value: object, document: resolved.document, pointer: resolved.pointer } : undefined;
}
