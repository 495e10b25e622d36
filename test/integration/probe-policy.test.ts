import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { recordExchange } from '../../src/gather/record.js';
import { ProbeError } from '../../src/probe/errors.js';
import { Probe, policyFor } from '../../src/probe/probe.js';
import { REDACTED } from '../../src/probe/redact.js';
import { makeSystem } from '../helpers/estate.js';
import { startHttpServer, type TestServer } from '../helpers/servers.js';

describe('probe safety policy', () => {
  let server: TestServer;
  const received: IncomingMessage[] = [];
  const arrivals: number[] = [];

  beforeAll(async () => {
    server = await startHttpServer((req, res) => {
      received.push(req);
      arrivals.push(performance.now());
      // Echo the credential back, as careless servers do, so redaction of responses is tested too.
      res.writeHead(200, {
        'content-type': 'text/plain',
        'x-echo': String(req.headers.authorization ?? req.headers['x-api-key'] ?? ''),
      });
      res.end(`you sent ${String(req.headers.authorization ?? req.headers['x-api-key'] ?? 'nothing')}`);
    });
  });
  afterAll(() => server.close());

  it('refuses methods the system does not allow, before any socket opens', async () => {
    const probe = new Probe(makeSystem({ baseUrl: server.url }), {
      policy: policyFor(makeSystem({ baseUrl: server.url })),
    });
    const before = received.length;
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      await assert.rejects(
        probe.request({ method, url: server.url }),
        (e: unknown) => e instanceof ProbeError && e.code === 'policy-method',
      );
    }
    assert.equal(received.length, before, 'the server must not see a forbidden method');
    const allowed = makeSystem({ baseUrl: server.url, allow: { methods: ['GET', 'POST'] } });
    const response = await new Probe(allowed, { policy: policyFor(allowed) }).request({
      method: 'POST',
      url: server.url,
      body: '{}',
    });
    assert.equal(response.status, 200);
    assert.equal(received.at(-1)!.method, 'POST');
  });

  it('stops at the request budget', async () => {
    const system = makeSystem({ baseUrl: server.url, limits: { requestBudget: 3, maxRps: 1000 } });
    const probe = new Probe(system, { policy: policyFor(system) });
    const before = received.length;
    for (let i = 0; i < 3; i++) await probe.request({ method: 'GET', url: server.url });
    await assert.rejects(
      probe.request({ method: 'GET', url: server.url }),
      (e: unknown) => e instanceof ProbeError && e.code === 'policy-budget',
    );
    assert.equal(received.length - before, 3);
  });

  it('spaces requests by the rate cap', async () => {
    const system = makeSystem({ baseUrl: server.url, limits: { requestBudget: 100, maxRps: 20 } });
    const probe = new Probe(system, { policy: policyFor(system) });
    const first = arrivals.length;
    await Promise.all(Array.from({ length: 5 }, () => probe.request({ method: 'GET', url: server.url })));
    const times = arrivals.slice(first);
    assert.equal(times.length, 5);
    // 5 requests at 20 rps span at least 4 intervals of 50 ms.
    assert.ok(times.at(-1)! - times[0] >= 190, `spread ${times.at(-1)! - times[0]} ms`);
  });

  it('injects credentials and redacts them from recorded evidence', async () => {
    const token = 'tok_live_9f8e7d6c5b4a';
    // a plain-HTTP lab server: the credential goes over plain HTTP only because the system allows it
    const system = makeSystem({ baseUrl: server.url, allow: { plaintextCredentials: true } });
    const probe = new Probe(system, { policy: policyFor(system), credential: { type: 'bearer', token } });
    const sample = await recordExchange(probe, { method: 'GET', url: `${server.url}/?echo=${token}` });
    assert.equal(received.at(-1)!.headers.authorization, `Bearer ${token}`, 'the server receives the credential');
    const recorded = JSON.stringify(sample);
    assert.ok(!recorded.includes(token), `token leaked into evidence: ${recorded}`);
    assert.equal(sample.headers!['x-echo'], `Bearer ${REDACTED}`);
    assert.match(sample.bodyPreview!, /\[redacted\]/);
  });

  it('masks an API key header by name and value', async () => {
    const system = makeSystem({ baseUrl: server.url, allow: { plaintextCredentials: true } });
    const probe = new Probe(system, {
      policy: policyFor(system),
      credential: { type: 'api-key', header: 'X-Api-Key', value: 'k3y-abcdef' },
    });
    const sample = await recordExchange(probe, { method: 'GET', url: server.url });
    assert.equal(received.at(-1)!.headers['x-api-key'], 'k3y-abcdef');
    assert.ok(!JSON.stringify(sample).includes('k3y-abcdef'));
  });

  it('can call anonymously to see what an unauthenticated client gets', async () => {
    const system = makeSystem({ baseUrl: server.url, allow: { plaintextCredentials: true } });
    const probe = new Probe(system, {
      policy: policyFor(system),
      credential: { type: 'bearer', token: 'secret-token' },
    });
    await probe.request({ method: 'GET', url: server.url, authenticate: false });
    assert.equal(received.at(-1)!.headers.authorization, undefined);
  });
});
