import type { ErrorObject, ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import metaSchemasModule from 'ajv/dist/refs/json-schema-2020-12/index.js';
import { childKind, type NodeKind } from './structure.js';
import { escapePointer } from './parse.js';

type Json = Record<string, unknown>;

type AddMetaSchemas = (this: { addMetaSchema(schema: object): void }) => void;
// a CommonJS module: Node hands its exports object as the default import, Vite the function itself
const addMetaSchemas2020: AddMetaSchemas =
  (metaSchemasModule as unknown as { default?: AddMetaSchemas }).default ??
  (metaSchemasModule as unknown as AddMetaSchemas);

/** Where the JSON Schema 2020-12 meta-schemas point their subschemas: our dialect, statically. */
const DIALECT = 'urn:junction:openapi-3.1-dialect';

/**
 * OpenAPI 3.1's Schema Object dialect (https://spec.openapis.org/oas/3.1/dialect/base): JSON Schema 2020-12 (the
 * meta-schemas Ajv ships) plus the OAS base vocabulary's discriminator, externalDocs and xml. The meta-schemas reach
 * subschemas through `$dynamicRef: "#meta"`; here that becomes a plain `$ref` to the dialect, which is what it
 * resolves to for an OpenAPI document and spares Ajv its slow dynamic scope.
 */
function dialectSchemas(): object[] {
  const metaSchemas: object[] = [];
  // the function adds each meta-schema to the Ajv it is called on; collect them instead
  addMetaSchemas2020.call({ addMetaSchema: (schema: object) => metaSchemas.push(schema) });
  const statik = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(statik);
    if (!node || typeof node !== 'object') return node;
    const out: Json = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === '$dynamicAnchor' || key === '$vocabulary' || key === '$schema') continue;
      if (key === '$dynamicRef' && value === '#meta') out.$ref = DIALECT;
      else out[key] = statik(value);
    }
    return out;
  };
  const extensible = { patternProperties: { '^x-': true } };
  const base = {
    $id: DIALECT,
    allOf: [{ $ref: 'https://json-schema.org/draft/2020-12/schema' }],
    properties: {
      discriminator: {
        ...extensible,
        type: 'object',
        required: ['propertyName'],
        properties: {
          propertyName: { type: 'string' },
          mapping: { type: 'object', additionalProperties: { type: 'string' } },
        },
        unevaluatedProperties: false,
      },
      externalDocs: {
        ...extensible,
        type: 'object',
        required: ['url'],
        properties: { url: { type: 'string' }, description: { type: 'string' } },
        unevaluatedProperties: false,
      },
      xml: {
        ...extensible,
        type: 'object',
        properties: {
          name: { type: 'string' },
          namespace: { type: 'string' },
          prefix: { type: 'string' },
          attribute: { type: 'boolean' },
          wrapped: { type: 'boolean' },
        },
        unevaluatedProperties: false,
      },
    },
  };
  return [...metaSchemas.map(statik), base] as object[];
}

let validator: ValidateFunction | undefined;

/** Compiled on first use (a 3.1 document's lint), once per process. */
function dialectValidator(): ValidateFunction {
  if (validator) return validator;
  const ajv = new Ajv2020({
    allErrors: true,
    strict: false,
    validateFormats: false,
    meta: false,
    validateSchema: false,
  });
  for (const schema of dialectSchemas()) ajv.addSchema(schema);
  validator = ajv.getSchema(DIALECT)!;
  return validator;
}

/** The Schema Objects of a 3.1 document where OpenAPI places them (the meta-schema itself walks their subschemas). */
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

const COMBINATORS = new Set(['anyOf', 'oneOf', 'not', 'if', 'then', 'else', '$ref']);

/** `"exclusiveMinimum" property must be number`, as Spectral words Ajv's errors; one per place. */
function describe(errors: readonly ErrorObject[]): { path: string; message: string }[] {
  const byPath = new Map<string, ErrorObject[]>();
  for (const error of errors) byPath.set(error.instancePath, [...(byPath.get(error.instancePath) ?? []), error]);
  const paths = [...byPath.keys()];
  // an alternative that failed only because something inside it did: the inner error says where
  const deeperOnly = (path: string, here: ErrorObject[]) =>
    here.every((error) => COMBINATORS.has(error.keyword)) && paths.some((other) => other.startsWith(`${path}/`));
  return [...byPath]
    .filter(([path, here]) => !deeperOnly(path, here))
    .map(([path, here]) => {
      const property = path.split('/').at(-1)?.replaceAll('~1', '/').replaceAll('~0', '~');
      const subject = property === undefined || path === '' ? 'The schema' : `"${property}" property`;
      // several forms allowed (type: a name or a list of names) and none matched: one message, not one per form
      const alternatives = here.find((error) => error.keyword === 'anyOf' || error.keyword === 'oneOf');
      const concrete = here.find((error) => !COMBINATORS.has(error.keyword));
      const text = alternatives
        ? 'must match one of its allowed forms'
        : (concrete ?? here[0]).message!.replace(/NOT/g, 'not').replace(/['"]/g, '"');
      return { path, message: `${subject} ${text}.` };
    });
}

/**
 * oas3-schema for what the OpenAPI 3.1 document schema leaves open: every Schema Object checked against the 3.1
 * dialect (JSON Schema 2020-12: a boolean `exclusiveMinimum` from 3.0, `required` listing a name twice, a boolean
 * `$recursiveAnchor` from 2019-09). Pointers are in the document given.
 */
export function schemaDialectProblems(root: Json): { pointer: string; message: string }[] {
  const validate = dialectValidator();
  return outermostSchemas(root).flatMap(({ pointer, schema }) => {
    if (validate(schema)) return [];
    return describe(validate.errors ?? []).map(({ path, message }) => ({ pointer: pointer + path, message }));
  });
}
