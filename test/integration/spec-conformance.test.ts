import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../checks/contract.js';
import { documentationConformance } from '../../checks/documentation-conformance.js';
import { conformanceGatherer } from '../../src/gather/conformance.js';
import { specGatherer } from '../../src/gather/spec.js';
import { makeSystem } from '../helpers/estate.js';
import { gatherContext } from '../helpers/gather.js';
import { startPrism, type RunningPrism } from '../helpers/prism.js';
import { startHttpServer, type TestServer } from '../helpers/servers.js';
import { corpusPath } from '../helpers/corpus.js';
import { recordArtifact } from '../helpers/recorded.js';

const CORPUS = corpusPath('openapi/specs/');
describe('conformance against Prism serving a corpus spec', () => {
  let prism: RunningPrism;
  let baseUrl: string;
  beforeAll(async () => {
    prism = await startPrism(CORPUS + 'oai-petstore-expanded.v3.0.yaml', '/pets');
    baseUrl = prism.baseUrl;
  });
  afterAll(() => prism?.stop());

  it('finds the mock conformant and skips what it must not or cannot call', async () => {
    const system = makeSystem({ baseUrl, spec: CORPUS + 'oai-petstore-expanded.v3.0.yaml' });
    const artifact = recordArtifact(
      'conformance',
      'prism-petstore',
      await conformanceGatherer.gather(gatherContext(system)),
    );
    assert.deepEqual(
      artifact.calls.map((call) => `${call.method} ${call.path} ${call.sample.status}`),
      ['GET /pets 200'],
    );
    assert.deepEqual(artifact.calls[0].problems, []);
    assert.equal(artifact.calls[0].matched, '200');
    const skipped = Object.fromEntries(artifact.skipped.map((skip) => [`${skip.method} ${skip.path}`, skip.reason]));
    assert.match(skipped['POST /pets'], /not allowed/);
    assert.match(skipped['DELETE /pets/{id}'], /not allowed/);
    assert.match(skipped['GET /pets/{id}'], /required path parameter "id" has no example/);
    const verdict = documentationConformance.judge({ conformance: artifact }, system, DEFAULT_SETTINGS);
    assert.equal(verdict.status, 'pass', verdict.summary);
  });
});

const BROKEN_SPEC = {
  openapi: '3.1.0',
  info: { title: 'Breaks its spec', version: '1.0.0' },
  servers: [{ url: '/api' }],
  paths: {
    '/ok': {
      get: {
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } },
          },
        },
      },
    },
    '/boom': { get: { responses: { '200': { description: 'ok' } } } },
    '/accepted': { get: { responses: { '200': { description: 'ok' } } } },
    '/html': {
      get: {
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
    '/no-header': {
      get: {
        responses: {
          '200': { description: 'ok', headers: { 'X-Request-Id': { required: true, schema: { type: 'string' } } } },
        },
      },
    },
    '/bad-body': {
      get: {
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } },
          },
        },
      },
    },
    '/items/{id}': {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' }, example: 42 }],
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } },
          },
        },
      },
    },
    '/items': { post: { responses: { '201': { description: 'created' } } } },
  },
  components: {
    schemas: {
      Item: {
        type: 'object',
        required: ['id', 'name'],
        properties: {
          id: { type: 'integer' },
          name: { type: 'string' },
          tags: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
};

describe('conformance against a server that breaks its own spec', () => {
  let server: TestServer;
  let dir: string;
  const seen: string[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'junction-conformance-'));
    writeFileSync(join(dir, 'spec.json'), JSON.stringify(BROKEN_SPEC));
    server = await startHttpServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      switch (req.url) {
        case '/api/ok':
          return json(200, { id: 1, name: 'one' });
        case '/api/boom':
          return json(500, { error: 'internal' });
        case '/api/accepted':
          return json(202, {});
        case '/api/html':
          res.writeHead(200, { 'content-type': 'text/html' });
          return res.end('<p>hi</p>');
        case '/api/no-header':
          return json(200, {});
        case '/api/bad-body':
          return json(200, { id: 'seven', tags: ['a', 3] });
        case '/api/items/42':
          return json(200, { id: 42, name: 'answer' }, { 'x-request-id': 'r1' });
        default:
          return json(404, {});
      }
    });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports each break, calls only safe operations, and fills path parameters from examples', async () => {
    const system = makeSystem({ baseUrl: server.url, spec: 'spec.json' });
    const artifact = recordArtifact(
      'conformance',
      'breaks-its-spec',
      await conformanceGatherer.gather(gatherContext(system, undefined, dir)),
    );
    const problems = Object.fromEntries(
      artifact.calls.map((call) => [call.path, call.problems.map((problem) => problem.rule)]),
    );
    assert.deepEqual(problems, {
      '/ok': [],
      '/boom': ['server-error', 'status-undocumented'],
      '/accepted': ['status-undocumented'],
      '/html': ['content-type-undocumented'],
      '/no-header': ['header-missing'],
      '/bad-body': ['body-invalid', 'body-invalid', 'body-invalid'],
      '/items/{id}': [],
    });
    const bodyErrors = artifact.calls
      .find((call) => call.path === '/bad-body')!
      .problems.map((problem) => problem.message);
    assert.deepEqual(bodyErrors.sort(), [
      '/: missing required property "name"',
      '/id: must be integer',
      '/tags/1: must be string',
    ]);
    assert.ok(!seen.some((request) => request.startsWith('POST')), 'conformance must not POST');
    assert.deepEqual(artifact.skipped, [
      { method: 'POST', path: '/items', reason: 'POST is not allowed (allow.methods)' },
    ]);

    const verdict = documentationConformance.judge({ conformance: artifact }, system, DEFAULT_SETTINGS);
    assert.equal(verdict.status, 'fail');
    assert.match(verdict.summary, /5 of 7 operations deviate/);
    assert.ok(verdict.evidence.some((evidence) => evidence.kind === 'http'));
    assert.ok(
      verdict.evidence.some((evidence) => evidence.kind === 'list' && evidence.title?.startsWith('Schema errors')),
    );
  });

  it('nothing safe to call, or nothing answering: conformance is unknown, never passed', async () => {
    writeFileSync(
      join(dir, 'writes.json'),
      JSON.stringify({ ...BROKEN_SPEC, paths: { '/items': BROKEN_SPEC.paths['/items'] } }),
    );
    const writesOnly = makeSystem({ baseUrl: server.url, spec: 'writes.json' });
    const uncalled = recordArtifact(
      'conformance',
      'writes-only',
      await conformanceGatherer.gather(gatherContext(writesOnly, undefined, dir)),
    );
    assert.equal(
      documentationConformance.judge({ conformance: uncalled }, writesOnly, DEFAULT_SETTINGS).status,
      'warn',
    );
    const closed = await startHttpServer((_req, res) => res.end());
    await closed.close();
    const gone = makeSystem({ baseUrl: closed.url, spec: 'spec.json' });
    const refused = recordArtifact(
      'conformance',
      'refused',
      await conformanceGatherer.gather(gatherContext(gone, undefined, dir)),
    );
    const verdict = documentationConformance.judge({ conformance: refused }, gone, DEFAULT_SETTINGS);
    assert.equal(verdict.status, 'error', verdict.summary);
  });

  it('reads a spec from a URL through the probe, with its hash and lint', async () => {
    const specServer = await startHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(BROKEN_SPEC));
    });
    try {
      const system = makeSystem({ baseUrl: server.url, spec: `${specServer.url}/openapi.json` });
      const ctx = gatherContext(system);
      const artifact = await specGatherer.gather(ctx);
      assert.equal(artifact.valid, true, JSON.stringify(artifact.problems));
      assert.equal(artifact.operations.length, 8);
      assert.equal(artifact.version, '1.0.0');
      assert.match(artifact.hash, /^[0-9a-f]{64}$/);
      assert.equal(ctx.probe.requestsSent, 1);
      assert.ok(artifact.lint?.some((result) => result.rule === 'junction-rate-limit-response'));
    } finally {
      await specServer.close();
    }
  });
});
