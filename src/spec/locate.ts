import { EVENT_ID, getScalarValue, parseEvents, type Event } from 'js-yaml';
import { escapePointer } from './parse.js';

/**
 * 1-based lines of JSON pointers in a JSON or YAML text (JSON is YAML too). Reads the event stream only when a
 * caller needs lines (problems, diff entries), so a valid spec pays nothing for it. A pointer not found is absent.
 */
export function locateLines(text: string, pointers: Iterable<string>): Map<string, number> {
  const wanted = new Set(pointers);
  const found = new Map<string, number>();
  if (wanted.size === 0) return found;
  if (/^\s*[{[]/.test(text)) return toLines(text, locateJson(text, wanted));
  // the indentation walk rescans siblings per pointer: for many pointers one event parse is cheaper
  const lines = wanted.size <= 50 ? locateBlockYaml(text, wanted) : new Map<string, number>();
  for (const pointer of lines.keys()) wanted.delete(pointer);
  if (wanted.size === 0) return lines;
  for (const [pointer, line] of locateYamlEvents(text, wanted)) lines.set(pointer, line);
  return lines;
}

const KEY_LINE = /^(?:'((?:[^']|'')*)'|"((?:[^"\\]|\\.)*)"|([^\s#'"{[][^#]*?))\s*:(?:\s|$)/;

/**
 * Block-style YAML (what every large spec is) can be walked by indentation alone: for each pointer segment, the
 * key at the next deeper indentation, or the n-th `- ` item. Stops early, allocates little; a pointer it cannot follow
 * (flow style, anchors, odd keys) is left for the event parser.
 */
function locateBlockYaml(text: string, wanted: Set<string>): Map<string, number> {
  const lines = text.split('\n');
  const found = new Map<string, number>();
  const indentOf = (line: string) => {
    let indent = 0;
    while (indent < line.length && line.charCodeAt(indent) === 0x20) indent++;
    return indent;
  };
  const blank = (line: string, indent: number) => indent >= line.length || line[indent] === '#' || line[indent] === '\r' || (indent === 0 && line.startsWith('---'));
  // where each walked prefix was found: pointers sharing a prefix resume from it instead of from the top
  const walked = new Map<string, { line: number; parentIndent: number; itemLine: number }>();
  for (const pointer of wanted) {
    const segments = splitSegments(pointer);
    let from = 0; // first line of the current node's children
    let parentIndent = -1;
    // when the current node is a sequence item, its first key sits on the item's own line, after "- "
    let itemLine = -1;
    let line = -1;
    let prefix = '';
    let start = 0;
    for (let depth = segments.length; depth > 0; depth--) {
      const known = walked.get(segments.slice(0, depth).join('\u0000'));
      if (known) {
        ({ line, parentIndent, itemLine } = known);
        from = itemLine === line ? line : line + 1;
        start = depth;
        prefix = segments.slice(0, depth).join('\u0000');
        break;
      }
    }
    for (let depth = start; depth < segments.length; depth++) {
      const segment = segments[depth]!;
      line = -1;
      let childIndent = -1;
      let items = -1;
      for (let i = from; i < lines.length; i++) {
        let content = lines[i]!;
        let indent = indentOf(content);
        if (i === itemLine) {
          indent += 2;
          content = ' '.repeat(indent) + content.slice(indent);
        }
        if (blank(content, indent)) continue;
        if (indent <= parentIndent) break;
        if (childIndent === -1) childIndent = indent;
        if (indent < childIndent) break;
        if (indent > childIndent) continue;
        const rest = content.slice(indent);
        if (rest.startsWith('- ') || rest === '-') {
          if (String(++items) === segment) {
            line = i;
            itemLine = rest.length > 2 && !rest.slice(2).startsWith('#') ? i : -1;
            parentIndent = indent;
            break;
          }
          continue;
        }
        const match = KEY_LINE.exec(rest);
        const key = match && (match[1] !== undefined ? match[1].replace(/''/g, "'") : match[2] !== undefined ? JSON.parse(`"${match[2]}"`) : match[3]!.trimEnd());
        if (key === segment) {
          line = i;
          itemLine = -1;
          parentIndent = indent;
          break;
        }
      }
      if (line === -1) break;
      prefix = depth === 0 ? segment : `${prefix}\u0000${segment}`;
      walked.set(prefix, { line, parentIndent, itemLine });
      from = itemLine === line ? line : line + 1;
    }
    if (line !== -1) found.set(pointer, line + 1);
  }
  return found;
}

function splitSegments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Any YAML, through js-yaml's event stream (a second parse: used only for what the indentation walk cannot follow). */
function locateYamlEvents(text: string, wanted: Set<string>): Map<string, number> {
  const found = new Map<string, number>();
  let events: Event[];
  try {
    events = parseEvents(text, { maxDepth: 256 });
  } catch {
    return found;
  }
  // each open collection: its pointer, whether it is a mapping, the next index (sequence) or pending key (mapping)
  const stack: { pointer: string; mapping: boolean; index: number; key?: string }[] = [];
  const offsets: number[] = [];
  const childPointer = (): string | undefined => {
    const top = stack[stack.length - 1];
    if (!top) return '';
    if (!top.mapping) return `${top.pointer}/${top.index++}`;
    if (top.key === undefined) return undefined; // this node is a key
    const pointer = `${top.pointer}/${escapePointer(top.key)}`;
    top.key = undefined;
    return pointer;
  };
  const record = (pointer: string, offset: number) => {
    if (wanted.has(pointer) && !found.has(pointer) && offset >= 0) offsets.push(offset), found.set(pointer, offset);
  };
  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const pointer = childPointer() ?? '';
        record(pointer, event.start);
        stack.push({ pointer, mapping: event.type === EVENT_ID.MAPPING, index: 0 });
        break;
      }
      case EVENT_ID.SCALAR: {
        const top = stack[stack.length - 1];
        if (top?.mapping && top.key === undefined) {
          top.key = getScalarValue(text, event);
          // a key's line is where the member starts: report it for the member's pointer
          record(`${top.pointer}/${escapePointer(top.key)}`, event.valueStart);
        } else {
          const pointer = childPointer();
          if (pointer !== undefined) record(pointer, event.valueStart);
        }
        break;
      }
      case EVENT_ID.ALIAS:
        childPointer();
        break;
      case EVENT_ID.POP:
        stack.pop();
        break;
    }
    if (found.size === wanted.size) break;
  }
  return toLines(text, found);
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
    for (let at = pointer.indexOf('/', 1); at !== -1; at = pointer.indexOf('/', at + 1)) prefixes.add(pointer.slice(0, at));
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
      for (let next = text.charCodeAt(i + 1); i + 1 < text.length && next > 0x20 && next !== 0x2c && next !== 0x7d && next !== 0x5d; next = text.charCodeAt(i + 1)) i++;
    }
  }
  return found;
}
