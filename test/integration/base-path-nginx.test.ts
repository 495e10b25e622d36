import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { openContext } from '../../src/estate/context.js';
import { runAudit } from '../../src/audit/runner.js';
import type { Finding } from '../../src/model/finding.js';
import { httpGatherer } from '../../src/gather/http.js';
import { makeSystem, tempWorkspace } from '../helpers/estate.js';
import { gatherWith } from '../helpers/gather.js';
import { startNginx, type RunningNginx } from '../helpers/nginx.js';

/**
 * An API that lives under a base path, as behind a real gateway: /api/v2/ is rate limited by nginx (429 with
 * Retry-After and IETF RateLimit headers), served as a static file with ETag and Last-Modified; a deprecated /v1/
 * says so in headers; everything else is nginx's 404. Judging the host root would see only the 404.
 */
describe('a base URL with a path, behind a real nginx', () => {
  let nginx: RunningNginx;
  let origin: string;
  const LIMIT = `"api";q=10;w=1`;

  beforeAll(async () => {
    nginx = await startNginx(1, ([front], dir) => {
      mkdirSync(join(dir, 'www', 'api', 'v2'), { recursive: true });
      mkdirSync(join(dir, 'www', 'v1'), { recursive: true });
      writeFileSync(join(dir, 'www', 'api', 'v2', 'items'), '{"items":[{"id":1}]}');
      writeFileSync(join(dir, 'www', 'v1', 'items'), '{"items":[]}');
      return `
  limit_req_zone $binary_remote_addr zone=api:1m rate=10r/s;
  server {
    listen 127.0.0.1:${front};
    root ${dir}/www;
    default_type application/json;
    location /api/v2/ {
      limit_req zone=api burst=5 nodelay;
      limit_req_status 429;
      error_page 429 = @limited;
      error_page 404 = @missing;
      expires 1m;
      add_header RateLimit-Policy '${LIMIT}' always;
      add_header RateLimit '"api";r=5;t=1' always;
    }
    location /v1/ {
      add_header Deprecation '@1767225600' always;
      add_header Sunset 'Wed, 01 Jul 2099 00:00:00 GMT' always;
      add_header Link '</api/v2/items>; rel="successor-version"' always;
    }
    location @limited {
      default_type application/problem+json;
      add_header Retry-After 1 always;
      add_header RateLimit-Policy '${LIMIT}' always;
      add_header RateLimit '"api";r=0;t=1' always;
      return 429 '{"type":"about:blank","title":"Too Many Requests","status":429}';
    }
    location @missing {
      default_type application/problem+json;
      return 404 '{"type":"about:blank","title":"Not Found","status":404}';
    }
    location / {
      default_type text/html;
      return 404 '<html><body>nginx 404</body></html>';
    }
  }`;
    });
    origin = `http://127.0.0.1:${nginx.ports[0]}`;
  });
  afterAll(() => nginx.stop());

  const logged = () =>
    readFileSync(join(nginx.dir, 'logs', 'access.log'), 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => /"GET (\S+) HTTP/.exec(line)?.[1] ?? line);

  it('the baseline requests the base URL itself, and a health path under it', async () => {
    const base = makeSystem({ baseUrl: `${origin}/api/v2/items` });
    const http = await gatherWith(httpGatherer, base);
    assert.deepEqual(
      http.samples.map((sample) => sample.status),
      [200, 200, 200, 200, 200],
    );
    assert.ok(http.samples.every((sample) => sample.url === `${origin}/api/v2/items`));
    const old = makeSystem({ baseUrl: `${origin}/v1`, healthPath: '/items' });
    const v1 = await gatherWith(httpGatherer, old);
    assert.equal(v1.samples[0].url, `${origin}/v1/items`);
    assert.equal(v1.samples[0].status, 200);
    assert.equal(v1.samples[0].headers?.deprecation, '@1767225600', 'the deprecated path, not the root, was asked');
    assert.ok(!logged().includes('/'), 'nothing asked the host root');
  });

  it('caching, rate limits and retry signals are judged on the path, not on the host root', async () => {
    const dir = tempWorkspace(`version: 1
name: Gateway
systems:
  - id: items
    name: Items API
    baseUrl: ${origin}/api/v2/items
    expectedPeakRps: 0.5
    allow: { load: { maxRps: 60, maxRequests: 200, maxSeconds: 4 } }
`);
    const context = openContext(dir);
    const earlier = logged().length;
    const checks = ['caching.http', 'rate-limits.advertised', 'rate-limits.enforced', 'error-handling.retry-signals'];
    let findings: Finding[];
    try {
      findings = (await runAudit(context.workspace, { store: context.store, vault: context.vault }, { checks }))
        .findings;
    } finally {
      context.close();
    }
    const verdict = Object.fromEntries(findings.map((finding) => [finding.checkId, finding]));
    assert.equal(verdict['caching.http'].status, 'pass', verdict['caching.http'].summary);
    assert.match(verdict['caching.http'].summary, /max-age=60.*ETag.*304/);
    assert.equal(verdict['rate-limits.advertised'].status, 'pass', verdict['rate-limits.advertised'].summary);
    assert.match(verdict['rate-limits.advertised'].summary, /10 per 1 s/);
    assert.equal(verdict['rate-limits.enforced'].status, 'pass', verdict['rate-limits.enforced'].summary);
    assert.equal(
      verdict['error-handling.retry-signals'].status,
      'pass',
      verdict['error-handling.retry-signals'].summary,
    );
    assert.match(verdict['error-handling.retry-signals'].summary, /problem\+json.*Retry-After/);
    const paths = logged().slice(earlier);
    assert.ok(
      paths.every((path) => path.startsWith('/api/v2/items')),
      `every request under the base path: ${[...new Set(paths)].join(', ')}`,
    );
    assert.ok(
      paths.some((path) => /^\/api\/v2\/items\/junction-missing-/.test(path)),
      'the error format was asked under the base path',
    );
  });
});
