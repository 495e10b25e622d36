import type { SpecProblem } from '../model/artifacts/spec.js';
import type { DocumentSet, Origin, SpecDocument } from './documents.js';
import { joinPointer } from './parse.js';
import { childKind, keepsReference, mergesSiblings, siblingsApplyIn, type NodeKind } from './structure.js';

export interface ResolvedView {
  /** the root document with every reference to another file inlined: one self-contained document */
  value: unknown;
  /** view pointer → where the inlined node was written (the root's own nodes are absent: they sit where written) */
  origins: Map<string, Origin>;
  problems: SpecProblem[];
  /**
   * schemas written in other files and reached where a schema stands, other than as a `components.schemas` entry
   * (those are counted there): each a named schema, as `redocly bundle` would lift it into `components.schemas`
   */
  namedSchemas: number;
}

type Json = Record<string, unknown>;

/** A discriminator mapping value that is a reference to another file (`./Dog.yaml`), not a schema name. */
const namesFiles = (mapping: Json) =>
  Object.values(mapping).some((ref) => typeof ref === 'string' && !ref.startsWith('#') && /[./]/.test(ref));

/** Reusable parts are placed first, so the paths refer to them (not the other way round) where both use a file. */
const COMPONENTS = ['components', 'definitions', 'parameters', 'responses', 'securityDefinitions'];
const componentsFirst = (document: Json) => [
  ...COMPONENTS.filter((key) => key in document),
  ...Object.keys(document).filter((key) => !COMPONENTS.includes(key)),
];

/** Where a named schema of the root stands: counted by the index, not again as a schema of another file. */
const COMPONENT_SCHEMA = /^\/(components\/schemas|definitions)\/[^/]+$/;

/** A pointer as a `$ref` fragment: `%` is the one character decoding would change. */
const fragment = (pointer: string) => `#${pointer.replace(/%/g, '%25')}`;

/**
 * The document Junction validates and audits, and `junction spec bundle` writes: JSON Reference semantics applied
 * wherever a `$ref` stands in the OpenAPI structure (structure.ts), data left as written.
 *
 * - A reference into another file is replaced by its target the first time it is met (components before paths);
 *   later references to the same node (or a node inside it) become internal references to where it was placed, so
 *   shared and recursive schemas stay single and finite (swagger-parser's bundle does the same).
 * - A reference where the OpenAPI schema takes no Reference Object (a Path Item, a whole Operation, a description
 *   from a .md file, a tag, a code sample's source) is always replaced by its target; a text file's target is its text.
 * - References between nodes of the root document stay as they are written.
 * - Keys written beside a replaced `$ref` are kept over the target's in a Path Item (its documented merge), a schema,
 *   and in OpenAPI 3.1 (swagger-parser's "extended" reference, `{ $ref: Filter.yaml, required: true }`); 2.0 and 3.0
 *   ignore them elsewhere, as those versions say.
 *
 * Nodes are copied only on the way to a replacement: a single-file spec's view is its document, unchanged.
 */
export function resolveView(set: DocumentSet): ResolvedView {
  const root = set.root;
  const swagger = (root.value as { swagger?: unknown } | null)?.swagger !== undefined;
  const siblingsApply = siblingsApplyIn(root.value);
  const origins = new Map<string, Origin>();
  const problems: SpecProblem[] = [];
  const namedSchemas = new Set<string>();
  // per document other than the root: its pointers placed in the view → their view pointers
  const placed = new Map<SpecDocument, Map<string, string>>();
  // the targets being inlined on the way down: a cycle through places that take no reference cannot be inlined
  const inlining = new Set<string>();
  // discriminator mappings naming other files, rewritten once every schema is placed
  const mappings: { mapping: Json; document: SpecDocument }[] = [];
  const path: (string | number)[] = [];
  const here = () => joinPointer('', ...path);

  const placeOf = (document: SpecDocument, pointer: string): string | undefined => {
    if (document === root) return pointer;
    const known = placed.get(document);
    if (!known) return undefined;
    for (let prefix = pointer; ; prefix = prefix.slice(0, prefix.lastIndexOf('/'))) {
      const at = known.get(prefix);
      if (at !== undefined) return at + pointer.slice(prefix.length);
      if (prefix === '') return undefined;
    }
  };
  const writtenAt = (viewPointer: string): Origin => {
    for (let prefix = viewPointer; ; prefix = prefix.slice(0, prefix.lastIndexOf('/'))) {
      const origin = origins.get(prefix);
      if (origin) return { document: origin.document, pointer: origin.pointer + viewPointer.slice(prefix.length) };
      if (prefix === '') return { document: root, pointer: viewPointer };
    }
  };

  const transform = (node: unknown, kind: NodeKind, document: SpecDocument): unknown => {
    if (node === null || typeof node !== 'object' || kind === 'data') return node;
    if (Array.isArray(node)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < node.length; i++) {
        const item: unknown = node[i];
        if (item === null || typeof item !== 'object') continue;
        path.push(i);
        const next = transform(item, childKind(kind, String(i), item, swagger), document);
        path.pop();
        if (next !== item) (copy ??= node.slice())[i] = next;
      }
      return copy ?? node;
    }
    const record = node as Json;
    return typeof record.$ref === 'string' ? reference(record, kind, document) : fields(record, kind, document);
  };

  const fields = (record: Json, kind: NodeKind, document: SpecDocument, skip?: string): Json => {
    let copy: Json | undefined;
    for (const key of kind === 'document' ? componentsFirst(record) : Object.keys(record)) {
      const child = record[key];
      if (key === skip || child === null || typeof child !== 'object') continue;
      const nested = childKind(kind, key, child, swagger);
      if (nested === 'data') continue;
      path.push(key);
      const next = transform(child, nested, document);
      path.pop();
      if (next !== child) (copy ??= { ...record })[key] = next;
    }
    if (kind === 'schema') {
      const mapping = (record.discriminator as { mapping?: unknown } | undefined)?.mapping;
      if (mapping && typeof mapping === 'object' && namesFiles(mapping as Json)) {
        const own = { ...(mapping as Json) };
        copy ??= { ...record };
        copy.discriminator = { ...(record.discriminator as Json), mapping: own };
        mappings.push({ mapping: own, document });
      }
    }
    return copy ?? record;
  };

  const reference = (node: Json, kind: NodeKind, document: SpecDocument): unknown => {
    const target = set.resolve(node.$ref as string, document);
    // a broken or refused reference was reported when the documents were read: it stays as written
    if (!target) return fields(node, kind, document, '$ref');
    if (keepsReference(kind, node, siblingsApply)) {
      if (document === root && target.document === root) return fields(node, kind, document, '$ref');
      const at = placeOf(target.document, target.pointer);
      if (at !== undefined) return { ...fields(node, kind, document, '$ref'), $ref: fragment(at) };
    }
    const key = `${target.document.location}#${target.pointer}`;
    const at = here();
    if (inlining.has(key)) {
      problems.push({
        severity: 'error',
        message: `$ref "${String(node.$ref)}" is circular where OpenAPI takes no reference: it cannot be resolved`,
        pointer: joinPointer(writtenAt(at).pointer, '$ref'),
        file: writtenAt(at).document.name,
      });
      return node;
    }
    const written = writtenAt(at);
    if (kind === 'schema' && target.document !== root && !COMPONENT_SCHEMA.test(at)) namedSchemas.add(key);
    origins.set(at, { document: target.document, pointer: target.pointer });
    if (target.document !== root) {
      const known = placed.get(target.document) ?? new Map<string, string>();
      placed.set(target.document, known);
      if (!known.has(target.pointer)) known.set(target.pointer, at);
    }
    inlining.add(key);
    const value = transform(target.value, kind, target.document);
    inlining.delete(key);
    const siblings = Object.keys(node).filter((name) => name !== '$ref');
    if (siblings.length === 0 || value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    if (!mergesSiblings(kind, siblingsApply)) return value;
    for (const name of siblings)
      origins.set(joinPointer(at, name), { document: written.document, pointer: joinPointer(written.pointer, name) });
    const merged: Json = { ...(value as Json), ...fields(node, kind, document, '$ref') };
    delete merged.$ref;
    return merged;
  };

  const value = transform(root.value, 'document', root);
  for (const { mapping, document } of mappings) {
    for (const [name, ref] of Object.entries(mapping)) {
      if (typeof ref !== 'string' || ref.startsWith('#')) continue;
      const target = set.resolve(ref, document);
      const at = target && placeOf(target.document, target.pointer);
      if (at !== undefined) mapping[name] = fragment(at);
    }
  }
  return { value, origins, problems, namedSchemas: namedSchemas.size };
}
