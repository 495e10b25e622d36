import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, it } from 'vitest';
import type { SpecDiffResult } from '../../src/model/artifacts/spec.js';
import { diffSpecs } from '../../src/openapi/diff.js';
import { diffMarkdown, diffText } from '../../src/openapi/diff-format.js';
import { ingestSpec } from '../../src/openapi/ingest.js';

const PAIRS = fileURLToPath(new URL('../../../shared/corpus/openapi/pairs/', import.meta.url));

async function diffPair(pair: string, extension: string): Promise<SpecDiffResult> {
  const read = (side: string) => ingestSpec(`${PAIRS}${pair}/${side}.${extension}`, side, { validate: false });
  const [before, after] = await Promise.all([read('old'), read('new')]);
  return diffSpecs(before, after);
}

const removedOperations = (diff: SpecDiffResult) =>
  diff.changes
    .filter((change) => change.id.startsWith('operation-removed'))
    .map((change) => /^(\w+ \S+)/.exec(change.message)![1]);
const added = (diff: SpecDiffResult) => diff.changes.filter((change) => change.id === 'operation-added');

// Expectations from SOURCES.md ("Expected breaking changes"), as a person names them.
describe('breaking changes in the corpus pairs', () => {
  it('kubernetes 1.28 → 1.29: flowcontrol v1beta2 and ClusterCIDR v1alpha1 removed (34 operations), 47 added', async () => {
    const diff = await diffPair('kubernetes-1.28-to-1.29', 'json');
    const removed = removedOperations(diff);
    assert.equal(removed.length, 34);
    for (const operation of removed)
      assert.match(operation, /flowcontrol\.apiserver\.k8s\.io\/v1beta2|networking\.k8s\.io\/v1alpha1\/.*clustercidrs/);
    assert.equal(added(diff).length, 47);
    assert.ok(
      diff.changes
        .filter((change) => change.id.startsWith('operation-removed'))
        .every((change) => change.breaking && change.old?.line),
    );
  });

  it('slack 1.5.0 → 1.7.0: the 43 legacy channels/groups/im/mpim methods removed, 32 added', async () => {
    const diff = await diffPair('slack-web-1.5.0-to-1.7.0', 'json');
    const removed = removedOperations(diff);
    assert.equal(removed.length, 43);
    for (const operation of removed) assert.match(operation, /^\w+ \/(channels|groups|im|mpim)\./);
    assert.equal(added(diff).length, 32);
    // team ids may now start with E (Enterprise Grid), and an app id may be empty: clients checking either break
    const patterns = diff.changes.filter((change) => change.id === 'response-pattern-changed');
    assert.deepEqual(patterns.map((change) => /^GET \/[\w.]+/.exec(change.message)![0]).sort(), [
      'GET /team.info',
      'GET /users.profile.get',
    ]);
    assert.ok(patterns.every((change) => change.breaking));
  });

  it('openai 2023-12 → 2024-01: POST /edits and the 5 /fine-tunes operations removed, info.version unchanged', async () => {
    const diff = await diffPair('openai-2023-12-to-2024-01', 'yaml');
    const removed = removedOperations(diff);
    assert.equal(removed.length, 6);
    assert.ok(removed.includes('POST /edits'));
    assert.equal(removed.filter((operation) => operation.includes('/fine-tunes')).length, 5);
  });

  it('twilio events 2.3.5 → 2.4.0: SinkSid removed from the update-Subscription body, and nothing else breaks', async () => {
    const diff = await diffPair('twilio-events-v1-2.3.5-to-2.4.0', 'yaml');
    const breaking = diff.changes.filter((change) => change.breaking);
    assert.equal(breaking.length, 1);
    assert.equal(breaking[0].id, 'request-body-property-removed');
    assert.match(breaking[0].message, /POST \/v1\/Subscriptions\/\{Sid\}.*"SinkSid"/);
    assert.ok(breaking[0].old?.line);
    assert.match(
      diffMarkdown(diff),
      /^## API changes: 1 breaking, 0 non-breaking[^]*\| \*\*breaking\*\* \| `request-body-property-removed` \|/,
    );
    assert.match(
      diffText(diff),
      /^1 breaking change, 0 others\nBREAKING request-body-property-removed: [^\n]+\n {9}old \/paths\/[^\n]+SinkSid:\d+\n/,
    );
  });

  it('twilio api 2.4.2 → 2.5.0: the usage category enum removed breaks responses, while widening requests is compatible', async () => {
    const diff = await diffPair('twilio-api-v2010-2.4.2-to-2.5.0', 'yaml');
    const breaking = diff.changes.filter((change) => change.breaking);
    assert.ok(breaking.length >= 10);
    for (const change of breaking) {
      assert.match(change.id, /^response-/);
      assert.match(change.message, /\.(usage_)?category:/);
    }
    assert.ok(breaking.some((change) => change.id === 'response-enum-removed'));
    const requestSide = diff.changes.filter(
      (change) => change.id.startsWith('request-') && change.id.endsWith('enum-removed'),
    );
    assert.ok(requestSide.length > 0);
    assert.ok(requestSide.every((change) => !change.breaking));
  });
});

describe('diff rules on small specs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'junction-diff-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, document: object) => {
    writeFileSync(
      join(dir, name),
      JSON.stringify({ openapi: '3.0.3', info: { title: 't', version: '1.0.0' }, ...document }),
    );
    return join(dir, name);
  };
  const operation = (extra: object = {}) => ({
    get: { operationId: 'get', responses: { '200': { description: 'ok' } }, ...extra },
  });
  const body = (schema: object) => ({
    post: {
      requestBody: { required: true, content: { 'application/json': { schema } } },
      responses: { '201': { description: 'ok' } },
    },
  });
  const response = (schema: object) => ({
    get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema } } } } },
  });
  const diff = async (before: object, afterDocument: object) =>
    diffSpecs(await ingestSpec(write('a.json', before), 'a'), await ingestSpec(write('b.json', afterDocument), 'b'));
  const ids = (result: SpecDiffResult) =>
    result.changes.map((change) => `${change.breaking ? '!' : ''}${change.id}`).sort();

  it('moving properties into a $ref and allOf is not a change', async () => {
    const inline = {
      type: 'object',
      required: ['id'],
      properties: { id: { type: 'string' }, name: { type: 'string' } },
    };
    const refactored = {
      paths: {
        '/a': response({
          allOf: [{ $ref: '#/components/schemas/Base' }, { type: 'object', properties: { name: { type: 'string' } } }],
        }),
      },
      components: { schemas: { Base: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } } } },
    };
    assert.deepEqual(ids(await diff({ paths: { '/a': response(inline) } }, refactored)), []);
  });

  it('a new required request property with a default is not breaking; without one it is', async () => {
    const before = { paths: { '/a': body({ type: 'object', properties: { a: { type: 'string' } } }) } };
    const withDefault = {
      paths: {
        '/a': body({
          type: 'object',
          required: ['b'],
          properties: { a: { type: 'string' }, b: { type: 'string', default: 'x' } },
        }),
      },
    };
    const without = {
      paths: {
        '/a': body({ type: 'object', required: ['b'], properties: { a: { type: 'string' }, b: { type: 'string' } } }),
      },
    };
    assert.deepEqual(ids(await diff(before, withDefault)), ['request-body-property-added-required']);
    assert.deepEqual(ids(await diff(before, without)), ['!request-body-property-added-required']);
  });

  it('classifies parameters, enums, bounds, statuses, media types and security', async () => {
    const before = {
      paths: {
        '/a/{id}': operation({
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'q', in: 'query', schema: { type: 'string', enum: ['x', 'y'], maxLength: 10 } },
            { name: 'moved', in: 'query', schema: { type: 'string' } },
          ],
          responses: {
            '200': {
              description: 'ok',
              content: {
                'application/json': {
                  schema: { type: 'object', properties: { s: { type: 'string', enum: ['on', 'off'] } } },
                },
              },
            },
            '404': { description: 'no' },
          },
        }),
      },
    };
    const afterDocument = {
      paths: {
        '/a/{key}': operation({
          parameters: [
            { name: 'key', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'q', in: 'query', schema: { type: 'string', enum: ['x'], maxLength: 5 } },
            { name: 'moved', in: 'header', schema: { type: 'string' } },
            { name: 'new', in: 'query', required: true, schema: { type: 'string' } },
          ],
          security: [{ key: [] }],
          responses: {
            '200': {
              description: 'ok',
              content: {
                'application/json': {
                  schema: { type: 'object', properties: { s: { type: 'string', enum: ['on', 'off', 'auto'] } } },
                },
              },
            },
          },
        }),
      },
      components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'x-key' } } },
    };
    assert.deepEqual(ids(await diff(before, afterDocument)), [
      '!request-parameter-added-required',
      '!request-parameter-enum-value-removed',
      '!request-parameter-max-length-decreased',
      '!request-parameter-moved',
      '!response-enum-value-added',
      '!security-requirement-added',
      'response-status-removed',
    ]);
  });

  it('bounds, patterns and formats: tightened on requests or loosened on responses breaks', async () => {
    const shape = (extra: object) => ({
      type: 'object',
      properties: { tags: { type: 'array', items: { type: 'string' }, ...extra } },
    });
    const spec = (request: object, answer: object) => ({ paths: { '/a': { ...body(request), ...response(answer) } } });
    const before = spec(
      {
        type: 'object',
        properties: {
          code: { type: 'string', pattern: '^[A-Z]+$' },
          count: { type: 'integer', format: 'int32' },
          tags: { type: 'array', maxItems: 5 },
        },
      },
      {
        type: 'object',
        properties: {
          code: { type: 'string', pattern: '^[A-Z]+$', maxLength: 8 },
          count: { type: 'integer', format: 'int32' },
        },
      },
    );
    const afterDocument = spec(
      {
        type: 'object',
        properties: {
          code: { type: 'string' },
          count: { type: 'integer', format: 'int64' },
          tags: { type: 'array', maxItems: 5, minItems: 1 },
        },
      },
      {
        type: 'object',
        properties: { code: { type: 'string', pattern: '^[A-Z]+$' }, count: { type: 'integer', format: 'int64' } },
      },
    );
    assert.deepEqual(ids(await diff(before, afterDocument)), [
      '!request-body-min-items-increased',
      '!response-format-changed',
      '!response-max-length-increased',
      'request-body-format-changed',
      'request-body-pattern-removed',
    ]);
    assert.deepEqual(
      ids(await diff({ paths: { '/a': body(shape({})) } }, { paths: { '/a': body(shape({ uniqueItems: true })) } })),
      [],
    );
  });

  it('nullability: a request that refuses null, or a response that may send it, breaks', async () => {
    const field = (nullable: boolean) => ({ type: 'object', properties: { note: { type: 'string', nullable } } });
    const spec = (request: boolean, answer: boolean) => ({
      paths: { '/a': { ...body(field(request)), ...response(field(answer)) } },
    });
    assert.deepEqual(ids(await diff(spec(true, false), spec(false, true))), [
      '!request-body-became-not-nullable',
      '!response-became-nullable',
    ]);
    assert.deepEqual(ids(await diff(spec(false, true), spec(true, false))), [
      'request-body-became-nullable',
      'response-became-not-nullable',
    ]);
  });

  it('readOnly properties are not part of a request, writeOnly ones not part of a response', async () => {
    const pet = (properties: object, required: string[] = []) => ({ type: 'object', required, properties });
    const spec = (schema: object) => ({ paths: { '/a': { ...body(schema), ...response(schema) } } });
    const fields = { name: { type: 'string' }, secret: { type: 'string', writeOnly: true }, owner: { type: 'string' } };
    const before = spec(pet(fields, ['owner']));
    // a new required read-only id is no new demand on requests; a write-only secret dropped from responses is no loss
    assert.deepEqual(
      ids(await diff(before, spec(pet({ id: { type: 'string', readOnly: true }, ...fields }, ['owner', 'id'])))),
      ['response-property-added'],
    );
    const { secret: _, ...withoutSecret } = fields;
    assert.deepEqual(
      ids(await diff({ paths: { '/a': response(pet(fields)) } }, { paths: { '/a': response(pet(withoutSecret)) } })),
      [],
    );
    const flipped = spec(
      pet(
        {
          name: { type: 'string', readOnly: true },
          secret: { type: 'string', writeOnly: true },
          owner: { type: 'string', writeOnly: true },
        },
        ['owner'],
      ),
    );
    assert.deepEqual(ids(await diff(before, flipped)), [
      '!request-body-property-became-read-only',
      '!response-property-became-write-only',
    ]);
  });

  it('response headers: an optional one removed is reported, a changed type breaks', async () => {
    const headers = (extra: object) => ({
      get: {
        responses: {
          '200': { description: 'ok', headers: { 'X-Rate-Limit': { schema: { type: 'integer' } }, ...extra } },
        },
      },
    });
    const before = { paths: { '/a': headers({ 'X-Trace': { schema: { type: 'string' } } }) } };
    const afterDocument = {
      paths: {
        '/a': {
          get: {
            responses: { '200': { description: 'ok', headers: { 'X-Rate-Limit': { schema: { type: 'string' } } } } },
          },
        },
      },
    };
    assert.deepEqual(ids(await diff(before, afterDocument)), [
      '!response-header-type-changed',
      'response-optional-header-removed',
    ]);
  });

  it('a changed serialization of an array parameter breaks; of a scalar it changes nothing', async () => {
    const spec = (style: object) => ({
      paths: {
        '/a': operation({
          parameters: [
            { name: 'ids', in: 'query', schema: { type: 'array', items: { type: 'string' } }, ...style },
            { name: 'q', in: 'query', schema: { type: 'string' }, ...style },
          ],
        }),
      },
    });
    assert.deepEqual(ids(await diff(spec({}), spec({ explode: false }))), ['!request-parameter-style-changed']);
    assert.deepEqual(ids(await diff(spec({}), spec({ style: 'form', explode: true }))), []);
  });

  it('named alternatives: one a request no longer accepts, or one a response may return, breaks', async () => {
    const components = {
      schemas: {
        Cat: { type: 'object', properties: { purrs: { type: 'boolean' } } },
        Dog: { type: 'object', properties: { barks: { type: 'boolean' } } },
      },
    };
    const pets = (names: string[]) => ({ oneOf: names.map((name) => ({ $ref: `#/components/schemas/${name}` })) });
    const spec = (request: string[], answer: string[]) => ({
      paths: { '/a': { ...body(pets(request)), ...response(pets(answer)) } },
      components,
    });
    assert.deepEqual(ids(await diff(spec(['Cat', 'Dog'], ['Cat']), spec(['Cat'], ['Cat', 'Dog']))), [
      '!request-body-option-removed',
      '!response-option-added',
    ]);
    assert.deepEqual(ids(await diff(spec(['Cat'], ['Cat', 'Dog']), spec(['Cat', 'Dog'], ['Cat']))), [
      'request-body-option-added',
      'response-option-removed',
    ]);
    const changedDog = {
      ...components,
      schemas: {
        ...components.schemas,
        Dog: { type: 'object', required: ['barks'], properties: { barks: { type: 'boolean' } } },
      },
    };
    assert.deepEqual(
      ids(await diff(spec(['Cat', 'Dog'], ['Dog']), { ...spec(['Cat', 'Dog'], ['Dog']), components: changedDog })),
      ['!request-body-property-became-required'],
    );
  });

  it('a removed success response and media type are breaking', async () => {
    const before = {
      paths: {
        '/a': {
          get: {
            responses: {
              '200': {
                description: 'ok',
                content: {
                  'application/json': { schema: { type: 'string' } },
                  'text/csv': { schema: { type: 'string' } },
                },
              },
            },
          },
        },
      },
    };
    const afterDocument = {
      paths: {
        '/a': {
          get: {
            responses: {
              '200': { description: 'ok', content: { 'application/json': { schema: { type: 'string' } } } },
            },
          },
        },
      },
    };
    assert.deepEqual(ids(await diff(before, afterDocument)), ['!response-media-type-removed']);
    const gone = { paths: { '/a': { get: { responses: { '202': { description: 'later' } } } } } };
    assert.deepEqual(ids(await diff(before, gone)), ['!response-success-status-removed', 'response-status-added']);
  });
});
