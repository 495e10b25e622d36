import { load, YAMLException } from 'js-yaml';
import { SpecReadError } from './errors.js';

/** Expanded (alias-followed) node count above which a YAML document is refused: a "billion laughs" guard. */
export const MAX_EXPANDED_NODES = 10_000_000;
/** Nesting deeper than this is refused: no real spec comes close, and recursion must stay bounded. */
export const MAX_DEPTH = 256;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Bytes as strict UTF-8 (a BOM is dropped). */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    // the lossy decoding marks the first bad sequence with U+FFFD: enough to point at the line
    const lossy = new TextDecoder('utf-8').decode(bytes);
    const at = lossy.indexOf('\uFFFD');
    throw new SpecReadError('not valid UTF-8', file, '', at === -1 ? undefined : lineAt(lossy, at));
  }
}

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Parses JSON or YAML text; refuses alias bombs and absurd nesting with a clear error. */
export function parseText(text: string, file: string): unknown {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const message = (error as Error).message;
      const position = /position (\d+)/.exec(message);
      throw new SpecReadError(`not valid JSON: ${message}`, file, '', position ? lineAt(text, Number(position[1])) : undefined);
    }
    assertBounded(value, file);
    return value;
  }
  let value: unknown;
  try {
    value = load(text, { filename: file, maxDepth: MAX_DEPTH });
  } catch (error) {
    if (error instanceof YAMLException) {
      const mark = (error as YAMLException & { mark?: { line?: number } }).mark;
      throw new SpecReadError(`not valid YAML: ${error.reason ?? error.message}`, file, '', mark?.line === undefined ? undefined : mark.line + 1);
    }
    throw new SpecReadError(`not valid YAML: ${(error as Error).message}`, file);
  }
  // without an anchor there is no alias to expand, and js-yaml's maxDepth already bounds the nesting
  if (/(^|[\s[{,:-])&[^\s]/.test(text)) assertBounded(value, file);
  return value;
}

/**
 * js-yaml keeps each alias as a shared reference, so a small document can stand for an astronomically large tree,
 * and JSON can nest deeper than any recursive walk survives. One bounded walk of the expanded tree, before anything
 * else walks it, refuses both.
 */
function assertBounded(root: unknown, file: string): void {
  let visits = 0;
  const path: string[] = []; // path[d] is the key taken at depth d: overwritten, never pushed
  const refuse = (message: string, depth: number) => {
    throw new SpecReadError(message, file, pointerOf(path.slice(0, depth)));
  };
  const walk = (node: unknown, depth: number): void => {
    if (++visits > MAX_EXPANDED_NODES) refuse(`the document expands to more than ${MAX_EXPANDED_NODES.toLocaleString('en')} nodes (a YAML alias bomb?)`, depth);
    if (node === null || typeof node !== 'object') return;
    if (depth > MAX_DEPTH) refuse(`nesting deeper than ${MAX_DEPTH} levels`, depth);
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        path[depth] = String(i);
        walk(node[i], depth + 1);
      }
      return;
    }
    const record = node as Record<string, unknown>;
    for (const key in record) {
      path[depth] = key;
      walk(record[key], depth + 1);
    }
  };
  walk(root, 0);
}

const pointerOf = (path: string[]) => path.map((segment) => `/${escapePointer(segment)}`).join('');

export function escapePointer(segment: string): string {
  return segment.includes('~') || segment.includes('/') ? segment.replace(/~/g, '~0').replace(/\//g, '~1') : segment;
}

export function unescapePointer(segment: string): string {
  return segment.includes('~') ? segment.replace(/~1/g, '/').replace(/~0/g, '~') : segment;
}

export function joinPointer(base: string, ...segments: (string | number)[]): string {
  return base + segments.map((segment) => `/${escapePointer(String(segment))}`).join('');
}

/** Splits '/a/b~1c' into ['a', 'b/c']. */
export function splitPointer(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map(unescapePointer);
}
