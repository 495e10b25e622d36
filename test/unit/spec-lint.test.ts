import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { ingestSpec } from '../../src/openapi/ingest.js';
import { lintSpec } from '../../src/openapi/lint.js';

const dir = mkdtempSync(join(tmpdir(), 'junction-lint-'));

async function lint(document: object) {
  const file = join(dir, `spec-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(document, null, 2));
  const results = lintSpec(await ingestSpec(file, 'spec.json'), { rulesets: ['spectral:oas', 'junction'] }).lint;
  return Object.fromEntries(results.map((result) => [result.rule, result]));
}

const item = { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } };

const GOOD = {
  openapi: '3.0.3',
  info: { title: 'Good', version: '1.0.0', description: 'A tidy API.', contact: { name: 'team' } },
  servers: [{ url: 'https://api.example.com/v1' }],
  tags: [{ name: 'items', description: 'Items' }],
  security: [{ key: [] }],
  paths: {
    '/items': {
      get: {
        operationId: 'listItems',
        tags: ['items'],
        description: 'A page of items.',
        parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer' } }],
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { type: 'array', items: item }, example: [{ id: 1 }] } },
          },
          '400': { description: 'bad' },
          '429': { description: 'slow down', headers: { 'Retry-After': { schema: { type: 'integer' } } } },
        },
      },
      post: {
        operationId: 'createItem',
        tags: ['items'],
        description: 'Creates an item.',
        parameters: [{ name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string' } }],
        requestBody: { required: true, content: { 'application/json': { schema: item } } },
        responses: {
          '201': { description: 'created' },
          '400': { description: 'bad' },
          '429': { description: 'slow down' },
        },
      },
    },
  },
  components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'x-api-key' } } },
};

describe('spec lint', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds nothing in a tidy spec', async () => {
    assert.deepEqual(Object.keys(await lint(GOOD)), []);
  });

  it('reports the spectral:oas essentials with places, lines and fixes', async () => {
    const results = await lint({
      openapi: '3.0.3',
      info: { title: 'Sloppy', version: '1' },
      paths: {
        '/items/': {
          get: {
            operationId: 'dup',
            responses: {
              '200': {
                description: 'ok',
                content: {
                  'application/json': {
                    schema: { $ref: '#/components/schemas/Item', description: 'ignored' },
                    example: { id: 'one' },
                  },
                },
              },
            },
          },
          delete: { operationId: 'dup', responses: { '400': { description: 'bad' } } },
        },
      },
      components: { schemas: { Item: item } },
    });
    for (const rule of [
      'operation-operationId-unique',
      'operation-success-response',
      'operation-tags',
      'operation-description',
      'info-description',
      'info-contact',
      'oas3-api-servers',
      'no-$ref-siblings',
      'path-keys-no-trailing-slash',
      'oas3-valid-media-example',
    ]) {
      assert.ok(results[rule], `${rule} in ${Object.keys(results).join(', ')}`);
    }
    const example = results['oas3-valid-media-example'];
    assert.equal(
      example.examples[0].pointer,
      '/paths/~1items~1/get/responses/200/content/application~1json/example/id',
    );
    assert.match(example.examples[0].message, /"id" must be integer/);
    assert.ok(example.examples[0].line! > 5);
    assert.ok(results['no-$ref-siblings'].fix.includes('allOf'));
  });

  it('reports the integration rules: errors, 429, security, pagination, idempotency', async () => {
    const results = await lint({
      ...GOOD,
      security: undefined,
      paths: {
        '/items': {
          get: {
            ...GOOD.paths['/items'].get,
            parameters: [],
            responses: {
              '200': {
                description: 'ok',
                content: {
                  'application/json': {
                    schema: { type: 'object', properties: { data: { type: 'array', items: item } } },
                  },
                },
              },
            },
          },
          post: { ...GOOD.paths['/items'].post, parameters: [] },
        },
      },
    });
    assert.deepEqual(Object.keys(results).sort(), [
      'junction-error-responses',
      'junction-idempotency',
      'junction-operation-security',
      'junction-pagination',
      'junction-rate-limit-response',
    ]);
    assert.equal(results['junction-operation-security'].count, 2);
    assert.equal(
      results['junction-pagination'].examples[0].message,
      'GET /items returns a collection without pagination parameters',
    );
  });
});
