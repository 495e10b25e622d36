import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import type { SpecDiffResult } from '../../src/model/artifacts/spec.js';
import { diffSpecs } from '../../src/openapi/diff.js';
import type { Log } from 'sarif';
import { diffMarkdown, diffText, renderDiff } from '../../src/report/spec-diff.js';
import { sarifValidator } from '../helpers/sarif.js';
import { ingestSpec } from '../../src/openapi/ingest.js';
import { corpusPath } from '../helpers/corpus.js';

const PAIRS = corpusPath('openapi/pairs/');
const CAFE = corpusPath('openapi/multifile/redocly-cafe/');

async function diffPair(pair: string, extension: string): Promise<SpecDiffResult> {
  const read = (side: string) => ingestSpec(`${PAIRS}${pair}/${side}.${extension}`, side, { validate: false });
  const [before, after] = await Promise.all([read('old'), read('new')]);
  return diffSpecs(before, after);
}

const REMOVED = /^api-(path-)?removed-/;
const removedOperations = (diff: SpecDiffResult) =>
  diff.changes.filter((change) => REMOVED.test(change.id)).map((change) => /^(\w+ \S+)/.exec(change.message)![1]);
const added = (diff: SpecDiffResult) => diff.changes.filter((change) => change.id === 'endpoint-added');

// Expectations from SOURCES.md ("Expected breaking changes"), as a person names them.
describe('breaking changes in the corpus pairs', () => {
  it('kubernetes 1.28 → 1.29: flowcontrol v1beta2 and ClusterCIDR v1alpha1 removed (34 operations), 47 added', async () => {
    const diff = await diffPair('kubernetes-1.28-to-1.29', 'json');
    const removed = removedOperations(diff);
    assert.equal(removed.length, 34);
    for (const operation of removed)
      assert.match(operation, /flowcontrol\.apiserver\.k8s\.io\/v1beta2|networking\.k8s\.io\/v1alpha1\/.*clustercidrs/);
    assert.equal(added(diff).length, 47);
    // whole paths went, none of them deprecated first
    assert.ok(
      diff.changes
        .filter((change) => REMOVED.test(change.id))
        .every(
          (change) =>
            change.id === 'api-path-removed-without-deprecation' && change.level === 'ERR' && change.old?.line,
        ),
    );
  });

  it('slack 1.5.0 → 1.7.0: the 43 legacy channels/groups/im/mpim methods removed, 32 added', async () => {
    const diff = await diffPair('slack-web-1.5.0-to-1.7.0', 'json');
    const removed = removedOperations(diff);
    assert.equal(removed.length, 43);
    for (const operation of removed) assert.match(operation, /^\w+ \/(channels|groups|im|mpim)\./);
    assert.equal(added(diff).length, 32);
    // team ids may now start with E (Enterprise Grid), and an app id may be empty: oasdiff calls a response pattern
    // change INFO, and so does Junction (a client that validates ids can raise it with diff.severity)
    const patterns = diff.changes.filter((change) => change.id === 'response-property-pattern-changed');
    assert.deepEqual(patterns.map((change) => /^GET \/[\w.]+/.exec(change.message)![0]).sort(), [
      'GET /team.info',
      'GET /users.profile.get',
    ]);
    assert.ok(patterns.every((change) => change.level === 'INFO' && !change.breaking));
    // four methods now demand the body they used to take as optional
    assert.deepEqual(
      diff.changes
        .filter((change) => change.id === 'request-body-became-required')
        .map((change) => /^POST [^:]+/.exec(change.message)![0])
        .sort(),
      ['POST /pins.add', 'POST /pins.remove', 'POST /reminders.add', 'POST /users.setPhoto'],
    );
  });

  it('openai 2023-12 → 2024-01: POST /edits and the 5 /fine-tunes operations removed after deprecation, old models refused', async () => {
    const diff = await diffPair('openai-2023-12-to-2024-01', 'yaml');
    const removed = removedOperations(diff);
    assert.equal(removed.length, 6);
    assert.ok(removed.includes('POST /edits'));
    assert.equal(removed.filter((operation) => operation.includes('/fine-tunes')).length, 5);
    // they were deprecated first, which oasdiff calls INFO
    assert.ok(
      diff.changes
        .filter((change) => REMOVED.test(change.id))
        .every((change) => change.id === 'api-path-removed-with-deprecation' && !change.breaking),
    );
    const models = diff.changes.find((change) => change.id === 'request-property-enum-value-removed');
    assert.equal(models?.level, 'ERR');
    assert.match(models.message, /^POST \/completions: .*"text-davinci-003"/);
  });

  it('twilio events 2.3.5 → 2.4.0: SinkSid removed from the update-Subscription body, and nothing else breaks', async () => {
    const diff = await diffPair('twilio-events-v1-2.3.5-to-2.4.0', 'yaml');
    const breaking = diff.changes.filter((change) => change.breaking);
    assert.equal(breaking.length, 1);
    assert.equal(breaking[0].id, 'request-property-removed');
    assert.equal(breaking[0].level, 'WARN');
    assert.match(breaking[0].message, /POST \/v1\/Subscriptions\/\{Sid\}.*"SinkSid"/);
    assert.ok(breaking[0].old?.line);
    assert.match(
      diffMarkdown(diff),
      new RegExp(
        '^## API changes: 1 breaking, 0 non-breaking\\n\\n0 ERR \\(breaking\\), 1 WARN \\(possibly breaking\\), 0 INFO\\.' +
          '[^]*\\| \\*\\*WARN\\*\\* \\| `request-property-removed` \\|',
      ),
    );
    assert.match(
      diffText(diff),
      /^1 breaking change \(0 ERR, 1 WARN\), 0 others\nWARN request-property-removed: [^\n]+\n {5}old \/paths\/[^\n]+SinkSid:\d+\n/,
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
    // no oasdiff id says "a response enum was dropped": Junction's own id, breaking because clients may now get any value
    assert.ok(breaking.some((change) => change.id === 'response-property-enum-removed' && change.level === 'ERR'));
    const requestSide = diff.changes.filter(
      (change) => change.id.startsWith('request-') && change.id.endsWith('enum-removed'),
    );
    assert.ok(requestSide.length > 0);
    assert.ok(requestSide.every((change) => !change.breaking));
  });
});

describe('a multi-file spec (Redocly Cafe, split into 42 files)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'junction-diff-cafe-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const copy = (name: string, edits: Record<string, [string, string]> = {}) => {
    cpSync(CAFE, join(dir, name), { recursive: true });
    for (const [file, [from, to]] of Object.entries(edits)) {
      const path = join(dir, name, file);
      const text = readFileSync(path, 'utf8');
      if (!text.includes(from)) throw new Error(`${file} no longer holds "${from}": the corpus changed`);
      writeFileSync(path, text.replace(from, to));
    }
    return ingestSpec(join(dir, name, 'openapi.yaml'), name, { validate: false });
  };

  it('is no change against itself, and a change in a component file is reported at that file and line', async () => {
    const base = await copy('base');
    assert.deepEqual(diffSpecs(base, await copy('same')).changes, []);
    const revision = await copy('revision', {
      'components/parameters/Limit.yaml': ['maximum: 100', 'maximum: 50'],
      'components/schemas/OrderItem.yaml': ['maxLength: 500', 'maxLength: 200'],
    });
    const diff = diffSpecs(base, revision);
    assert.deepEqual(
      diff.changes.map((change) => [change.level, change.id, change.new?.pointer, change.new?.line]),
      [
        ['ERR', 'request-parameter-max-decreased', 'components/parameters/Limit.yaml#/schema', 7],
        ['INFO', 'response-property-max-length-decreased', 'components/schemas/OrderItem.yaml#/properties/comment', 21],
      ],
    );
    assert.match(diff.changes[0].message, /^GET \/menu: query parameter "limit": maximum 100 → 50/);
    assert.equal(diff.changes[0].new?.file, 'components/parameters/Limit.yaml');

    // spec diff's SARIF points at the file the change was written in, at its line, and validates
    const sources = {
      old: join(dir, 'base', 'openapi.yaml'),
      new: join(dir, 'revision', 'openapi.yaml'),
      failOn: 'ERR' as const,
    };
    const log = JSON.parse(renderDiff('sarif', diff, sources)) as Log;
    const validate = sarifValidator();
    assert.equal(validate(log), true, JSON.stringify(validate.errors, null, 2));
    assert.deepEqual(
      log.runs[0].results!.map((result) => {
        const location = result.locations![0];
        return [
          location.physicalLocation!.artifactLocation!.uri,
          location.physicalLocation!.region!.startLine,
          location.logicalLocations![0].fullyQualifiedName,
        ];
      }),
      [
        [join(dir, 'revision', 'components/parameters/Limit.yaml'), 7, '/schema'],
        [join(dir, 'revision', 'components/schemas/OrderItem.yaml'), 21, '/properties/comment'],
      ],
    );
  });
  it("its webhook's own operation is compared under every operation rule, as oasdiff's webhook:order-notification", async () => {
    const base = await copy('base-webhook');
    assert.deepEqual(
      base.index.webhookOperations?.map((operation) => `${operation.method} ${operation.path}`),
      ['POST order-notification'],
    );
    const revision = await copy('revision-webhook', {
      'components/schemas/OrderNotification.yaml': ['format: date-time', 'format: date'],
      'webhooks/order-notification.yaml': ["'200':", "'202':"],
    });
    const diff = diffSpecs(base, revision);
    assert.deepEqual(
      diff.changes.map((change) => [
        change.level,
        change.id,
        `${change.operation?.method} ${change.operation?.path}`,
        change.new?.pointer,
        change.new?.line,
      ]),
      [
        [
          'ERR',
          'request-property-type-changed',
          'POST webhook:order-notification',
          'components/schemas/OrderNotification.yaml#/properties/timestamp',
          12,
        ],
        [
          'ERR',
          'response-success-status-removed',
          'POST webhook:order-notification',
          'webhooks/order-notification.yaml#/post',
          1,
        ],
        [
          'INFO',
          'response-success-status-added',
          'POST webhook:order-notification',
          'webhooks/order-notification.yaml#/post',
          1,
        ],
      ],
    );
    assert.equal(diff.breaking, 2);
    assert.match(
      diff.changes[0].message,
      /^POST webhook:order-notification: request body \(application\/json\)\.timestamp/,
    );
    // the whole webhook gone is one change, not one per operation
    const without = await copy('without-webhook', {
      'openapi.yaml': ['webhooks:\n  order-notification:\n    $ref: webhooks/order-notification.yaml\n', ''],
    });
    assert.deepEqual(
      diffSpecs(base, without).changes.map((change) => [change.level, change.id, change.operation]),
      [['ERR', 'webhook-removed', undefined]],
    );
    assert.deepEqual(
      diffSpecs(without, base).changes.map((change) => [change.level, change.id, change.operation]),
      [['INFO', 'webhook-added', undefined]],
    );
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
  const ids = (result: SpecDiffResult) => result.changes.map((change) => `${change.level} ${change.id}`).sort();

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

  it('a new required request property breaks, with a default or without (oasdiff: the client must send it)', async () => {
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
    assert.deepEqual(ids(await diff(before, withDefault)), ['ERR new-required-request-property-with-default']);
    assert.deepEqual(ids(await diff(before, without)), ['ERR new-required-request-property']);
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
      // the operation was public: Junction calls the new requirement ERR where oasdiff says INFO (see DIFFERENCES)
      'ERR api-security-added',
      'ERR new-required-request-parameter',
      'ERR request-parameter-enum-value-removed',
      'ERR request-parameter-max-length-decreased',
      'INFO api-security-component-added',
      // "moved" from query to header: the query parameter is gone and a header parameter is new
      'INFO new-optional-request-parameter',
      'INFO response-non-success-status-removed',
      'WARN request-parameter-removed',
      'WARN response-property-enum-value-added',
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
      'ERR response-property-max-length-unset',
      'ERR response-property-type-generalized',
      'INFO request-property-pattern-removed',
      'INFO request-property-type-generalized',
      'WARN request-property-min-items-set',
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
      'ERR request-property-became-not-nullable',
      'ERR response-property-became-nullable',
    ]);
    assert.deepEqual(ids(await diff(spec(false, true), spec(true, false))), [
      'INFO request-property-became-nullable',
      'INFO response-property-became-not-nullable',
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
      ['INFO response-required-property-added'],
    );
    const { secret: _, ...withoutSecret } = fields;
    assert.deepEqual(
      ids(await diff({ paths: { '/a': response(pet(fields)) } }, { paths: { '/a': response(pet(withoutSecret)) } })),
      ['INFO response-optional-write-only-property-removed'],
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
      'INFO request-optional-property-became-read-only',
      'INFO request-required-property-became-write-only',
      'INFO response-optional-property-became-read-only',
      'INFO response-required-property-became-write-only',
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
      'ERR response-header-type-changed',
      'WARN optional-response-header-removed',
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
    assert.deepEqual(ids(await diff(spec({}), spec({ explode: false }))), ['ERR request-parameter-style-changed']);
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
      'ERR request-body-one-of-removed',
      'ERR response-body-one-of-added',
    ]);
    assert.deepEqual(ids(await diff(spec(['Cat'], ['Cat', 'Dog']), spec(['Cat', 'Dog'], ['Cat']))), [
      'INFO request-body-one-of-added',
      'INFO response-body-one-of-removed',
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
      ['ERR request-property-became-required', 'INFO response-property-became-required'],
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
    assert.deepEqual(ids(await diff(before, afterDocument)), ['ERR response-media-type-removed']);
    const gone = { paths: { '/a': { get: { responses: { '202': { description: 'later' } } } } } };
    assert.deepEqual(ids(await diff(before, gone)), [
      'ERR response-success-status-removed',
      'INFO response-success-status-added',
    ]);
  });
});
