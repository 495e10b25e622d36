import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { planRequest } from '../../src/gather/conformance.js';
import type { SpecOperation } from '../../src/model/artifacts/spec.js';
import { appendPath, pathProblem } from '../../src/model/request-path.js';
import { plainHttpTarget, requestTarget, systemUrl } from '../../src/probe/targets.js';
import { makeSystem } from '../helpers/estate.js';

describe('paths are appended to the base URL (OpenAPI servers rule)', () => {
  it('keeps the base path: health path, monitor path, query', () => {
    const base = 'http://127.0.0.1:9000/api/v2/items';
    assert.equal(appendPath(base), 'http://127.0.0.1:9000/api/v2/items', 'no path: the base URL itself');
    assert.equal(appendPath(base, '/health'), 'http://127.0.0.1:9000/api/v2/items/health');
    assert.equal(appendPath(`${base}/`, '/health'), 'http://127.0.0.1:9000/api/v2/items/health', 'one slash');
    assert.equal(appendPath(base, '/search?q=a%20b'), 'http://127.0.0.1:9000/api/v2/items/search?q=a%20b');
    assert.equal(
      appendPath('https://acme.my.salesforce.com/services/data/v61.0', '/limits'),
      'https://acme.my.salesforce.com/services/data/v61.0/limits',
    );
    assert.equal(appendPath('https://127.0.0.1:8443', '/health'), 'https://127.0.0.1:8443/health');
    assert.equal(appendPath('https://127.0.0.1:8443'), 'https://127.0.0.1:8443/');
    assert.equal(requestTarget(makeSystem({ baseUrl: base }), '/health'), '/api/v2/items/health');
  });

  it('refuses every path that names another host or climbs out of the base path', () => {
    const refused = [
      '//localhost:9444/x',
      '\\\\localhost:9444\\x',
      '/\\localhost:9444/x',
      'http://localhost:9444/x',
      'HTTPS://localhost:9444/x',
      'javascript:alert(1)',
      'health',
      '/%2F%2Flocalhost:9444/x',
      '/%2f/localhost:9444',
      '%2F%2Flocalhost:9444',
      '/%5Clocalhost:9444',
      '/%252F%252Flocalhost:9444',
      '/../admin',
      '/a/../../admin',
      '/%2e%2e/admin',
      '/.%2E/admin',
      '/a/./b',
      '/a b',
      '/a\tb',
      '/a\nb',
      '/%0d%0aX-Injected: 1',
      '/a#frag',
      '/%',
      '/%zz',
    ];
    for (const path of refused) {
      assert.ok(pathProblem(path), `${JSON.stringify(path)} must be refused`);
      assert.throws(() => appendPath('http://127.0.0.1:9000/api', path), `${JSON.stringify(path)} must not be joined`);
    }
    for (const path of ['/', '/health', '/v1/items?limit=1', '/a//b', '/a%2Fb', '/..hidden', '/a.b/c..d', '/@me']) {
      assert.equal(pathProblem(path), undefined, path);
      assert.equal(new URL(appendPath('http://127.0.0.1:9000/api', path)).origin, 'http://127.0.0.1:9000', path);
    }
  });

  it('puts the plain-HTTP twin on the same path', () => {
    const system = makeSystem({ baseUrl: 'https://api.example.com/orders-api/v2', healthPath: '/health' });
    assert.deepEqual(plainHttpTarget(system), { url: 'http://api.example.com/orders-api/v2/health' });
    const twin = makeSystem({
      baseUrl: 'https://127.0.0.1:8443/orders-api/v2',
      plainHttpUrl: 'http://127.0.0.1:8080',
      healthPath: '/health',
    });
    assert.deepEqual(plainHttpTarget(twin), { url: 'http://127.0.0.1:8080/orders-api/v2/health' });
    const own = makeSystem({
      baseUrl: 'https://127.0.0.1:8443/orders-api/v2',
      plainHttpUrl: 'http://127.0.0.1:8080/legacy',
    });
    assert.deepEqual(plainHttpTarget(own), { url: 'http://127.0.0.1:8080/legacy' });
    assert.ok('reason' in plainHttpTarget(makeSystem({ baseUrl: 'https://127.0.0.1:8443/x' })));
    assert.equal(systemUrl(makeSystem({ baseUrl: 'http://127.0.0.1:1/p' })), 'http://127.0.0.1:1/p');
  });

  it('appends operation paths; the base URL path wins over a servers path', () => {
    const operation = (servers: string[]): SpecOperation =>
      ({
        method: 'GET',
        path: '/items/{id}',
        servers,
        parameters: [{ name: 'id', in: 'path', required: true, example: 'a/b' }],
        responses: [],
        security: [],
      }) as unknown as SpecOperation;
    const allowed = new Set(['GET']);
    const plan = (baseUrl: string, servers: string[]) => {
      const result = planRequest(makeSystem({ baseUrl }), operation(servers), allowed);
      assert.ok('url' in result, JSON.stringify(result));
      return result.url;
    };
    assert.equal(plan('http://127.0.0.1:9/api/v2', ['/v1']), 'http://127.0.0.1:9/api/v2/items/a%2Fb');
    assert.equal(
      plan('http://127.0.0.1:9/api/v2', ['http://127.0.0.1:9/api/v2']),
      'http://127.0.0.1:9/api/v2/items/a%2Fb',
    );
    assert.equal(
      plan('http://127.0.0.1:9', ['/v1']),
      'http://127.0.0.1:9/v1/items/a%2Fb',
      'no base path: the servers path',
    );
    assert.equal(plan('http://127.0.0.1:9', ['https://vendor.example.com/v9']), 'http://127.0.0.1:9/items/a%2Fb');
    const hostile = planRequest(
      makeSystem({ baseUrl: 'http://127.0.0.1:9' }),
      { ...operation([]), path: '//evil.example/x', parameters: [] },
      allowed,
    );
    assert.ok('reason' in hostile && /leave the system/.test(hostile.reason));
  });
});
