import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { ErrorObject } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import metaSchemasModule from 'ajv/dist/refs/json-schema-2020-12/index.js';
import { describe, it } from 'vitest';
import { ingestSpec } from '../../src/openapi/ingest.js';
import { dialectProblems } from '../../src/openapi/lint-schema-dialect.js';
import { corpusPath } from '../helpers/corpus.js';

type Json = Record<string, unknown>;
type AddMetaSchemas = (this: { addMetaSchema(schema: object): void }) => void;
const addMetaSchemas =
  (metaSchemasModule as unknown as { default?: AddMetaSchemas }).default ??
  (metaSchemasModule as unknown as AddMetaSchemas);

/**
 * The reference: Ajv with JSON Schema 2020-12's own meta-schemas (as Ajv ships them) under the OAS base vocabulary
 * (https://spec.openapis.org/oas/3.1/meta/base), `$dynamicRef: "#meta"` pointed at that dialect.
 */
const DIALECT = 'urn:test:oas-3.1-dialect';
const metaSchemas: Json[] = [];
addMetaSchemas.call({ addMetaSchema: (schema) => metaSchemas.push(schema as Json) });
/** `$dynamicRef: "#meta"` made a plain `$ref` to the dialect; each meta-schema's own dialect declarations dropped. */
const statik = (node: unknown): unknown => {
  if (Array.isArray(node)) return node.map(statik);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) =>
      key === '$dynamicRef' && value === '#meta' ? ['$ref', DIALECT] : [key, statik(value)],
    ),
  );
};
const topLevel = (schema: Json) =>
  Object.fromEntries(
    Object.entries(schema).filter(([key]) => !['$dynamicAnchor', '$vocabulary', '$schema'].includes(key)),
  );
const extensible = { patternProperties: { '^x-': true }, unevaluatedProperties: false, type: 'object' };
const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false, meta: false, validateSchema: false });
for (const schema of metaSchemas) ajv.addSchema(statik(topLevel(schema)) as object);
ajv.addSchema({
  $id: DIALECT,
  allOf: [{ $ref: 'https://json-schema.org/draft/2020-12/schema' }],
  properties: {
    discriminator: {
      ...extensible,
      required: ['propertyName'],
      properties: {
        propertyName: { type: 'string' },
        mapping: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
    externalDocs: {
      ...extensible,
      required: ['url'],
      properties: { url: { type: 'string' }, description: { type: 'string' } },
    },
    xml: {
      ...extensible,
      properties: {
        name: { type: 'string' },
        namespace: { type: 'string' },
        prefix: { type: 'string' },
        attribute: { type: 'boolean' },
        wrapped: { type: 'boolean' },
      },
    },
  },
});
const validate = ajv.getSchema(DIALECT)!;

const COMBINATORS = new Set(['anyOf', 'oneOf', 'not', 'if', 'then', 'else', '$ref']);
/** Where a verdict finds problems: the deepest places (an alternative that failed inside names the inner place). */
const deepest = (paths: Iterable<string>) => {
  const all = [...new Set(paths)];
  return all.filter((path) => !all.some((other) => other.startsWith(`${path}/`))).sort();
};
const ajvPlaces = (schema: unknown) => {
  if (validate(schema)) return [];
  const errors: ErrorObject[] = validate.errors ?? [];
  return deepest(errors.filter((error) => !COMBINATORS.has(error.keyword)).map((error) => error.instancePath));
};
const ourPlaces = (schema: unknown) => deepest(dialectProblems(schema).map((problem) => problem.path));

/** Every keyword the meta-schemas define, read from them (not from the table under test). */
const KEYWORDS = [
  ...new Set([
    ...metaSchemas.flatMap((schema) => Object.keys((schema.properties as Json | undefined) ?? {})),
    'discriminator',
    'externalDocs',
    'xml',
  ]),
];
const WRONG: unknown[] = [
  1,
  -1,
  1.5,
  0,
  'text',
  'strin',
  '#/a',
  true,
  null,
  [],
  ['a', 'a'],
  ['a', 1],
  ['string', 'string'],
  [{ type: 'string' }],
  {},
  { a: 1 },
  { a: ['x'] },
  { a: { type: 1 } },
  { propertyName: 'kind', other: 1 },
  { url: 'https://a.test', 'x-note': 1 },
  { mapping: { a: 1 } },
];

describe('the OpenAPI 3.1 dialect check agrees with Ajv and the JSON Schema 2020-12 meta-schemas', () => {
  it('on every keyword with values of every shape, at the root and nested', () => {
    assert.ok(KEYWORDS.length >= 60, `${KEYWORDS.length} keywords read from the meta-schemas`);
    let compared = 0;
    for (const keyword of KEYWORDS)
      for (const value of WRONG)
        for (const schema of [
          { [keyword]: value },
          { type: 'object', properties: { a: { oneOf: [{ type: 'null' }, { [keyword]: value }] } } },
        ]) {
          assert.deepEqual(ourPlaces(schema), ajvPlaces(schema), JSON.stringify(schema));
          compared++;
        }
    assert.ok(compared > 2000);
  });

  for (const file of ['openai.v3.1.yaml', 'discord-v10.v3.1.json', 'oai-webhook-example.v3.1.yaml'])
    it(`on every component schema of ${file}`, async () => {
      const path = corpusPath(`openapi/specs/${file}`);
      assert.ok(existsSync(path), `the corpus is missing: ${path} (../shared/corpus)`);
      const spec = await ingestSpec(path, file);
      const root = spec.documents.root.value as { components?: { schemas?: Json } };
      for (const [name, schema] of Object.entries(root.components?.schemas ?? {}))
        assert.deepEqual(ourPlaces(schema), ajvPlaces(schema), name);
    });
});
