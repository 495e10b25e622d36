import { isMap, isScalar, isSeq, parseDocument, stringify, type Node, type Pair } from 'yaml';

/**
 * Edits one list of junction.yaml (the waivers, a system's attestations) by splicing its text: the entry added,
 * replaced or removed is the only text that changes, so comments, quoting and the layout of every other entry
 * stay byte for byte as the user wrote them. An entry is written as one flow map line.
 */

export type ListPath = readonly (string | number)[];

/** One entry as a single flow-map line, e.g. `{ check: security.https, reason: "…", expires: 2027-01-31 }`. */
const entryText = (entry: Record<string, unknown>) =>
  stringify(entry, { collectionStyle: 'flow', lineWidth: 0 }).trim();

const lineStart = (text: string, offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
const lineEnd = (text: string, offset: number) => {
  const end = text.indexOf('\n', offset);
  return end < 0 ? text.length : end + 1;
};
const columnOf = (text: string, offset: number) => offset - lineStart(text, offset);

interface Located {
  /** the pair whose value is the list, when the key exists */
  pair?: Pair<Node, Node | null>;
  /** the map that holds (or would hold) the key */
  parent: Node;
}

function locate(text: string, path: ListPath): Located {
  const doc = parseDocument(text);
  let parent = doc.contents as Node;
  for (const part of path.slice(0, -1)) {
    const next = isMap(parent) || isSeq(parent) ? (parent.get(part, true) as Node | undefined) : undefined;
    if (!next) throw new Error(`${path.slice(0, -1).join('.')} is not in the file`);
    parent = next;
  }
  if (!isMap(parent)) throw new Error(`${path.slice(0, -1).join('.') || 'the document'} is not a map`);
  const key = path.at(-1);
  const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === key) as
    Pair<Node, Node | null> | undefined;
  return { pair, parent };
}

/** The indentation of a map's keys: where its first key starts on its line. */
function keyIndent(text: string, map: Node): number {
  const first = isMap(map) ? (map.items[0]?.key as Node | undefined) : undefined;
  return first?.range ? columnOf(text, first.range[0]) : 0;
}

/** Appends an entry to the list at `path`, creating the key (as a block list) when it is missing or empty. */
export function appendEntry(text: string, path: ListPath, entry: Record<string, unknown>): string {
  const { pair, parent } = locate(text, path);
  const line = entryText(entry);
  const key = String(path.at(-1));
  const list = pair?.value;
  if (pair && isSeq(list) && !list.flow && list.items.length > 0) {
    const last = list.items.at(-1) as Node;
    const dash = columnOf(text, (list.items[0] as Node).range![0]) - 2;
    const at = lineEnd(text, last.range![1] - 1);
    const before = text.slice(0, at);
    return `${before}${before.endsWith('\n') ? '' : '\n'}${' '.repeat(dash)}- ${line}\n${text.slice(at)}`;
  }
  if (pair && isSeq(list) && list.flow && list.items.length > 0) {
    // a one-line `[a, b]` list grows on its line
    const close = text.lastIndexOf(']', list.range![1]);
    return `${text.slice(0, close).trimEnd()}, ${line} ${text.slice(close)}`;
  }
  if (!pair && isMap(parent) && parent.flow) {
    // a one-line `{ id: crm, … }` entry gets the key on its line
    const close = text.lastIndexOf('}', parent.range![1]);
    return `${text.slice(0, close).trimEnd()}, ${key}: [${line}] ${text.slice(close)}`;
  }
  const indent = keyIndent(text, parent);
  if (pair) {
    // `key: []`, `key:` or `key: null`: the value becomes a block list under the key, comments after it kept
    const keyNode = pair.key;
    const valueStart = keyNode.range![1];
    const valueEnd = list?.range ? list.range[1] : valueStart;
    const colon = text.indexOf(':', valueStart);
    return `${text.slice(0, colon)}:\n${' '.repeat(indent + 2)}- ${line}${text.slice(Math.max(valueEnd, colon + 1))}`;
  }
  // the key is missing: after the parent map's last line
  const end = parent.range![1];
  const at = end >= text.length ? text.length : lineEnd(text, end - 1);
  const before = text.slice(0, at);
  return (
    `${before}${before.endsWith('\n') || before === '' ? '' : '\n'}${' '.repeat(indent)}${key}:\n` +
    `${' '.repeat(indent + 2)}- ${line}\n${text.slice(at)}`
  );
}

function itemAt(
  text: string,
  path: ListPath,
  index: number,
): { item: Node; list: Node; pair: Pair<Node, Node | null> } {
  const { pair } = locate(text, path);
  const list = pair?.value;
  if (!pair || !isSeq(list) || !list.items[index]) throw new Error(`no entry ${index} under ${path.join('.')}`);
  return { item: list.items[index] as Node, list, pair };
}

/** Replaces entry `index` of the list at `path`: only that entry's text changes. */
export function replaceEntry(text: string, path: ListPath, index: number, entry: Record<string, unknown>): string {
  const { item } = itemAt(text, path, index);
  const [start, end] = item.range!;
  // a block map's range runs through its last newline; a flow map's ends at its brace
  const newline = text[end - 1] === '\n' ? '\n' : '';
  return `${text.slice(0, start)}${entryText(entry)}${newline}${text.slice(end).replace(/^[ \t]*(?=\n)/, '')}`;
}

/** Removes entry `index` of the list at `path` (its lines); the last one leaves `key: []`. */
export function removeEntry(text: string, path: ListPath, index: number): string {
  const { item, list, pair } = itemAt(text, path, index);
  if (isSeq(list) && list.items.length === 1) {
    const colon = text.indexOf(':', pair.key.range![1]);
    const end = lineEnd(text, item.range![1] - 1);
    return `${text.slice(0, colon)}: []\n${text.slice(end)}`;
  }
  if (isSeq(list) && list.flow) {
    // a one-line `[a, b]` list: rewrite just that list
    const items = list.items.filter((_, position) => position !== index).map((node) => (node as Node).toString());
    return `${text.slice(0, list.range![0])}[${items.join(', ')}]${text.slice(list.range![1])}`;
  }
  const start = lineStart(text, item.range![0]);
  const end = lineEnd(text, item.range![1] - 1);
  return text.slice(0, start) + text.slice(end);
}
