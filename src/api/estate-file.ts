import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isMap, isSeq, parseDocument, type Document, type YAMLMap, type YAMLSeq } from 'yaml';
import { isDeepStrictEqual } from 'node:util';
import { parseEstate } from '../estate/workspace.js';

/**
 * Edits junction.yaml through the yaml Document API so comments and layout survive:
 * only the keys that changed are rewritten.
 */
export function editEstateFile(file: string, edit: (doc: Document) => void): void {
  const doc = parseDocument(readFileSync(file, 'utf8'));
  edit(doc);
  const text = doc.toString();
  parseEstate(text, file); // refuse to write an estate that no longer validates
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file);
}

/** Edits junction.yaml as text (see yaml-list-edit.ts): the bytes the edit does not touch stay as they were. */
export function editEstateText(file: string, edit: (text: string) => string): void {
  const text = edit(readFileSync(file, 'utf8'));
  parseEstate(text, file); // refuse to write an estate that no longer validates
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file);
}

function systemsOf(doc: Document): YAMLSeq {
  let systems = doc.get('systems', true);
  if (!isSeq(systems)) {
    doc.set('systems', doc.createNode([]));
    systems = doc.get('systems', true);
  }
  const seq = systems as YAMLSeq;
  seq.flow = false; // "systems: []" in the starter file would otherwise grow as one long flow sequence
  return seq;
}

export function indexOfSystem(doc: Document, id: string): number {
  return systemsOf(doc).items.findIndex((item) => isMap(item) && item.get('id') === id);
}

/** Replaces (or appends) one system, touching only the keys whose values changed. */
export function upsertSystem(doc: Document, system: Record<string, unknown>, replaces: string | undefined): void {
  const seq = systemsOf(doc);
  const index = indexOfSystem(doc, replaces ?? String(system.id));
  if (index < 0) {
    seq.items.push(doc.createNode(system));
    return;
  }
  const node = seq.items[index] as YAMLMap;
  const current = node.toJSON() as Record<string, unknown>;
  for (const key of Object.keys(current)) if (!(key in system)) node.delete(key);
  for (const [key, value] of Object.entries(system)) {
    if (!isDeepStrictEqual(current[key], value)) node.set(key, doc.createNode(value));
  }
}

export function removeSystemNode(doc: Document, id: string): boolean {
  const index = indexOfSystem(doc, id);
  if (index < 0) return false;
  systemsOf(doc).items.splice(index, 1);
  return true;
}
