import type { DocumentSet, SpecDocument } from './documents.js';
import { joinPointer } from './parse.js';

type Json = Record<string, unknown>;
const asObject = (value: unknown): Json | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;

/** A schema node and where it lives. */
export interface Located {
  value: unknown;
  document: SpecDocument;
  pointer: string;
}

/**
 * A schema flattened for comparison: `$ref`s followed and `allOf` members merged, so that moving properties into a
 * shared component or an `allOf` changes nothing here (oasdiff's most reported false positive).
 */
export interface SchemaShape {
  at: Located;
  types?: Set<string>;
  enum?: unknown[];
  properties: Map<string, Located>;
  required: Set<string>;
  items?: Located;
  hasDefault: boolean;
  /** numeric bounds: under allOf, the tightest one */
  bounds: Partial<Record<Bound, number>>;
  /** every pattern a value must match */
  patterns: Set<string>;
  format?: string;
  readOnly: boolean;
  writeOnly: boolean;
  /** the alternatives of anyOf/oneOf that are references, by where they resolve to */
  options: Map<string, Located>;
}

export const LOWER_BOUNDS = ['minLength', 'minimum', 'minItems', 'minProperties'] as const;
export const UPPER_BOUNDS = ['maxLength', 'maximum', 'maxItems', 'maxProperties'] as const;
export type Bound = (typeof LOWER_BOUNDS)[number] | (typeof UPPER_BOUNDS)[number];

const MAX_ALLOF_DEPTH = 16;

export function schemaShape(set: DocumentSet, node: Located): SchemaShape | undefined {
  const resolved = set.deref(node.value, node.document, node.pointer);
  if (!resolved) return undefined;
  const shape: SchemaShape = {
    at: resolved,
    properties: new Map(),
    required: new Set(),
    hasDefault: false,
    bounds: {},
    patterns: new Set(),
    readOnly: false,
    writeOnly: false,
    options: new Map(),
  };
  merge(set, shape, resolved, 0);
  return shape;
}

function merge(set: DocumentSet, shape: SchemaShape, at: Located, depth: number): void {
  const schema = asObject(at.value);
  if (!schema || depth > MAX_ALLOF_DEPTH) return;
  const types =
    typeof schema.type === 'string' ? [schema.type] : Array.isArray(schema.type) ? schema.type.map(String) : [];
  if (types.length > 0) {
    shape.types ??= new Set();
    for (const type of types) shape.types.add(type);
    if (schema.nullable === true || schema['x-nullable'] === true) shape.types.add('null');
  }
  if (Array.isArray(schema.enum)) shape.enum = schema.enum;
  if (schema.default !== undefined) shape.hasDefault = true;
  for (const key of LOWER_BOUNDS)
    if (typeof schema[key] === 'number') shape.bounds[key] = Math.max(schema[key], shape.bounds[key] ?? -Infinity);
  for (const key of UPPER_BOUNDS)
    if (typeof schema[key] === 'number') shape.bounds[key] = Math.min(schema[key], shape.bounds[key] ?? Infinity);
  if (typeof schema.pattern === 'string') shape.patterns.add(schema.pattern);
  if (typeof schema.format === 'string') shape.format ??= schema.format;
  shape.readOnly ||= schema.readOnly === true;
  shape.writeOnly ||= schema.writeOnly === true;
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    if (!Array.isArray(schema[keyword])) continue;
    (schema[keyword] as unknown[]).forEach((option, index) => {
      // only named alternatives: an inline one has no identity across versions
      if (typeof asObject(option)?.$ref !== 'string') return;
      const resolved = set.deref(option, at.document, joinPointer(at.pointer, keyword, index));
      // the root document's name differs between two versions of a spec: it is left out of the identity
      if (resolved)
        shape.options.set(
          resolved.document === set.root ? resolved.pointer : `${resolved.document.name}#${resolved.pointer}`,
          resolved,
        );
    });
  }
  for (const [name, value] of Object.entries(asObject(schema.properties) ?? {})) {
    shape.properties.set(name, { value, document: at.document, pointer: joinPointer(at.pointer, 'properties', name) });
  }
  if (Array.isArray(schema.required)) for (const name of schema.required) shape.required.add(String(name));
  if (schema.items !== undefined && !Array.isArray(schema.items))
    shape.items = { value: schema.items, document: at.document, pointer: joinPointer(at.pointer, 'items') };
  if (Array.isArray(schema.allOf)) {
    schema.allOf.forEach((member, index) => {
      const resolved = set.deref(member, at.document, joinPointer(at.pointer, 'allOf', index));
      if (resolved) merge(set, shape, resolved, depth + 1);
    });
  }
}
