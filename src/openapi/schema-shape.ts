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
  /** the members of oneOf / anyOf (inline ones too), and of this schema's own allOf, as written */
  alternatives: Record<'oneOf' | 'anyOf' | 'allOf', Located[]>;
  /** `type` was written as a list of several types (OpenAPI 3.1), not one type */
  typeList: boolean;
  /** the value of `const`, when there is one */
  constValue?: { value: unknown };
  defaultValue?: { value: unknown };
  /** Zalando's `x-extensible-enum`: values a client may rely on, more may come */
  extensibleEnum?: unknown[];
  deprecated: boolean;
  /** the extensions oasdiff's lifecycle rules read */
  extensions: { sunset?: unknown; stability?: unknown };
  contentMediaType?: string;
  contentEncoding?: string;
  /** subschemas of single-schema keywords (JSON Schema 2020-12 and OpenAPI), by keyword */
  subschemas: Map<SubschemaKeyword, Located>;
  /** patternProperties and dependentSchemas, by pattern or property name */
  schemaMaps: Record<'patternProperties' | 'dependentSchemas', Map<string, Located>>;
  prefixItems: Located[];
  /** dependentRequired: property name → the properties it requires */
  dependentRequired: Map<string, string[]>;
  discriminator?: { propertyName?: string; mapping: Record<string, string> };
}

export const LOWER_BOUNDS = [
  'minLength',
  'minimum',
  'exclusiveMinimum',
  'minItems',
  'minProperties',
  'minContains',
] as const;
export const UPPER_BOUNDS = [
  'maxLength',
  'maximum',
  'exclusiveMaximum',
  'maxItems',
  'maxProperties',
  'maxContains',
] as const;
export type Bound = (typeof LOWER_BOUNDS)[number] | (typeof UPPER_BOUNDS)[number];
export const SUBSCHEMA_KEYWORDS = [
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
  'contentSchema',
  'additionalProperties',
  'not',
] as const;
export type SubschemaKeyword = (typeof SUBSCHEMA_KEYWORDS)[number];

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
    alternatives: { oneOf: [], anyOf: [], allOf: [] },
    typeList: false,
    deprecated: false,
    extensions: {},
    subschemas: new Map(),
    schemaMaps: { patternProperties: new Map(), dependentSchemas: new Map() },
    prefixItems: [],
    dependentRequired: new Map(),
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
    shape.typeList ||= types.filter((type) => type !== 'null').length > 1;
    shape.types ??= new Set();
    for (const type of types) shape.types.add(type);
    if (schema.nullable === true || schema['x-nullable'] === true) shape.types.add('null');
  }
  if (Array.isArray(schema.enum)) shape.enum = schema.enum;
  if (schema.default !== undefined) {
    shape.hasDefault = true;
    shape.defaultValue ??= { value: schema.default };
  }
  if (schema.const !== undefined) shape.constValue ??= { value: schema.const };
  if (Array.isArray(schema['x-extensible-enum'])) shape.extensibleEnum = schema['x-extensible-enum'];
  shape.deprecated ||= schema.deprecated === true;
  if (schema['x-sunset'] !== undefined) shape.extensions.sunset ??= schema['x-sunset'];
  if (schema['x-stability-level'] !== undefined) shape.extensions.stability ??= schema['x-stability-level'];
  if (typeof schema.contentMediaType === 'string') shape.contentMediaType ??= schema.contentMediaType;
  if (typeof schema.contentEncoding === 'string') shape.contentEncoding ??= schema.contentEncoding;
  const bounds = numericBounds(schema);
  for (const key of LOWER_BOUNDS)
    if (bounds[key] !== undefined) shape.bounds[key] = Math.max(bounds[key], shape.bounds[key] ?? -Infinity);
  for (const key of UPPER_BOUNDS)
    if (bounds[key] !== undefined) shape.bounds[key] = Math.min(bounds[key], shape.bounds[key] ?? Infinity);
  const here = (...segments: (string | number)[]): Located => {
    let value: unknown = schema;
    for (const segment of segments) value = (value as Record<string | number, unknown> | undefined)?.[segment];
    return { value, document: at.document, pointer: joinPointer(at.pointer, ...segments) };
  };
  for (const keyword of SUBSCHEMA_KEYWORDS)
    if (schema[keyword] !== undefined && !shape.subschemas.has(keyword)) shape.subschemas.set(keyword, here(keyword));
  for (const keyword of ['patternProperties', 'dependentSchemas'] as const)
    for (const name of Object.keys(asObject(schema[keyword]) ?? {}))
      if (!shape.schemaMaps[keyword].has(name)) shape.schemaMaps[keyword].set(name, here(keyword, name));
  if (Array.isArray(schema.prefixItems) && shape.prefixItems.length === 0)
    shape.prefixItems = schema.prefixItems.map((_, index) => here('prefixItems', index));
  for (const [name, list] of Object.entries(asObject(schema.dependentRequired) ?? {}))
    if (Array.isArray(list)) shape.dependentRequired.set(name, list.map(String));
  const discriminator = asObject(schema.discriminator);
  if (discriminator)
    shape.discriminator ??= {
      propertyName: typeof discriminator.propertyName === 'string' ? discriminator.propertyName : undefined,
      mapping: Object.fromEntries(
        Object.entries(asObject(discriminator.mapping) ?? {}).map(([key, value]) => [key, String(value)]),
      ),
    };
  // an empty pattern matches every string: it is no constraint
  if (typeof schema.pattern === 'string' && schema.pattern !== '') shape.patterns.add(schema.pattern);
  if (typeof schema.format === 'string') shape.format ??= schema.format;
  shape.readOnly ||= schema.readOnly === true;
  shape.writeOnly ||= schema.writeOnly === true;
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    if (!Array.isArray(schema[keyword])) continue;
    (schema[keyword] as unknown[]).forEach((option, index) => {
      shape.alternatives[keyword].push(here(keyword, index));
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
  if (schema.items !== undefined && !Array.isArray(schema.items)) shape.items ??= here('items');
  if (Array.isArray(schema.allOf)) {
    if (depth === 0) shape.alternatives.allOf = schema.allOf.map((_, index) => here('allOf', index));
    schema.allOf.forEach((member, index) => {
      const resolved = set.deref(member, at.document, joinPointer(at.pointer, 'allOf', index));
      if (resolved) merge(set, shape, resolved, depth + 1);
    });
  }
}

/**
 * The numeric bounds a schema writes. OpenAPI 3.0 and Swagger write an exclusive bound as `exclusiveMaximum: true`
 * beside `maximum`; JSON Schema 2020-12 (OpenAPI 3.1) writes the bound itself. Both read as the 2020-12 form.
 */
function numericBounds(schema: Json): Partial<Record<Bound, number>> {
  const bounds: Partial<Record<Bound, number>> = {};
  for (const key of [...LOWER_BOUNDS, ...UPPER_BOUNDS]) if (typeof schema[key] === 'number') bounds[key] = schema[key];
  if (schema.exclusiveMaximum === true && typeof schema.maximum === 'number') {
    bounds.exclusiveMaximum = schema.maximum;
    delete bounds.maximum;
  }
  if (schema.exclusiveMinimum === true && typeof schema.minimum === 'number') {
    bounds.exclusiveMinimum = schema.minimum;
    delete bounds.minimum;
  }
  return bounds;
}
