import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../checks/contract.js';
import { errorHandlingRetrySignals } from '../../checks/error-handling-retry-signals.js';
import { rateLimitsEnforced } from '../../checks/rate-limits-enforced.js';
import type { System } from '../../src/model/estate.js';
import { burstGatherer } from '../../src/gather/burst.js';
import { httpGatherer } from '../../src/gather/http.js';
import { retryGatherer } from '../../src/gather/retry.js';
import { specGatherer } from '../../src/gather/spec.js';
import { makeSystem } from '../helpers/estate.js';
import { gatherWith } from '../helpers/gather.js';
import { startHttpServer, type TestServer } from '../helpers/servers.js';
import { recordArtifact } from '../helpers/recorded.js';

const SPEC = `openapi: 3.0.3
info: { title: Orders, version: '1' }
servers: [{ url: 'http://127.0.0.1/api' }]
paths:
  /orders:
    post:
      parameters:
        - { name: Idempotency-Key, in: header, required: true, schema: { type: string } }
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [sku, quantity]
              properties: { sku: { type: string, enum: [A-1] }, quantity: { type: integer, minimum: 1 } }
      responses:
        '201': { description: created }
        '429': { description: slow down }
`;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => resolve(body));
  });
}

function problem(res: ServerResponse, status: number, title: string): void {
  res.writeHead(status, { 'content-type': 'application/problem+json' });
  res.end(JSON.stringify({ type: 'about:blank', title, status }));
}

/** An orders API; `honourKeys` false makes every POST create a new order whatever its key. */
function ordersApi(honourKeys: boolean, methods: string[]) {
  let next = 1;
  const byKey = new Map<string, { body: string; id: number }>();
  const inFlight = new Set<string>();
  return async (req: IncomingMessage, res: ServerResponse) => {
    methods.push(req.method ?? '');
    if (req.url === '/api/orders' && req.method === 'POST') {
      const body = await readBody(req);
      const key = req.headers['idempotency-key'];
      if (honourKeys) {
        if (typeof key !== 'string') return problem(res, 400, 'Idempotency-Key required');
        if (inFlight.has(key)) return problem(res, 409, 'a request with this key is in progress');
        const previous = byKey.get(key);
        if (previous && previous.body !== body) return problem(res, 422, 'key reused with another payload');
        if (previous)
          return void res
            .writeHead(201, { 'content-type': 'application/json' })
            .end(JSON.stringify({ id: previous.id }));
        // the first attempt takes a while: a retry arriving meanwhile gets 409
        inFlight.add(key);
        await new Promise((resolve) => setTimeout(resolve, 200));
        inFlight.delete(key);
        byKey.set(key, { body, id: next });
      }
      res.writeHead(201, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ id: next++ }));
    }
    if (req.url === '/health')
      return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return problem(res, 404, 'Not Found');
  };
}

describe('error-handling.retry-signals against live servers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'junction-retry-'));
  writeFileSync(join(dir, 'orders.yaml'), SPEC);
  const methods = { honoured: [] as string[], ignored: [] as string[] };
  const servers: TestServer[] = [];
  let honoured: TestServer;
  let ignored: TestServer;
  let leaking: TestServer;
  let overloaded: TestServer;
  beforeAll(async () => {
    honoured = await startHttpServer(ordersApi(true, methods.honoured));
    ignored = await startHttpServer(ordersApi(false, methods.ignored));
    leaking = await startHttpServer((req, res) => {
      if (req.url === '/health') return void res.end('ok');
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(
        `TypeError: Cannot read properties of undefined (reading 'id')\n    at getOrder (/srv/app/routes/orders.js:42:17)\n ` +
          `   at Layer.handle (/srv/app/node_modules/express/lib/router/layer.js:95:5)`,
      );
    });
    // sheds load above 20 requests a second with a bare 503 and no Retry-After
    const window = { second: 0, count: 0 };
    overloaded = await startHttpServer((req, res) => {
      const second = Math.floor(Date.now() / 1000);
      if (window.second !== second) Object.assign(window, { second, count: 0 });
      if (++window.count > 20)
        return void res.writeHead(503, { 'content-type': 'text/html' }).end('<h1>Service Unavailable</h1>');
      if (req.url !== '/health')
        return void res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>');
      res.end('ok');
    });
    servers.push(honoured, ignored, leaking, overloaded);
  });
  afterAll(async () => Promise.all(servers.map((server) => server.close())));

  // each run's artifacts are recorded under `name` for test/unit/checks-recorded.test.ts
  const judge = async (system: System, name: string) =>
    errorHandlingRetrySignals.judge(
      {
        retry: recordArtifact('retry', name, await gatherWith(retryGatherer, system, undefined, dir)),
        burst: recordArtifact('burst', name, await gatherWith(burstGatherer, system)),
        http: recordArtifact('http', name, await gatherWith(httpGatherer, system)),
        spec: recordArtifact('spec', name, await gatherWith(specGatherer, system, undefined, dir)),
      },
      system,
      DEFAULT_SETTINGS,
    );

  it('passes a server that honours Idempotency-Key: same result on replay, 422, 400 and 409 in flight', async () => {
    const verdict = await judge(
      makeSystem({
        baseUrl: honoured.url,
        healthPath: '/health',
        spec: 'orders.yaml',
        allow: { methods: ['GET', 'HEAD', 'OPTIONS', 'POST'] },
      }),
      'idempotency-honoured',
    );
    assert.equal(verdict.status, 'pass', verdict.summary);
    assert.match(verdict.summary, /a replay with the same key returns the same result; a retry in flight answers 409/);
    assert.deepEqual(methods.honoured.filter((method) => method === 'POST').length, 6);
  });

  it('fails a server that creates a duplicate on replay', async () => {
    const verdict = await judge(
      makeSystem({
        baseUrl: ignored.url,
        healthPath: '/health',
        spec: 'orders.yaml',
        allow: { methods: ['GET', 'HEAD', 'OPTIONS', 'POST'] },
      }),
      'idempotency-ignored',
    );
    assert.equal(verdict.status, 'fail', verdict.summary);
    assert.match(verdict.summary, /a retry creates a duplicate/);
    assert.match(verdict.summary, /another payload answered 201, not 422/);
    assert.match(verdict.summary, /two concurrent attempts with the same key created two results/);
  });

  it('never replays a write where POST is not allowed', async () => {
    methods.ignored.length = 0;
    const verdict = await judge(
      makeSystem({ baseUrl: ignored.url, healthPath: '/health', spec: 'orders.yaml' }),
      'post-not-allowed',
    );
    assert.equal(verdict.status, 'pass', verdict.summary);
    assert.match(verdict.summary, /POST not allowed/);
    assert.ok(
      methods.ignored.length > 0 && methods.ignored.every((method) => method === 'GET'),
      methods.ignored.join(),
    );
  });

  it('fails a stack-trace leak', async () => {
    const verdict = await judge(makeSystem({ baseUrl: leaking.url, healthPath: '/health' }), 'stack-trace');
    assert.equal(verdict.status, 'fail');
    assert.match(verdict.summary, /leaks a Node.js stack trace/);
  });

  it('warns on 503 without Retry-After under a burst, and on HTML errors', async () => {
    const system = makeSystem({
      baseUrl: overloaded.url,
      healthPath: '/health',
      allow: { load: { maxRps: 60, maxRequests: 120, maxSeconds: 2 } },
    });
    const burst = recordArtifact('burst', 'shed-503', await gatherWith(burstGatherer, system));
    const enforced = rateLimitsEnforced.judge({ burst }, system, DEFAULT_SETTINGS);
    assert.equal(enforced.status, 'warn', enforced.summary);
    assert.match(enforced.summary, /503 .*rather than 429.*no Retry-After/);
    const verdict = errorHandlingRetrySignals.judge(
      {
        burst,
        retry: recordArtifact('retry', 'shed-503', await gatherWith(retryGatherer, system)),
        http: recordArtifact('http', 'shed-503', await gatherWith(httpGatherer, system)),
        spec: recordArtifact('spec', 'shed-503', await gatherWith(specGatherer, system)),
      },
      system,
      DEFAULT_SETTINGS,
    );
    assert.equal(verdict.status, 'warn', verdict.summary);
    assert.match(verdict.summary, /not machine-readable.*carry no Retry-After/);
  });
});
