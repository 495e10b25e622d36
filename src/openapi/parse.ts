import { createRequire } from 'node:module';
import type * as JsYaml from 'js-yaml';
import { readBlockYaml } from './block-yaml.js';
import { SpecReadError } from './errors.js';

// the nesting bound of js-yaml 4.3 (package.json asks for it), which @types/js-yaml 4.0.9 predates
declare module 'js-yaml' {
  interface LoadOptions {
    maxDepth?: number;
  }
}

/** Expanded (alias-followed) node count above which a YAML document is refused: a "billion laughs" guard. */
export const MAX_EXPANDED_NODES = 10_000_000;
/** Nesting deeper than this is refused: no real spec comes close, and recursion must stay bounded. */
export const MAX_DEPTH = 256;

/** js-yaml loads with the first YAML document the block reader leaves to it: most specs never pay for it. */
let jsYaml: typeof JsYaml | undefined;
const yamlReader = () => (jsYaml ??= createRequire(import.meta.url)('js-yaml') as typeof JsYaml);

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
      throw new SpecReadError(
        `not valid JSON: ${message}`,
        file,
        '',
        position ? lineAt(text, Number(position[1])) : undefined,
      );
    }
    assertBounded(value, file);
    return value;
  }
  // the block reader takes what specs are written in, as js-yaml would read it (no anchors, so nothing to expand,
  // and nesting bounded); anything else, errors included, is js-yaml's
  const block = readBlockYaml(text);
  if (block) return block.value;
  const { CORE_SCHEMA, load, YAMLException } = yamlReader();
  let value: unknown;
  try {
    // the core schema: plain JSON types (no timestamps, binary or merge keys), as JSON readers of the spec will see it
    value = load(text, { filename: file, schema: CORE_SCHEMA, maxDepth: MAX_DEPTH });
  } catch (error) {
    if (error instanceof YAMLException) {
      const mark = (error as JsYaml.YAMLException & { mark?: { line?: number } }).mark;
      throw new SpecReadError(
        `not valid YAML: ${error.reason ?? error.message}`,
        file,
        '',
        mark?.line === undefined ? undefined : mark.line + 1,
      );
    }
    throw new SpecReadError(`not valid YAML: ${(error as Error).message}`, file);
  }
  // without an anchor there is no alias to expand, and js-yaml's maxDepth already bounds the nesting
  if (hasAnchor(text)) assertBounded(value, file);
  return value;
}

/**
 * Whether YAML text may hold an anchor (`&name`). An anchor is a node property: it follows a line start, an indicator
 * (- : ? [ { ,) or a tag, never other text, so `Q&A` or `Tom &Jerry` in descriptions do not count. `&` is rare: each
 * one is looked at, instead of running a regular expression over megabytes.
 */
function hasAnchor(text: string): boolean {
  for (let at = text.indexOf('&'); at !== -1; at = text.indexOf('&', at + 1)) {
    const next = text.charCodeAt(at + 1);
    if (Number.isNaN(next) || next === 0x20 || next === 0x09 || next === 0x0a || next === 0x0d) continue;
    let before = skipBlanksBack(text, at - 1);
    if (before !== at - 1) {
      // a tag may stand between the indicator and the anchor: `key: !!map &name`
      let word = before;
      while (word >= 0 && !/\s/.test(text[word])) word--;
      if (text[word + 1] === '!') before = skipBlanksBack(text, word);
    }
    if (before < 0 || '-:?[{,\n\r'.includes(text[before])) return true;
  }
  return false;
}

function skipBlanksBack(text: string, at: number): number {
  while (text[at] === ' ' || text[at] === '\t') at--;
  return at;
}

/**
 * js-yaml keeps each alias as a shared reference, so a small document can stand for an astronomically large tree,
 * and JSON can nest deeper than any recursive walk survives. One bounded walk of the expanded tree, before anything
 * else walks it, refuses both.
 */
function assertBounded(root: unknown, file: string): void {
  let visits = 0;
  // the objects on the way down (ancestors[d] at depth d, overwritten): the pointer is rebuilt only when refusing
  const ancestors: object[] = [];
  const refuse = (message: string, depth: number) => {
    throw new SpecReadError(message, file, pointerOf(keysOf(ancestors.slice(0, depth + 1))));
  };
  const walk = (node: unknown, depth: number): void => {
    if (++visits > MAX_EXPANDED_NODES)
      refuse(
        `the document expands to more than ${MAX_EXPANDED_NODES.toLocaleString('en')} nodes (a YAML alias bomb?)`,
        depth - 1,
      );
    if (node === null || typeof node !== 'object') return;
    ancestors[depth] = node;
    if (depth > MAX_DEPTH) refuse(`nesting deeper than ${MAX_DEPTH} levels`, depth);
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) walk(node[i], depth + 1);
      return;
    }
    const record = node as Record<string, unknown>;
    for (const key in record) walk(record[key], depth + 1);
  };
  walk(root, 0);
}

/** The keys leading from each object to the next one in a chain of nested objects. */
function keysOf(chain: object[]): string[] {
  const keys: string[] = [];
  for (let depth = 1; depth < chain.length; depth++) {
    const parent = chain[depth - 1] as Record<string, unknown>;
    keys.push(Object.keys(parent).find((key) => parent[key] === chain[depth]) ?? '');
  }
  return keys;
}

const pointerOf = (path: string[]) => path.map((segment) => `/${escapePointer(segment)}`).join('');

export function escapePointer(segment: string): string {
  return segment.includes('~') || segment.includes('/') ? segment.replace(/~/g, '~0').replace(/\//g, '~1') : segment;
}

export function unescapePointer(segment: string): string {
  return segment.includes('~') ? segment.replace(/~1/g, '/').replace(/~0/g, '~') : segment;
}

export function joinPointer(base: string, ...segments: (string | number)[]): string {
  let pointer = base;
  for (const segment of segments) pointer += `/${typeof segment === 'number' ? segment : escapePointer(segment)}`;
  return pointer;
}

/** Splits '/a/b~1c' into ['a', 'b/c']. */
export function splitPointer(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map(unescapePointer);
}
