import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { DocumentSet } from '../../src/openapi/documents.js';
import { ExampleValidator } from '../../src/openapi/example-validator.js';
import { SchemaValidator } from '../../src/openapi/schema-validator.js';

const dir = mkdtempSync(join(tmpdir(), 'junction-schema-validator-'));

/** [schema, values to validate]: each keyword the validator interprets, with passing and failing values. */
const CASES: [object | boolean, unknown[]][] = [
  [{ type: 'integer' }, [1, 1.5, '1', null]],
  [{ type: ['string', 'null'] }, ['a', null, 1]],
  [{ type: 'string', nullable: true }, ['a', null, 1]],
  [{ enum: ['a', 1, null, { b: [1] }] }, ['a', 1, null, { b: [1] }, { b: [2] }, 'c']],
  [{ const: { a: 1 } }, [{ a: 1 }, { a: 2 }]],
  [{ minimum: 1, maximum: 3, exclusiveMaximum: 3, multipleOf: 0.5 }, [1, 2.5, 3, 0, 1.25, 'x']],
  [{ exclusiveMinimum: 0 }, [0, 0.1]],
  [{ type: 'string', minLength: 2, maxLength: 3, pattern: '^a' }, ['ab', '😀😀', 'a', 'abcd', 'ba']],
  [{ type: 'string', format: 'date-time' }, ['2026-11-26T10:00:00Z', '2026-11-26', 'yesterday']],
  [{ format: 'uri' }, ['https://example.com/a?b', 'not a uri', 3]],
  [{ format: 'email' }, ['a@example.com', 'a@']],
  [{ format: 'uuid' }, ['123e4567-e89b-12d3-a456-426614174000', '123']],
  [{ format: 'int32' }, [1, 2 ** 31, 1.5, 'x']],
  [{ format: 'byte' }, ['aGVsbG8=', 'not base64!']],
  [{ format: 'unknown-format' }, ['anything']],
  [
    { type: 'array', items: { type: 'integer' }, minItems: 1, maxItems: 2, uniqueItems: true },
    [[1], [], [1, 2, 3], [1, 'a'], [1, 1], [{ a: 1 }, { a: 1 }]],
  ],
  [{ contains: { type: 'string' } }, [[1, 'a'], [1, 2], []]],
  [{ contains: { type: 'string' }, minContains: 2, maxContains: 3 }, [['a', 'b'], ['a'], ['a', 'b', 'c', 'd']]],
  [
    {
      type: 'object',
      required: ['id', 'name'],
      properties: { id: { type: 'integer' }, name: { type: 'string' } },
      additionalProperties: false,
    },
    [{ id: 1, name: 'a' }, { id: 'x' }, { id: 1, name: 'a', extra: true }, { name: 1, other: 2 }, []],
  ],
  [
    {
      properties: { a: { type: 'string' } },
      patternProperties: { '^x-': { type: 'integer' } },
      additionalProperties: { type: 'boolean' },
    },
    [{ a: 'b', 'x-y': 1, z: true }, { 'x-y': 'no' }, { z: 1 }],
  ],
  [
    { propertyNames: { pattern: '^[a-z]+$' }, minProperties: 1, maxProperties: 2 },
    [{ a: 1 }, { A: 1 }, {}, { a: 1, b: 2, c: 3 }],
  ],
  [{ dependencies: { a: ['b'], c: { required: ['d'] } } }, [{ a: 1, b: 2 }, { a: 1 }, { c: 1 }, { c: 1, d: 2 }]],
  [{ allOf: [{ type: 'object' }, { required: ['a'] }] }, [{ a: 1 }, {}, 1]],
  [{ anyOf: [{ type: 'string' }, { type: 'integer', minimum: 5 }] }, ['a', 7, 3, null]],
  [{ oneOf: [{ type: 'integer' }, { type: 'number', minimum: 2 }] }, [1, 1.5, 3, 'a']],
  [{ not: { type: 'string' } }, [1, 'a']],
  [
    { if: { properties: { kind: { const: 'a' } } }, then: { required: ['a'] }, else: { required: ['b'] } },
    [{ kind: 'a', a: 1 }, { kind: 'a' }, { b: 1 }, {}],
  ],
  [{ $ref: '#/components/schemas/case1' }, ['a', 1]],
  [
    { type: 'object', properties: { child: { $ref: '#/components/schemas/case2' } } },
    [{ child: { a: 1 } }, { child: { a: 'x' } }],
  ],
  [true, [1]],
  [{ properties: { never: false } }, [{}, { never: 1 }]],
];

/** 2020-12 only (OpenAPI 3.1). */
const CASES_2020: [object | boolean, unknown[]][] = [
  [
    { prefixItems: [{ type: 'string' }, { type: 'integer' }], items: false },
    [
      ['a', 1],
      ['a', 'b'],
      ['a', 1, 2],
    ],
  ],
  [{ allOf: [{ properties: { a: { type: 'integer' } } }], unevaluatedProperties: false }, [{ a: 1 }, { a: 1, b: 2 }]],
  [
    {
      oneOf: [
        { properties: { a: true }, required: ['a'] },
        { properties: { b: true }, required: ['b'] },
      ],
      unevaluatedProperties: false,
    },
    [{ a: 1 }, { b: 1 }, { a: 1, c: 1 }],
  ],
  [{ prefixItems: [{ type: 'string' }], contains: { type: 'integer' }, unevaluatedItems: false }, [['a', 1], ['a']]],
];

async function documentSet(name: string, document: object): Promise<DocumentSet> {
  writeFileSync(join(dir, name), JSON.stringify(document));
  return DocumentSet.load(join(dir, name));
}

/** The walker against Ajv (the validator live responses use), verdicts and messages alike. */
function compareWithAjv(family: '3.0' | '3.1', set: DocumentSet, cases: [object | boolean, unknown[]][]) {
  for (const allErrors of [false, true]) {
    const ajv = new SchemaValidator(set, family, { allErrors });
    const ours = new ExampleValidator(set, family, { allErrors });
    cases.forEach(([schema, values], index) => {
      for (const value of values) {
        const pointer = `/components/schemas/case${index}`;
        assert.deepEqual(
          ours.validate(pointer, value),
          ajv.validate(pointer, value),
          `${JSON.stringify(schema)} on ${JSON.stringify(value)} (allErrors: ${allErrors})`,
        );
      }
    });
  }
}

const schemas = (cases: [object | boolean, unknown[]][]) =>
  Object.fromEntries(cases.map(([schema], index) => [`case${index}`, schema]));

describe('example validator (the lint), held to Ajv (live responses)', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives Ajv’s verdicts and errors on OpenAPI 3.0 schemas, with ajv-formats’ formats', async () => {
    const set = await documentSet('spec30.json', {
      openapi: '3.0.3',
      info: { title: 't', version: '1' },
      paths: {},
      components: { schemas: schemas(CASES) },
    });
    compareWithAjv('3.0', set, CASES);
  });

  it('gives Ajv’s verdicts and errors on OpenAPI 3.1 schemas (JSON Schema 2020-12, unevaluated*)', async () => {
    const all = [...CASES, ...CASES_2020];
    const set = await documentSet('spec31.json', {
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {},
      components: { schemas: schemas(all) },
    });
    compareWithAjv('3.1', set, all);
  });

  it('counts what `contains` and a passing `if` evaluated, as 2020-12 says (where Ajv does not)', async () => {
    const set = await documentSet('annotations.json', {
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {},
      components: {
        schemas: {
          Tagged: { prefixItems: [{ type: 'string' }], contains: { type: 'integer' }, unevaluatedItems: false },
          Kind: { if: { required: ['kind'], properties: { kind: true } }, then: true, unevaluatedProperties: false },
        },
      },
    });
    const validator = new ExampleValidator(set, '3.1');
    assert.deepEqual(validator.validate('/components/schemas/Tagged', ['a', 1, null]), [
      { path: '/', message: 'must NOT have more than 2 items' },
    ]);
    assert.deepEqual(validator.validate('/components/schemas/Kind', { kind: 1 }), []);
    assert.deepEqual(validator.validate('/components/schemas/Kind', { kind: 1, other: 2 }), [
      { path: '/', message: 'unexpected property "other"' },
    ]);
  });

  it('reads Swagger 2.0 and OpenAPI 3.0 as they are meant: boolean exclusive bounds, x-nullable, type file', async () => {
    const set = await documentSet('spec20.json', {
      swagger: '2.0',
      info: { title: 't', version: '1' },
      paths: {},
      definitions: {
        Bounded: { type: 'number', maximum: 10, exclusiveMaximum: true, minimum: 0, exclusiveMinimum: false },
        Nullable: { type: 'string', 'x-nullable': true },
        Upload: { type: 'file' },
      },
    });
    const validator = new ExampleValidator(set, '2.0');
    assert.deepEqual(validator.validate('/definitions/Bounded', 10), [{ path: '/', message: 'must be < 10' }]);
    assert.deepEqual(validator.validate('/definitions/Bounded', 0), []);
    assert.deepEqual(validator.validate('/definitions/Nullable', null), []);
    assert.deepEqual(validator.validate('/definitions/Upload', 'bytes'), []);
  });

  it('applies `nullable` only with a type (Ajv refused such schemas: Twilio’s examples could not be checked)', async () => {
    const set = await documentSet('nullable.json', {
      openapi: '3.0.1',
      info: { title: 't', version: '1' },
      paths: {},
      components: {
        schemas: {
          Price: { nullable: true, description: 'no type' },
          Call: { type: 'object', properties: { price: { $ref: '#/components/schemas/Price' } } },
        },
      },
    });
    assert.deepEqual(new ExampleValidator(set, '3.0').validate('/components/schemas/Call', { price: null }), []);
  });

  it('follows $refs into other files of the spec, and reports a cycle that consumes nothing instead of overflowing', async () => {
    writeFileSync(
      join(dir, 'parts.json'),
      JSON.stringify({ Name: { type: 'string', maxLength: 3 }, Loop: { $ref: '#/Loop' } }),
    );
    const set = await documentSet('multi.json', {
      openapi: '3.0.3',
      info: { title: 't', version: '1' },
      paths: {},
      components: {
        schemas: {
          Pet: { properties: { name: { $ref: 'parts.json#/Name' } } },
          Loop: { $ref: 'parts.json#/Loop' },
          Bad: { type: 'string', pattern: '(?i)x' },
        },
      },
    });
    const validator = new ExampleValidator(set, '3.0');
    assert.deepEqual(validator.validate('/components/schemas/Pet', { name: 'Rex!' }), [
      { path: '/name', message: 'must NOT have more than 3 characters' },
    ]);
    assert.match(
      validator.validate('/components/schemas/Loop', 1)[0].message,
      /^the schema cannot be used: schemas nest deeper than/,
    );
    assert.match(
      validator.validate('/components/schemas/Bad', 'x')[0].message,
      /^the schema cannot be used: Invalid regular expression/,
    );
  });
});
