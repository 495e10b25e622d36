import type { DocumentSet, SpecDocument } from './documents.js';
import { joinPointer } from './parse.js';

type Json = Record<string, unknown>;
const asObject = (value: unknown): Json | undefined => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined);

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
  maxLength?: number;
  maximum?: number;
  minLength?: number;
  minimum?: number;
}

const MAX_ALLOF_DEPTH = 16;

export function schemaShape(set: DocumentSet, node: Located): SchemaShape | undefined {
  const resolved = set.deref(node.value, node.document, node.pointer);
  if (!resolved) return undefined;
  const shape: SchemaShape = { at: resolved, properties: new Map(), required: new Set(), hasDefault: false };
  merge(set, shape, resolved, 0);
  return shape;
}

function merge(set: DocumentSet, shape: SchemaShape, at: Located, depth: number): void {
  const schema = asObject(at.value);
  if (!schema || depth > MAX_ALLOF_DEPTH) return;
  const types = typeof schema.type === 'string' ? [schema.type] : Array.isArray(schema.type) ? schema.type.map(String) : [];
  if (types.length > 0) {
    shape.types ??= new Set();
    for (const type of types) shape.types.add(type);
    if (schema.nullable === true || schema['x-nullable'] === true) shape.types.add('null');
  }
  if (Array.isArray(schema.enum)) shape.enum = schema.enum;
  if (schema.default !== undefined) shape.hasDefault = true;
  for (const key of ['maxLength', 'maximum', 'minLength', 'minimum'] as const) {
    if (typeof schema[key] === 'number') shape[key] = schema[key];
  }
  for (const [name, value] of Object.entries(asObject(schema.properties) ?? {})) {
    shape.properties.set(name, { value, document: at.document, pointer: joinPointer(at.pointer, 'properties', name) });
  }
  if (Array.isArray(schema.required)) for (const name of schema.required) shape.required.add(String(name));
  if (schema.items !== undefined && !Array.isArray(schema.items)) shape.items = { value: schema.items, document: at.document, pointer: joinPointer(at.pointer, 'items') };
  if (Array.isArray(schema.allOf)) {
    schema.allOf.forEach((member, index) => {
      const resolved = set.deref(member, at.document, joinPointer(at.pointer, 'allOf', index));
      if (resolved) merge(set, shape, resolved, depth + 1);
    });
  }
}
