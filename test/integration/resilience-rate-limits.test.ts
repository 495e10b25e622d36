import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import express from 'express';
import { rateLimit } from 'express-rate-limit';
import { cachingHttp } from '../../checks/caching-http.js';
import { DEFAULT_SETTINGS } from '../../checks/contract.js';
import { errorHandlingRetrySignals } from '../../checks/error-handling-retry-signals.js';
import { rateLimitsAdvertised } from '../../checks/rate-limits-advertised.js';
import { rateLimitsEnforced } from '../../checks/rate-limits-enforced.js';
import { errorHandlingTimeouts } from '../../checks/error-handling-timeouts.js';
import { spikeGatherer } from '../../src/gather/spike.js';
import { closeServer } from '../../assets/demo/listen.js';
import { burstGatherer } from '../../src/gather/burst.js';
import { cachingGatherer } from '../../src/gather/caching.js';
import { httpGatherer } from '../../src/gather/http.js';
import { retryGatherer } from '../../src/gather/retry.js';
import { specGatherer } from '../../src/gather/spec.js';
import { makeSystem } from '../helpers/estate.js';
import { gatherWith } from '../helpers/gather.js';
import { okBackend, startNginx, type RunningNginx } from '../helpers/nginx.js';
import { startHttpServer } from '../helpers/servers.js';
import { recordArtifact } from '../helpers/recorded.js';

const LOAD = { maxRps: 100, maxRequests: 300, maxSeconds: 3 };

describe('nginx limit_req, error_page 429 and static ETags', () => {
  let nginx: RunningNginx;
  let base: string;
  beforeAll(async () => {
    nginx = await startNginx(2, ([front, backend], dir) => {
      mkdirSync(join(dir, 'static'));
      writeFileSync(join(dir, 'static', 'catalog.json'), '{"items":[]}');
      return `
  limit_req_zone $binary_remote_addr zone=api:1m rate=20r/s;
  server {
    listen 127.0.0.1:${front};
    location /api/ {
      limit_req zone=api burst=5 nodelay;
      limit_req_status 429;
      error_page 429 @limited;
      proxy_pass http://127.0.0.1:${backend};
    }
    location @limited {
      default_type application/problem+json;
      add_header Retry-After 1 always;
      return 429 '{"type":"about:blank","title":"Too Many Requests","status":429}';
    }
    location /static/ { root ${dir}; expires 1m; }
    location / {
      default_type application/problem+json;
      return 404 '{"type":"about:blank","title":"Not Found","status":404}';
    }
  }
${okBackend(backend)}`;
    });
    base = `http://127.0.0.1:${nginx.ports[0]}`;
  });
  afterAll(() => nginx.stop());

  it('sees 429 with Retry-After, where it starts, and the recovery; stays within the caps', async () => {
    const system = makeSystem({ baseUrl: base, healthPath: '/api/health', allow: { load: LOAD } });
    const burst = recordArtifact('burst', 'nginx-limit-req', await gatherWith(burstGatherer, system));
    assert.ok(burst.ran);
    const verdict = rateLimitsEnforced.judge({ burst }, system, DEFAULT_SETTINGS);
    assert.equal(verdict.status, 'pass', verdict.summary);
    assert.ok(burst.firstLimited!.request <= 10, `limited from #${burst.firstLimited!.request}`);
    assert.equal(burst.firstLimited!.contentType, 'application/problem+json');
    const log = readFileSync(join(nginx.dir, 'logs', 'access.log'), 'utf8')
      .trim()
      .split('\n');
    // the burst plus the request before it and the one after Retry-After
    assert.ok(log.length <= LOAD.maxRequests + 2, `${log.length} requests logged`);
    assert.ok(
      burst.load.stoppedBy === 'aborted' && burst.load.sent < 100,
      `${burst.load.sent} sent, ended by ${burst.load.stoppedBy}`,
    );
    assert.ok(log.every((line) => line.includes('"GET ')));
    const retry = errorHandlingRetrySignals.judge(
      {
        burst,
        retry: recordArtifact('retry', 'nginx-limit-req', await gatherWith(retryGatherer, system)),
        http: recordArtifact('http', 'nginx-limit-req', await gatherWith(httpGatherer, system)),
        spec: recordArtifact('spec', 'nginx-limit-req', await gatherWith(specGatherer, system)),
      },
      system,
      DEFAULT_SETTINGS,
    );
    assert.equal(retry.status, 'pass', retry.summary);
    assert.match(retry.summary, /problem\+json.*Retry-After/);
  });

  it('revalidates a static file with 304', async () => {
    const system = makeSystem({ baseUrl: base, healthPath: '/static/catalog.json' });
    const verdict = cachingHttp.judge({ caching: await gatherWith(cachingGatherer, system) }, system, DEFAULT_SETTINGS);
    assert.equal(verdict.status, 'pass', verdict.summary);
    assert.match(verdict.summary, /max-age=60.*ETag.*304/);
  });

  it('a burst where nginx answers only 404: enforcement is not judged', async () => {
    const system = makeSystem({ baseUrl: base, healthPath: '/missing', allow: { load: LOAD } });
    const burst = recordArtifact('burst', 'nginx-404', await gatherWith(burstGatherer, system));
    const verdict = rateLimitsEnforced.judge({ burst }, system, DEFAULT_SETTINGS);
    assert.equal(verdict.status, 'error', verdict.summary);
    assert.match(verdict.summary, /never a success/);
  });

  it('advertises nothing: rate-limits.advertised warns', async () => {
    const system = makeSystem({ baseUrl: base, healthPath: '/api/health', expectedPeakRps: 5 });
    const verdict = rateLimitsAdvertised.judge(
      { http: recordArtifact('http', 'nginx-no-limit-headers', await gatherWith(httpGatherer, system)) },
      system,
      DEFAULT_SETTINGS,
    );
    assert.equal(verdict.status, 'warn');
    assert.match(verdict.summary, /No rate limit is announced/);
  });
});

describe('express-rate-limit', () => {
  const servers: { url: string; close(): Promise<void> }[] = [];
  async function serve(options: Parameters<typeof rateLimit>[0]): Promise<string> {
    const app = express();
    app.use(rateLimit(options));
    app.get('/health', (_req, res) => {
      res.json({ status: 'ok' });
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    servers.push({ url, close: () => closeServer(server) });
    return url;
  }
  afterAll(async () => Promise.all(servers.map((server) => server.close())));

  it('reads draft-8 headers, judges the headroom and sees enforcement', async () => {
    const url = await serve({ windowMs: 1000, limit: 40, standardHeaders: 'draft-8', legacyHeaders: false });
    const tight = makeSystem({ baseUrl: url, healthPath: '/health', expectedPeakRps: 25, allow: { load: LOAD } });
    const http = recordArtifact('http', 'express-draft8', await gatherWith(httpGatherer, tight));
    const advertised = rateLimitsAdvertised.judge({ http }, tight, DEFAULT_SETTINGS);
    assert.equal(advertised.status, 'fail', advertised.summary);
    assert.match(advertised.summary, /40 per 1 s/);
    const roomy = { ...tight, expectedPeakRps: 10 };
    assert.equal(rateLimitsAdvertised.judge({ http }, roomy, DEFAULT_SETTINGS).status, 'warn');
    assert.equal(
      rateLimitsAdvertised.judge({ http }, { ...tight, expectedPeakRps: 4 }, DEFAULT_SETTINGS).status,
      'pass',
    );
    const burst = recordArtifact('burst', 'express-draft8', await gatherWith(burstGatherer, tight));
    const enforced = rateLimitsEnforced.judge({ burst }, tight, DEFAULT_SETTINGS);
    assert.equal(enforced.status, 'pass', enforced.summary);
    assert.equal(burst.ran && burst.advertised?.source, 'ietf');
  });

  it("limits traffic its spec does not document, with express's HTML 404: retry-signals warns on both", async () => {
    const url = await serve({ windowMs: 1000, limit: 20, standardHeaders: 'draft-8', legacyHeaders: false });
    const dir = mkdtempSync(join(tmpdir(), 'junction-undocumented-429-'));
    writeFileSync(
      join(dir, 'openapi.yaml'),
      "openapi: 3.0.3\ninfo: { title: Health, version: '1' }\npaths:\n  /health:\n    get:\n      responses:\n" +
        "        '200': { description: ok }\n",
    );
    try {
      const system = makeSystem({ baseUrl: url, healthPath: '/health', spec: 'openapi.yaml', allow: { load: LOAD } });
      const name = 'express-undocumented-429';
      const verdict = errorHandlingRetrySignals.judge(
        {
          retry: recordArtifact('retry', name, await gatherWith(retryGatherer, system, undefined, dir)),
          http: recordArtifact('http', name, await gatherWith(httpGatherer, system)),
          spec: recordArtifact('spec', name, await gatherWith(specGatherer, system, undefined, dir)),
          burst: recordArtifact('burst', name, await gatherWith(burstGatherer, system)),
        },
        system,
        DEFAULT_SETTINGS,
      );
      assert.equal(verdict.status, 'warn', verdict.summary);
      assert.match(verdict.summary, /not machine-readable \(404 as text\/html.*spec documents no 429 or 503/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads legacy X-RateLimit-* (no window: headroom unknown)', async () => {
    const url = await serve({ windowMs: 60_000, limit: 1000, standardHeaders: false, legacyHeaders: true });
    const system = makeSystem({ baseUrl: url, healthPath: '/health', expectedPeakRps: 5 });
    const verdict = rateLimitsAdvertised.judge(
      { http: recordArtifact('http', 'express-legacy', await gatherWith(httpGatherer, system)) },
      system,
      DEFAULT_SETTINGS,
    );
    assert.equal(verdict.status, 'warn', verdict.summary);
    assert.match(verdict.summary, /Quota of 1000 announced \(x-ratelimit\) without its window/);
  });
});

describe('a quota announced but not enforced', () => {
  it('fails rate-limits.enforced when more requests are accepted than the quota allows', async () => {
    let received = 0;
    const server = await startHttpServer((_req, res) => {
      received++;
      res.writeHead(200, {
        'ratelimit-policy': '"default";q=20;w=10',
        ratelimit: `"default";r=${Math.max(0, 20 - received)};t=10`,
      });
      res.end('ok');
    });
    try {
      const system = makeSystem({
        baseUrl: server.url,
        healthPath: '/',
        allow: { load: { maxRps: 100, maxRequests: 80, maxSeconds: 3 } },
      });
      const burst = recordArtifact('burst', 'announced-not-enforced', await gatherWith(burstGatherer, system));
      const verdict = rateLimitsEnforced.judge({ burst }, system, DEFAULT_SETTINGS);
      assert.equal(verdict.status, 'fail', verdict.summary);
      assert.match(verdict.summary, /allows at most \d+: it is not enforced/);
      assert.ok(received <= 80 + 1, `${received} received`);
    } finally {
      await server.close();
    }
  });
});

describe('caching and timeouts against plain Node servers', () => {
  it('fails a response without caching headers and warns on a validator that never yields 304', async () => {
    const bare = await startHttpServer((_req, res) => res.end('{}'));
    const stubborn = await startHttpServer((_req, res) =>
      res.writeHead(200, { 'cache-control': 'max-age=30', etag: '"v1"' }).end('{}'),
    );
    try {
      const judge = async (url: string) => {
        const system = makeSystem({ baseUrl: url });
        return cachingHttp.judge({ caching: await gatherWith(cachingGatherer, system) }, system, DEFAULT_SETTINGS);
      };
      assert.equal((await judge(bare.url)).status, 'fail');
      const warned = await judge(stubborn.url);
      assert.equal(warned.status, 'warn');
      assert.match(warned.summary, /conditional GET answered 200, not 304/);
    } finally {
      await Promise.all([bare.close(), stubborn.close()]);
    }
  });

  it('warns on a slow answer with its phase and fails a hanging one', async () => {
    const slow = await startHttpServer((_req, res) => setTimeout(() => res.end('ok'), 250));
    const hanging = await startHttpServer(() => undefined);
    try {
      const judge = async (system: ReturnType<typeof makeSystem>, name: string) =>
        errorHandlingTimeouts.judge(
          {
            http: recordArtifact('http', name, await gatherWith(httpGatherer, system)),
            spike: recordArtifact('spike', name, await gatherWith(spikeGatherer, system)),
          },
          system,
          DEFAULT_SETTINGS,
        );
      const warned = await judge(makeSystem({ baseUrl: slow.url, sloMs: 100 }), 'slow-250ms');
      assert.equal(warned.status, 'warn', warned.summary);
      assert.match(warned.summary, /exceeds the 100 ms SLO \(slowest phase: first-byte\)/);
      const failed = await judge(
        makeSystem({ baseUrl: hanging.url, limits: { timeouts: { firstByte: '150ms' } } }),
        'hanging',
      );
      assert.equal(failed.status, 'fail', failed.summary);
      assert.match(failed.summary, /hung: timeout-first-byte in first-byte/);
    } finally {
      await Promise.all([slow.close(), hanging.close()]);
    }
  });
});

describe('servers that refuse, fail or queue under a burst', () => {
  const small = { maxRps: 40, maxRequests: 60, maxSeconds: 2 };

  it('a refused port: no check that reads the baseline or the burst passes', async () => {
    const closed = await startHttpServer((_req, res) => res.end());
    await closed.close();
    const system = makeSystem({ baseUrl: closed.url, healthPath: '/health', expectedPeakRps: 5 });
    const http = recordArtifact('http', 'refused', await gatherWith(httpGatherer, system));
    const spike = recordArtifact('spike', 'refused', await gatherWith(spikeGatherer, system));
    const retry = recordArtifact('retry', 'refused', await gatherWith(retryGatherer, system));
    const loaded = { ...system, allow: { ...system.allow, load: small } };
    const burst = recordArtifact('burst', 'refused', await gatherWith(burstGatherer, loaded));
    assert.equal(rateLimitsAdvertised.judge({ http }, system, DEFAULT_SETTINGS).status, 'error');
    assert.equal(rateLimitsEnforced.judge({ burst }, loaded, DEFAULT_SETTINGS).status, 'error');
    assert.equal(errorHandlingTimeouts.judge({ http, spike }, system, DEFAULT_SETTINGS).status, 'error');
    const spec = await gatherWith(specGatherer, system);
    assert.equal(
      errorHandlingRetrySignals.judge({ retry, burst, http, spec }, loaded, DEFAULT_SETTINGS).status,
      'error',
    );
  });

  it('overload answered with 500, a queue that holds requests, and no limit within the caps', async () => {
    let count = 0;
    const failing = await startHttpServer((_req, res) =>
      ++count <= 3 ? res.end('ok') : res.writeHead(500, { 'content-type': 'text/plain' }).end('overloaded'),
    );
    const queueing = await startHttpServer((_req, res) => setTimeout(() => res.end('ok'), 2100));
    const unlimited = await startHttpServer((_req, res) => res.end('ok'));
    try {
      const burstOf = async (url: string, name: string) => {
        const system = makeSystem({ baseUrl: url, healthPath: '/health', allow: { load: small } });
        const burst = recordArtifact('burst', name, await gatherWith(burstGatherer, system));
        return rateLimitsEnforced.judge({ burst }, system, DEFAULT_SETTINGS);
      };
      const failed = await burstOf(failing.url, 'overload-500');
      assert.equal(failed.status, 'fail', failed.summary);
      assert.match(failed.summary, /server errors .*no 429: overload is not limited/);
      const queued = await burstOf(queueing.url, 'queueing');
      assert.equal(queued.status, 'fail', queued.summary);
      assert.match(queued.summary, /overload queues instead of being limited/);
      // the same server answers 200 to every path, a missing resource too
      const catchAll = makeSystem({ baseUrl: unlimited.url, healthPath: '/health' });
      const missing = errorHandlingRetrySignals.judge(
        {
          retry: recordArtifact('retry', 'catch-all-200', await gatherWith(retryGatherer, catchAll)),
          http: recordArtifact('http', 'catch-all-200', await gatherWith(httpGatherer, catchAll)),
          spec: recordArtifact('spec', 'catch-all-200', await gatherWith(specGatherer, catchAll)),
          burst: recordArtifact('burst', 'catch-all-200', await gatherWith(burstGatherer, catchAll)),
        },
        catchAll,
        DEFAULT_SETTINGS,
      );
      assert.equal(missing.status, 'warn', missing.summary);
      assert.match(missing.summary, /answered 200: clients cannot tell a miss from a hit/);
      const unseen = await burstOf(unlimited.url, 'unlimited');
      assert.equal(unseen.status, 'warn', unseen.summary);
      assert.match(unseen.summary, /No limit was reached within the caps/);
    } finally {
      await Promise.all([failing.close(), queueing.close(), unlimited.close()]);
    }
  });

  it('a server that closes every connection: error-handling.timeouts warns that nothing is kept alive', async () => {
    const closing = await startHttpServer((_req, res) => res.writeHead(200, { connection: 'close' }).end('ok'));
    try {
      const system = makeSystem({
        baseUrl: closing.url,
        healthPath: '/health',
        expectedPeakRps: 10,
        // steps of 1.5 s (the spike's share of 12 s over four steps), 1× and 2× within 20 rps
        allow: { load: { maxRps: 20, maxRequests: 100, maxSeconds: 12 } },
      });
      const verdict = errorHandlingTimeouts.judge(
        {
          http: recordArtifact('http', 'connection-close', await gatherWith(httpGatherer, system)),
          spike: recordArtifact('spike', 'connection-close', await gatherWith(spikeGatherer, system)),
        },
        system,
        DEFAULT_SETTINGS,
      );
      assert.equal(verdict.status, 'warn', verdict.summary);
      assert.match(verdict.summary, /connections opened for a pool of \d+: the server does not keep connections alive/);
    } finally {
      await closing.close();
    }
  });
});
