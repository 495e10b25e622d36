import { EVENT_ID, getScalarValue, parseEvents, type Event } from 'js-yaml';
import { escapePointer, lineAt } from './parse.js';

/**
 * 1-based lines of JSON pointers in a JSON or YAML text (JSON is YAML too). Reads the event stream only when a
 * caller needs lines (problems, diff entries), so a valid spec pays nothing for it. A pointer not found is absent.
 */
export function locateLines(text: string, pointers: Iterable<string>): Map<string, number> {
  const wanted = new Set(pointers);
  const found = new Map<string, number>();
  if (wanted.size === 0) return found;
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
  const lines = new Map<string, number>();
  for (const [pointer, offset] of found) lines.set(pointer, lineAt(text, offset));
  return lines;
}
