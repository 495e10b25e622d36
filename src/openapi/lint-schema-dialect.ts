import { childKind, type NodeKind } from './structure.js';
import { escapePointer } from './parse.js';

type Json = Record<string, unknown>;
const asObject = (value: unknown): Json | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;

/** A problem at a path below the schema checked, in Ajv's words (`must be number`). */
interface Problem {
  path: string;
  message: string;
}

/** What a keyword's value must be: the forms of JSON Schema 2020-12's meta-schemas and the OAS base vocabulary. */
type Form =
  | 'schema'
  | 'schemaArray'
  | 'schemaMap'
  | 'string'
  | 'boolean'
  | 'number'
  | 'positiveNumber'
  | 'nonNegativeInteger'
  | 'stringArray'
  | 'stringArrayMap'
  | 'array'
  | 'type'
  | 'anchor'
  | 'id'
  | 'booleanMap'
  | 'stringMap'
  | 'dependencies'
  | 'discriminator'
  | 'externalDocs'
  | 'xml';

/**
 * Every keyword the OpenAPI 3.1 dialect constrains (https://spec.openapis.org/oas/3.1/dialect/base: JSON Schema
 * 2020-12's core, applicator, unevaluated, validation, meta-data, format-annotation and content vocabularies, the
 * deprecated keywords its meta-schema still defines, and the OAS base vocabulary). Others (`const`, `default`,
 * `example`, `x-*`, unknown words) take any value. A unit test holds this table to Ajv's verdicts with the official
 * meta-schemas.
 */
const KEYWORDS: Record<string, Form> = {
  // core
  $id: 'id',
  $schema: 'string',
  $ref: 'string',
  $anchor: 'anchor',
  $dynamicRef: 'string',
  $dynamicAnchor: 'anchor',
  $vocabulary: 'booleanMap',
  $comment: 'string',
  $defs: 'schemaMap',
  // applicator
  prefixItems: 'schemaArray',
  items: 'schema',
  contains: 'schema',
  additionalProperties: 'schema',
  properties: 'schemaMap',
  patternProperties: 'schemaMap',
  dependentSchemas: 'schemaMap',
  propertyNames: 'schema',
  if: 'schema',
  then: 'schema',
  else: 'schema',
  allOf: 'schemaArray',
  anyOf: 'schemaArray',
  oneOf: 'schemaArray',
  not: 'schema',
  // unevaluated
  unevaluatedItems: 'schema',
  unevaluatedProperties: 'schema',
  // validation
  type: 'type',
  enum: 'array',
  multipleOf: 'positiveNumber',
  maximum: 'number',
  exclusiveMaximum: 'number',
  minimum: 'number',
  exclusiveMinimum: 'number',
  maxLength: 'nonNegativeInteger',
  minLength: 'nonNegativeInteger',
  pattern: 'string',
  maxItems: 'nonNegativeInteger',
  minItems: 'nonNegativeInteger',
  uniqueItems: 'boolean',
  maxContains: 'nonNegativeInteger',
  minContains: 'nonNegativeInteger',
  maxProperties: 'nonNegativeInteger',
  minProperties: 'nonNegativeInteger',
  required: 'stringArray',
  dependentRequired: 'stringArrayMap',
  // meta-data, format-annotation, content
  title: 'string',
  description: 'string',
  deprecated: 'boolean',
  readOnly: 'boolean',
  writeOnly: 'boolean',
  examples: 'array',
  format: 'string',
  contentEncoding: 'string',
  contentMediaType: 'string',
  contentSchema: 'schema',
  // kept by the 2020-12 meta-schema from earlier drafts
  definitions: 'schemaMap',
  dependencies: 'dependencies',
  $recursiveAnchor: 'anchor',
  $recursiveRef: 'string',
  // the OAS base vocabulary
  discriminator: 'discriminator',
  externalDocs: 'externalDocs',
  xml: 'xml',
};

const SIMPLE_TYPES = ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string'];
const ANCHOR = /^[A-Za-z_][-A-Za-z0-9._]*$/;
const ID = /^[^#]*#?$/;

/** The fields of the OAS base vocabulary's objects (`x-*` allowed beside them, nothing else). */
const OBJECT_FIELDS: Record<
  'discriminator' | 'externalDocs' | 'xml',
  { fields: Record<string, Form>; required?: string }
> = {
  discriminator: { fields: { propertyName: 'string', mapping: 'stringMap' }, required: 'propertyName' },
  externalDocs: { fields: { url: 'string', description: 'string' }, required: 'url' },
  xml: {
    fields: { name: 'string', namespace: 'string', prefix: 'string', attribute: 'boolean', wrapped: 'boolean' },
  },
};

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** One schema checked, subschemas included; problems are collected with their path below it. */
class DialectCheck {
  readonly problems: Problem[] = [];

  private fail(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  schema(value: unknown, path: string, depth: number): void {
    if (typeof value === 'boolean') return;
    const node = asObject(value);
    if (!node) return this.fail(path, 'must be a valid Schema Object');
    // a YAML alias can nest a schema in itself: deeper than this is not a schema any more
    if (depth > 200) return;
    for (const key in node) {
      const form = KEYWORDS[key];
      if (form) this.form(form, node[key], `${path}/${escapePointer(key)}`, depth);
    }
  }

  private form(form: Form, value: unknown, path: string, depth: number): void {
    switch (form) {
      case 'schema':
        return this.schema(value, path, depth + 1);
      case 'schemaArray':
        if (!Array.isArray(value)) return this.fail(path, 'must be array');
        if (value.length === 0) return this.fail(path, 'must not have fewer than 1 items');
        return value.forEach((item, index) => this.schema(item, `${path}/${index}`, depth + 1));
      case 'schemaMap': {
        const map = asObject(value);
        if (!map) return this.fail(path, 'must be object');
        for (const key in map) this.schema(map[key], `${path}/${escapePointer(key)}`, depth + 1);
        return;
      }
      case 'string':
        return typeof value === 'string' ? undefined : this.fail(path, 'must be string');
      case 'boolean':
        return typeof value === 'boolean' ? undefined : this.fail(path, 'must be boolean');
      case 'number':
        return isNumber(value) ? undefined : this.fail(path, 'must be number');
      case 'positiveNumber':
        if (!isNumber(value)) return this.fail(path, 'must be number');
        return value > 0 ? undefined : this.fail(path, 'must be > 0');
      case 'nonNegativeInteger':
        if (!Number.isInteger(value)) return this.fail(path, 'must be integer');
        return (value as number) >= 0 ? undefined : this.fail(path, 'must be >= 0');
      case 'array':
        return Array.isArray(value) ? undefined : this.fail(path, 'must be array');
      case 'stringArray':
        return this.stringArray(value, path);
      case 'stringArrayMap': {
        const map = asObject(value);
        if (!map) return this.fail(path, 'must be object');
        for (const key in map) this.stringArray(map[key], `${path}/${escapePointer(key)}`);
        return;
      }
      case 'type':
        return this.type(value, path);
      case 'anchor':
        if (typeof value !== 'string') return this.fail(path, 'must be string');
        return ANCHOR.test(value) ? undefined : this.fail(path, `must match pattern "${ANCHOR.source}"`);
      case 'id':
        if (typeof value !== 'string') return this.fail(path, 'must be string');
        return ID.test(value) ? undefined : this.fail(path, `must match pattern "${ID.source}"`);
      case 'booleanMap':
        return this.map(value, path, 'boolean');
      case 'stringMap':
        return this.map(value, path, 'string');
      case 'dependencies': {
        const map = asObject(value);
        if (!map) return this.fail(path, 'must be object');
        for (const key in map) {
          const entry = map[key];
          const isSchema = typeof entry === 'boolean' || asObject(entry) !== undefined;
          const entryPath = `${path}/${escapePointer(key)}`;
          if (isSchema) this.schema(entry, entryPath, depth + 1);
          else if (!Array.isArray(entry)) this.fail(entryPath, 'must match a schema in anyOf');
          else this.stringArray(entry, entryPath);
        }
        return;
      }
      default:
        return this.vocabularyObject(form, value, path);
    }
  }

  /** `$vocabulary` maps to booleans, a discriminator's `mapping` to strings. */
  private map(value: unknown, path: string, type: 'boolean' | 'string'): void {
    const map = asObject(value);
    if (!map) return this.fail(path, 'must be object');
    for (const key in map) if (typeof map[key] !== type) this.fail(`${path}/${escapePointer(key)}`, `must be ${type}`);
  }

  private stringArray(value: unknown, path: string): void {
    if (!Array.isArray(value)) return this.fail(path, 'must be array');
    value.forEach((item, index) => {
      if (typeof item !== 'string') this.fail(`${path}/${index}`, 'must be string');
    });
    // as Ajv words it: from the end, the first name met again, with the index where it was met first
    const seen = new Map<string, number>();
    for (let i = value.length - 1; i >= 0; i--) {
      const item: unknown = value[i];
      if (typeof item !== 'string') continue;
      const later = seen.get(item);
      if (later !== undefined)
        return this.fail(path, `must not have duplicate items (items ## ${later} and ${i} are identical)`);
      seen.set(item, i);
    }
  }

  private type(value: unknown, path: string): void {
    const allowed = `must be equal to one of the allowed values: ${SIMPLE_TYPES.map((type) => `"${type}"`).join(', ')}`;
    if (typeof value === 'string') return SIMPLE_TYPES.includes(value) ? undefined : this.fail(path, allowed);
    if (!Array.isArray(value)) return this.fail(path, 'must be either a string or an array of strings');
    if (value.length === 0) return this.fail(path, 'must not have fewer than 1 items');
    value.forEach((item, index) => {
      if (typeof item !== 'string' || !SIMPLE_TYPES.includes(item)) this.fail(`${path}/${index}`, allowed);
    });
    if (new Set(value).size !== value.length) this.fail(path, 'must not have duplicate items');
  }

  private vocabularyObject(form: 'discriminator' | 'externalDocs' | 'xml', value: unknown, path: string): void {
    const object = asObject(value);
    if (!object) return this.fail(path, 'must be object');
    const { fields, required } = OBJECT_FIELDS[form];
    if (required && !(required in object)) this.fail(path, `must have required property "${required}"`);
    for (const key in object) {
      const field = fields[key];
      if (field) this.form(field, object[key], `${path}/${escapePointer(key)}`, 0);
      else if (!key.startsWith('x-')) this.fail(path, 'must not have unevaluated properties');
    }
  }
}

/** The Schema Objects of a 3.1 document where OpenAPI places them (the check itself walks their subschemas). */
function outermostSchemas(root: Json): { pointer: string; schema: Json }[] {
  const found: { pointer: string; schema: Json }[] = [];
  const visit = (node: unknown, kind: NodeKind, pointer: string, depth: number): void => {
    if (node === null || typeof node !== 'object' || depth > 100) return;
    if (kind === 'schema') {
      // a schema that is no object or boolean is already a structure problem of the document
      if (!Array.isArray(node)) found.push({ pointer, schema: node as Json });
      return;
    }
    const entries = Array.isArray(node)
      ? node.map((value, index) => [String(index), value] as const)
      : Object.entries(node);
    for (const [key, value] of entries) {
      const child = childKind(kind, key, value, false);
      if (child !== 'data') visit(value, child, `${pointer}/${escapePointer(key)}`, depth + 1);
    }
  };
  visit(root, 'document', '', 0);
  return found;
}

/** One schema's problems, one per place, with paths below it (exported for the test that holds it to Ajv). */
export function dialectProblems(schema: unknown): Problem[] {
  const check = new DialectCheck();
  check.schema(schema, '', 0);
  const first = new Map<string, string>();
  for (const problem of check.problems) if (!first.has(problem.path)) first.set(problem.path, problem.message);
  return [...first].map(([path, message]) => ({ path, message }));
}

/**
 * oas3-schema for what the OpenAPI 3.1 document schema leaves open: every Schema Object checked against the 3.1
 * dialect (a boolean `exclusiveMinimum` from 3.0, `required` listing a name twice, a boolean `$recursiveAnchor` from
 * 2019-09), worded as Spectral does (`"exclusiveMinimum" property must be number.`). Pointers are in `root`.
 */
export function schemaDialectProblems(root: Json): { pointer: string; message: string }[] {
  return outermostSchemas(root).flatMap(({ pointer, schema }) =>
    dialectProblems(schema).map(({ path, message }) => {
      const property = path
        .slice(path.lastIndexOf('/') + 1)
        .replaceAll('~1', '/')
        .replaceAll('~0', '~');
      return {
        pointer: pointer + path,
        message: `${path === '' ? 'The schema' : `"${property}" property`} ${message}.`,
      };
    }),
  );
}
