import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../checks/contract.js';
import { documentationConformance } from '../../checks/documentation-conformance.js';
import { documentationSpec } from '../../checks/documentation-spec.js';
import { securityAuth } from '../../checks/security-auth.js';
import { authGatherer } from '../../src/gather/auth.js';
import { conformanceGatherer } from '../../src/gather/conformance.js';
import { loadAccess } from '../../src/gather/load-access.js';
import { retryGatherer } from '../../src/gather/retry.js';
import { specGatherer } from '../../src/gather/spec.js';
import { makeSystem } from '../helpers/estate.js';
import { gatherContext } from '../helpers/gather.js';
import { startHttpServer, type TestServer } from '../helpers/servers.js';

/**
 * Webhooks are requests the system sends to its consumers, so an audit never sends them to the system. The spec's
 * webhooks are written to be tempting: one named like a path (a public GET without parameters that documents 429,
 * what conformance, security.auth and the load target pick), one a write with a documented Idempotency-Key (what the
 * retry gatherer replays). The server records every request it gets.
 */
const spec = (base: string) => ({
  openapi: '3.1.0',
  info: { title: 'Hooks', version: '1.0.0' },
  servers: [{ url: base }],
  security: [{ bearer: [] }],
  paths: {
    '/items': {
      get: {
        operationId: 'listItems',
        responses: {
          '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } },
          '401': { description: 'no credential' },
        },
      },
    },
  },
  webhooks: {
    '/hooks/ping': {
      get: {
        operationId: 'ping',
        security: [],
        responses: { '200': { description: 'received' }, '429': { description: 'slow down' } },
      },
    },
    'item-created': {
      post: {
        operationId: 'itemCreated',
        security: [],
        parameters: [{ name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string' } }],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' } } } } },
        },
        responses: { '200': { description: 'received' } },
      },
    },
  },
  components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
});

describe('webhooks in the spec are not probed as endpoints of the system', () => {
  const dir = mkdtempSync(join(tmpdir(), 'junction-webhooks-'));
  const requests: string[] = [];
  let server: TestServer;
  beforeAll(async () => {
    server = await startHttpServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      if (req.url === '/items' && !req.headers.authorization) res.writeHead(401).end();
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(spec(server.url)));
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('spec, conformance, security.auth, the idempotency replay and the load target leave them alone', async () => {
    const system = makeSystem({
      baseUrl: server.url,
      spec: join(dir, 'openapi.json'),
      healthPath: '/items',
      allow: { methods: ['GET', 'HEAD', 'OPTIONS', 'POST'], load: { maxRps: 10, maxRequests: 10, maxSeconds: 2 } },
    });
    const context = gatherContext(system);
    const indexed = await specGatherer.gather(context);
    assert.equal(indexed.valid, true, JSON.stringify(indexed.problems));
    assert.deepEqual(
      indexed.operations.map((operation) => `${operation.method} ${operation.path}`),
      ['GET /items'],
    );
    assert.equal(indexed.webhooks, 2);
    assert.deepEqual(
      indexed.webhookOperations?.map((operation) => [operation.method, operation.path, operation.servers]),
      [
        ['GET', '/hooks/ping', []],
        ['POST', 'item-created', []],
      ],
    );
    assert.doesNotMatch(documentationSpec.judge({ spec: indexed }, system, DEFAULT_SETTINGS).summary, /hooks|item/);

    const conformance = await conformanceGatherer.gather(context);
    assert.deepEqual(
      [...conformance.calls, ...conformance.skipped].map((call) => `${call.method} ${call.path}`),
      ['GET /items'],
    );
    assert.equal(documentationConformance.judge({ conformance }, system, DEFAULT_SETTINGS).status, 'pass');

    // the webhooks are public (security: []) and the ping GET answers 200 anonymously: were they taken for
    // endpoints, security.auth would count them as unsecured operations and probe them
    const auth = await authGatherer.gather(context);
    assert.ok(auth.spec && !('error' in auth.spec));
    assert.deepEqual(
      auth.spec.operations.map((operation) => operation.path),
      ['/items'],
    );
    const verdict = securityAuth.judge({ auth }, system, DEFAULT_SETTINGS);
    assert.equal(verdict.status, 'pass', verdict.summary);

    const retry = await retryGatherer.gather(context);
    assert.deepEqual(retry.idempotency, { skipped: 'the spec documents no Idempotency-Key header' });

    const access = await loadAccess(context);
    assert.ok('target' in access, JSON.stringify(access));
    assert.equal(access.target, 'the health path');

    assert.ok(requests.length > 0, 'the audit sent nothing at all');
    assert.deepEqual(
      requests.filter((request) => /hooks|item-created/.test(request)),
      [],
    );
  });
});
