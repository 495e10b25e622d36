import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'vitest';
import { load } from 'js-yaml';
import { ingestSpec, type IngestedSpec } from '../../src/openapi/ingest.js';
import { corpusPath } from '../helpers/corpus.js';

const CORPUS = corpusPath('openapi/specs/');
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** paths × methods counted straight from the parsed file, independently of the indexer (and as SOURCES.md lists them). */
function independentCount(file: string): { paths: number; operations: number } {
  const text = readFileSync(CORPUS + file, 'utf8');
  const document = (file.endsWith('.json') ? JSON.parse(text) : load(text)) as {
    paths?: Record<string, Record<string, unknown>>;
  };
  const paths = Object.entries(document.paths ?? {});
  return {
    paths: paths.length,
    operations: paths.reduce((total, [, item]) => total + METHODS.filter((method) => method in item).length, 0),
  };
}

const EXPECTED: Record<
  string,
  { specVersion: string; paths: number; operations: number; webhooks?: number; valid: boolean }
> = {
  'discord-v10.v3.1.json': { specVersion: '3.1.0', paths: 150, operations: 242, valid: true },
  'github-api-2022-07.v3.0.json': { specVersion: '3.0.3', paths: 565, operations: 874, valid: true },
  'jira-cloud-platform.v3.0.json': { specVersion: '3.0.1', paths: 305, operations: 468, valid: true },
  'kubernetes-1.36.v2.0.json': { specVersion: '2.0', paths: 562, operations: 1123, valid: true },
  'oai-petstore-expanded.v3.0.yaml': { specVersion: '3.0.0', paths: 2, operations: 4, valid: true },
  'oai-petstore.v2.0.json': { specVersion: '2.0', paths: 2, operations: 3, valid: true },
  'oai-webhook-example.v3.1.yaml': { specVersion: '3.1.0', paths: 0, operations: 0, webhooks: 1, valid: true },
  'okta-legacy-v1.v2.0.yaml': { specVersion: '2.0', paths: 217, operations: 341, valid: true },
  'okta-management.v3.0.yaml': { specVersion: '3.0.3', paths: 485, operations: 732, valid: false },
  'openai.v3.1.yaml': { specVersion: '3.1.0', paths: 182, operations: 288, webhooks: 16, valid: true },
  'slack-web-api.v2.0.json': { specVersion: '2.0', paths: 174, operations: 174, valid: true },
  'stripe-2023-09.v3.0.yaml': { specVersion: '3.0.0', paths: 318, operations: 468, valid: true },
  'twilio-api-v2010.v3.0.yaml': { specVersion: '3.0.1', paths: 121, operations: 197, valid: true },
};

/** Each corpus file is ingested once per test run. */
const ingested = new Map<string, Promise<IngestedSpec>>();
const ingest = (file: string) => {
  if (!ingested.has(file)) ingested.set(file, ingestSpec(CORPUS + file, file));
  return ingested.get(file)!;
};

describe('OpenAPI corpus ingestion', () => {
  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(`${file}: ${expected.operations} operations, ${expected.valid ? 'valid' : 'invalid'}`, async () => {
      const { index } = await ingest(file);
      const independent = independentCount(file);
      assert.equal(index.operations.length, independent.operations, 'indexer vs independent count');
      assert.equal(index.paths, independent.paths);
      assert.equal(index.operations.length, expected.operations, 'SOURCES.md count');
      assert.equal(index.paths, expected.paths);
      assert.equal(index.specVersion, expected.specVersion);
      assert.equal(index.webhooks, expected.webhooks ?? 0);
      assert.equal(index.valid, expected.valid, JSON.stringify(index.problems.slice(0, 3)));
      assert.match(index.hash, /^[0-9a-f]{64}$/);
      for (const operation of index.operations)
        assert.ok(operation.responses.length > 0 || operation.path, `${operation.method} ${operation.path}`);
    });
  }

  it('names the two real defects of the Okta management spec, with pointer and line', async () => {
    const { index } = await ingest('okta-management.v3.0.yaml');
    const required = index.problems.find((problem) =>
      /path parameter "id" must have required: true/.test(problem.message),
    );
    assert.ok(required, JSON.stringify(index.problems));
    assert.equal(required.pointer, '/paths/~1api~1v1~1hook-keys~1{id}/get');
    assert.ok(required.line && required.line > 1000);
    // $refs inside example values are data: not followed, not reported (swagger-parser fails on them)
    assert.ok(!index.problems.some((problem) => problem.message.includes('#/definitions/base')));
  });

  it('does not follow the $ref URLs inside GitHub example payloads', async () => {
    const fetched: string[] = [];
    const { index } = await ingestSpec(CORPUS + 'github-api-2022-07.v3.0.json', 'github', {
      fetch: async (url) => {
        fetched.push(url);
        throw new Error('no network in tests');
      },
    });
    assert.deepEqual(fetched, []);
    assert.equal(index.valid, true);
  });

  it('indexes parameters, responses, headers and security schemes', async () => {
    const { index } = await ingest('oai-petstore.v2.0.json');
    const list = index.operations.find((operation) => operation.operationId === 'listPets')!;
    assert.deepEqual(
      list.parameters.map((parameter) => [parameter.name, parameter.in, parameter.required]),
      [['limit', 'query', false]],
    );
    assert.deepEqual(
      list.responses.map((response) => response.status),
      ['200', 'default'],
    );
    assert.deepEqual(
      list.responses[0].headers.map((header) => header.name),
      ['x-next'],
    );
    assert.equal(list.responses[0].content[0].mediaType, 'application/json');
    assert.deepEqual(index.servers, ['http://petstore.swagger.io/v1']);
    const openai = await ingest('openai.v3.1.yaml');
    assert.deepEqual(
      openai.index.securitySchemes.map((scheme) => [scheme.name, scheme.type, scheme.scheme]),
      [
        ['ApiKeyAuth', 'http', 'bearer'],
        ['AdminApiKeyAuth', 'http', 'bearer'],
      ],
    );
    assert.ok(openai.index.operations.every((operation) => operation.security.length > 0));
  });
});

describe('the corpus helper', () => {
  it('names the corpus folder a test needs when it is missing', () => {
    assert.throws(
      () => corpusPath('openapi/no-such-folder/'),
      /\.\.\/shared\/corpus\/openapi\/no-such-folder\/ is missing/,
    );
  });
});
