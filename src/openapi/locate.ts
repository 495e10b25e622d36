import { createRequire } from 'node:module';
import { escapePointer, splitPointer } from './parse.js';

/**
 * The `yaml` package (72 CommonJS files, ~30 ms of start-up) is loaded on the rare call that needs its document model,
 * not by every command that reads a spec: locateLines is synchronous, so it is required, not imported.
 */
const yamlPackage = (): typeof import('yaml') => createRequire(import.meta.url)('yaml') as typeof import('yaml');

/**
 * 1-based lines of JSON pointers in a JSON or YAML text (JSON is YAML too). Runs only when a caller needs lines
 * (problems, lint places, diff entries), so a valid spec pays nothing for it. A pointer not found is absent.
 */
export function locateLines(text: string, pointers: Iterable<string>): Map<string, number> {
  const wanted = new Set(pointers);
  if (wanted.size === 0) return new Map();
  if (/^\s*[{[]/.test(text)) return toLines(text, locateJson(text, wanted));
  const lines = locateBlockYaml(text, wanted);
  const rest = [...wanted].filter((pointer) => !lines.has(pointer));
  if (rest.length > 0) for (const [pointer, line] of locateYamlNodes(text, rest)) lines.set(pointer, line);
  return lines;
}

/** a key: single-quoted, double-quoted or plain (where ` #` starts a comment), then `:` and a space or the end */
const KEY = /^(?:'((?:[^']|'')*)'|"((?:[^"\\]|\\.)*)"|([^\s#'"{[](?:\S|\s+(?=[^\s#]))*?))\s*:(?:\s|$)/;
const EXPLICIT_KEY = /^\?\s+(?:'((?:[^']|'')*)'|"((?:[^"\\]|\\.)*)"|([^\s#'"{[](?:\S|\s+(?=[^\s#]))*))\s*(?:#.*)?$/;

const keyOf = (match: RegExpExecArray): string =>
  match[1] !== undefined
    ? match[1].replace(/''/g, "'")
    : match[2] !== undefined
      ? unescapeDoubleQuoted(match[2])
      : match[3];
/** an anchor or a tag written before a value (`key: &name`, `key: !!str`) */
const PROPERTIES = /^(?:[&!]\S*\s*)+/;

interface Collection {
  /** column of its entries */
  indent: number;
  sequence: boolean;
  /** its pointer, or null when no wanted pointer lies below it */
  pointer: string | null;
  items: number;
}

/**
 * Block-style YAML (what every large spec is) read line by line in one pass: indentation gives the nesting, `key:`
 * and `- ` the path. Pointers are built only on the way to wanted ones (as the JSON scan does), the lines of any
 * other subtree are skipped by their indentation alone, and the scan stops when everything is found. A value written
 * in flow style on one line (`schema: { $ref: ... }`) holds all its members on that line. Lines that do not fit the
 * block structure are skipped, never guessed: what they hold is left to the full parser.
 * A skipped subtree is crossed by one regular-expression search for the next line indented no deeper (most of a
 * spec's lines lie in subtrees no result is in: stepping through them line by line was a tenth of Twilio's lint), so
 * places are recorded as line-start offsets and turned into lines at the end.
 */
function locateBlockYaml(text: string, wanted: Set<string>): Map<string, number> {
  const tracked = new Set<string>(['']);
  for (const pointer of wanted) {
    for (let at = pointer.indexOf('/', 1); at !== -1; at = pointer.indexOf('/', at + 1))
      tracked.add(pointer.slice(0, at));
  }
  // pointer → the offset of the line it is written on
  const seen = new Map<string, number>();
  let missing = wanted.size;
  // by column: the search for the next content line indented at most that deep
  const shallowerLines: RegExp[] = [];
  const oneLineFlow = new Set<string>();
  const child = (parent: string | null, segment: string): string | null => {
    if (parent === null) return null;
    const pointer = `${parent}/${escapePointer(segment)}`;
    return wanted.has(pointer) || tracked.has(pointer) ? pointer : null;
  };
  const record = (pointer: string, offset: number) => {
    if (seen.has(pointer)) return;
    seen.set(pointer, offset);
    if (wanted.has(pointer)) missing--;
  };
  const stack: Collection[] = [];
  // the entry whose value starts on a later line
  let pending: { pointer: string; indent: number; key: boolean } | undefined;
  let explicitKey: { pointer: string | null } | undefined;
  // lines indented deeper than this column belong to a value already settled (a scalar, or a subtree of no interest)
  let skipDeeperThan = -1;
  let next = 0;
  while (next <= text.length && missing > 0) {
    if (skipDeeperThan !== -1 && next > 0) {
      // the next line that is indented no deeper and is not blank or a comment: all before it is skipped
      const shallower = (shallowerLines[skipDeeperThan] ??= new RegExp(`\\n {0,${skipDeeperThan}}[^ \\n\\r#]`, 'g'));
      shallower.lastIndex = next - 1;
      const match = shallower.exec(text);
      if (!match) break;
      next = match.index + 1;
    }
    const start = next;
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    next = end + 1;
    let indent = 0;
    while (text.charCodeAt(start + indent) === 0x20) indent++;
    if (skipDeeperThan !== -1 && indent > skipDeeperThan) continue;
    const first = start + indent < end ? text.charCodeAt(start + indent) : 0x0a;
    if (first === 0x0a || first === 0x23 /* # */ || first === 0x0d /* \r */) continue;
    if (indent === 0 && (text.startsWith('---', start) || text.startsWith('...', start) || first === 0x25) /* % */)
      continue;
    skipDeeperThan = -1;
    let rest = text.slice(start + indent, end).trimEnd();
    const item = rest === '-' || rest.startsWith('- ');
    if (pending) {
      const opens = indent > pending.indent || (indent === pending.indent && pending.key && item);
      if (opens) {
        if (!item && !rest.startsWith('? ') && !KEY.test(rest)) {
          skipDeeperThan = pending.indent; // a scalar or flow value on the following lines
          pending = undefined;
          continue;
        }
        stack.push({ indent, sequence: item, pointer: pending.pointer, items: 0 });
      }
      pending = undefined;
    }
    if (stack.length === 0) {
      record('', start);
      stack.push({ indent, sequence: item, pointer: '', items: 0 });
    }
    while (
      stack.length > 1 &&
      (stack.at(-1)!.indent > indent || (stack.at(-1)!.indent === indent && stack.at(-1)!.sequence && !item))
    )
      stack.pop();
    let collection = stack.at(-1)!;
    const explicit = explicitKey;
    explicitKey = undefined;
    if (collection.indent !== indent || collection.sequence !== item) continue;
    let column = indent;
    // one line may open several collections: `- - a`, `- key: value`, `: key: value`
    for (;;) {
      let pointer: string | null;
      let value: string;
      if (collection.sequence || (explicit && (rest === ':' || rest.startsWith(': ')))) {
        pointer = collection.sequence ? child(collection.pointer, String(collection.items++)) : explicit!.pointer;
        // the value after `- ` or `: `
        value = rest.slice(1).trimStart();
        if (
          pointer !== null &&
          (value === '-' || value.startsWith('- ') || value.startsWith('? ') || KEY.test(value))
        ) {
          record(pointer, start);
          column += rest.length - value.length;
          rest = value;
          collection = { indent: column, sequence: rest === '-' || rest.startsWith('- '), pointer, items: 0 };
          stack.push(collection);
          continue;
        }
      } else {
        const question = EXPLICIT_KEY.exec(rest);
        if (question) {
          // `? key` (how long keys are written), its value on the next line after `: `
          explicitKey = { pointer: child(collection.pointer, keyOf(question)) };
          if (explicitKey.pointer !== null) record(explicitKey.pointer, start);
          break;
        }
        const match = KEY.exec(rest);
        if (!match) break;
        pointer = child(collection.pointer, keyOf(match));
        value = rest.slice(match[0].length).trimStart();
      }
      if (pointer === null) {
        skipDeeperThan = column;
        break;
      }
      record(pointer, start);
      value = value.replace(PROPERTIES, '');
      if (value === '' || value.startsWith('#')) pending = { pointer, indent: column, key: !collection.sequence };
      else {
        if (isOneLineFlow(value)) oneLineFlow.add(pointer);
        skipDeeperThan = column;
      }
      break;
    }
  }
  const found = new Map<string, number>();
  for (const pointer of wanted) {
    const offset = seen.get(pointer) ?? lineOfEnclosingFlow(pointer, seen, oneLineFlow);
    if (offset !== undefined) found.set(pointer, offset);
  }
  return toLines(text, found);
}

/** YAML's double-quoted escapes that JSON shares; any other escape leaves the key to the full parser. */
function unescapeDoubleQuoted(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

/** A pointer inside a flow collection written on one line is on that line (the line's offset). */
function lineOfEnclosingFlow(pointer: string, seen: Map<string, number>, oneLineFlow: Set<string>): number | undefined {
  for (let at = pointer.lastIndexOf('/'); at > 0; at = pointer.lastIndexOf('/', at - 1)) {
    const ancestor = pointer.slice(0, at);
    if (oneLineFlow.has(ancestor)) return seen.get(ancestor);
  }
  return undefined;
}

/** `{...}` or `[...]` closed on the same line (quotes respected), followed by nothing but a comment. */
function isOneLineFlow(value: string): boolean {
  if (value[0] !== '{' && value[0] !== '[') return false;
  let depth = 0;
  for (let i = 0; i < value.length; i++) {
    const char = value[i];
    if (char === '"' || char === "'") {
      for (i++; i < value.length && value[i] !== char; i++) if (char === '"' && value[i] === '\\') i++;
      if (char === "'" && value[i + 1] === "'") i++;
    } else if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') {
      if (--depth === 0) return /^\s*(#.*)?$/.test(value.slice(i + 1));
    }
  }
  return false;
}

/**
 * Any YAML, through the `yaml` package's document model with source ranges (a second, slower parse: used only for
 * what the line scan cannot follow, such as multi-line flow collections or paths through aliases).
 */
function locateYamlNodes(text: string, pointers: string[]): Map<string, number> {
  const { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } = yamlPackage();
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: false });
  const found = new Map<string, number>();
  for (const pointer of pointers) {
    let node: unknown = document.contents;
    let start = (node as { range?: [number] } | null)?.range?.[0];
    for (const segment of splitPointer(pointer)) {
      if (isAlias(node)) node = node.resolve(document);
      if (isMap(node)) {
        const pair = node.items.find((candidate) => isScalar(candidate.key) && String(candidate.key.value) === segment);
        start = (pair?.key as { range?: [number] } | undefined)?.range?.[0];
        node = pair?.value;
      } else if (isSeq(node)) {
        node = node.items[Number(segment)];
        start = (node as { range?: [number] } | undefined)?.range?.[0];
      } else start = undefined;
      if (start === undefined) break;
    }
    if (start !== undefined) found.set(pointer, lineCounter.linePos(start).line);
  }
  return found;
}

/** Offsets to 1-based lines in one pass over the text. */
function toLines(text: string, offsets: Map<string, number>): Map<string, number> {
  const sorted = [...offsets].sort((a, b) => a[1] - b[1]);
  const lines = new Map<string, number>();
  let line = 1;
  let position = 0;
  for (const [pointer, offset] of sorted) {
    for (let at = text.indexOf('\n', position); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) {
      line++;
      position = at + 1;
    }
    lines.set(pointer, line);
  }
  return lines;
}

/**
 * JSON needs no YAML event parser: one character scan that builds pointers only inside subtrees leading to a
 * wanted pointer (4 MB specs in tens of milliseconds).
 */
function locateJson(text: string, wanted: Set<string>): Map<string, number> {
  const prefixes = new Set<string>(['']);
  for (const pointer of wanted) {
    for (let at = pointer.indexOf('/', 1); at !== -1; at = pointer.indexOf('/', at + 1))
      prefixes.add(pointer.slice(0, at));
  }
  const found = new Map<string, number>();
  // pointer is null in subtrees that lead to no wanted pointer
  const stack: { pointer: string | null; array: boolean; index: number; key?: string; expectKey: boolean }[] = [];
  const valuePointer = (): string | null => {
    const top = stack[stack.length - 1];
    if (!top) return '';
    if (top.pointer === null) return null;
    const pointer = top.array ? `${top.pointer}/${top.index}` : `${top.pointer}/${escapePointer(top.key ?? '')}`;
    return wanted.has(pointer) || prefixes.has(pointer) ? pointer : null;
  };
  const record = (pointer: string | null, offset: number) => {
    if (pointer !== null && wanted.has(pointer) && !found.has(pointer)) found.set(pointer, offset);
  };
  for (let i = 0; i < text.length && found.size < wanted.size; i++) {
    const char = text.charCodeAt(i);
    if (char === 0x22 /* " */) {
      let end = i + 1;
      let escaped = false;
      for (; end < text.length; end++) {
        const c = text.charCodeAt(end);
        if (c === 0x5c) {
          escaped = true;
          end++;
        } else if (c === 0x22) break;
      }
      const top = stack[stack.length - 1];
      if (top && !top.array && top.expectKey) {
        const raw = text.slice(i + 1, end);
        top.key = escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
        top.expectKey = false;
        if (top.pointer !== null) record(`${top.pointer}/${escapePointer(top.key)}`, i);
      } else record(valuePointer(), i);
      i = end;
    } else if (char === 0x7b /* { */ || char === 0x5b /* [ */) {
      const pointer = valuePointer();
      record(pointer, i);
      stack.push({ pointer, array: char === 0x5b, index: 0, expectKey: char === 0x7b });
    } else if (char === 0x7d /* } */ || char === 0x5d /* ] */) {
      stack.pop();
    } else if (char === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.array) top.index++;
      else if (top) top.expectKey = true;
    } else if (char > 0x20 && char !== 0x3a /* : */) {
      record(valuePointer(), i);
      for (
        let next = text.charCodeAt(i + 1);
        i + 1 < text.length && next > 0x20 && next !== 0x2c && next !== 0x7d && next !== 0x5d;
        next = text.charCodeAt(i + 1)
      )
        i++;
    }
  }
  return found;
}
