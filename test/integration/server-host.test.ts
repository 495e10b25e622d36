import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { createApiContext } from '../../src/api/context.js';
import { initWorkspace } from '../../src/estate/workspace.js';
import { hostRoutes } from '../../src/server/routes.js';
import { startHost, type RunningHost } from '../../src/server/server.js';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(
  host: RunningHost,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: host.port,
        path,
        method: options.method ?? 'GET',
        headers: { host: `127.0.0.1:${host.port}`, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('headless host security', () => {
  let dir: string;
  let host: RunningHost;
  let ctx: ReturnType<typeof createApiContext>;
  let cookie: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'junction-host-'));
    initWorkspace(dir);
    const renderer = join(dir, 'renderer');
    mkdirSync(renderer);
    writeFileSync(
      join(renderer, 'index.html'),
      '<!doctype html><html><head><title>t</title></head><body></body></html>',
    );
    ctx = createApiContext(dir);
    host = await startHost({ ctx, rendererDir: renderer, routes: hostRoutes() });
    const first = await request(host, `/?token=${host.token}`);
    cookie = String(first.headers['set-cookie']).split(';')[0]!;
  });

  afterAll(async () => {
    await host.close();
    ctx.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('binds 127.0.0.1 only and prints a URL carrying a fresh random token', async () => {
    assert.equal((host.server.address() as AddressInfo).address, '127.0.0.1');
    assert.match(host.url, new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=[A-Za-z0-9_-]{32}$`));
    const other = await startHost({ ctx, rendererDir: join(dir, 'renderer') });
    try {
      assert.notEqual(other.token, host.token);
    } finally {
      await other.close();
    }
  });

  test('without the token every path answers 401', async () => {
    for (const path of ['/', '/index.html', '/api/events']) assert.equal((await request(host, path)).status, 401, path);
    assert.equal((await request(host, '/api/getEstate', { method: 'POST', body: '{}' })).status, 401);
    assert.equal((await request(host, '/?token=not-the-token')).status, 401);
  });

  test('the token in the URL becomes an HttpOnly SameSite=Strict cookie and leaves the address bar', async () => {
    const first = await request(host, `/?token=${host.token}`);
    assert.equal(first.status, 303);
    assert.equal(first.headers.location, '/');
    const setCookie = String(first.headers['set-cookie']);
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Strict/);
    const page = await request(host, '/', { headers: { cookie } });
    assert.equal(page.status, 200);
    assert.match(page.body, new RegExp(`<meta name="junction-token" content="${host.token}">`));
    assert.equal(page.headers['referrer-policy'], 'no-referrer');
    assert.match(String(page.headers['content-security-policy']), /frame-ancestors 'none'/);
  });

  test('a Host header other than the loopback names is refused (DNS rebinding)', async () => {
    for (const name of [
      'evil.example',
      `evil.example:${host.port}`,
      `127.0.0.1:${host.port + 1}`,
      `10.0.0.1:${host.port}`,
    ]) {
      const answer = await request(host, '/', { headers: { cookie, host: name } });
      assert.equal(answer.status, 421, name);
    }
    for (const name of [`localhost:${host.port}`, `[::1]:${host.port}`])
      assert.equal((await request(host, '/', { headers: { cookie, host: name } })).status, 200, name);
  });

  test('unsafe methods need the token header; cross-origin and cross-site POSTs are refused', async () => {
    const post = (headers: Record<string, string>) =>
      request(host, '/api/getEstate', {
        method: 'POST',
        body: '{}',
        headers: { cookie, 'content-type': 'application/json', ...headers },
      });
    assert.equal((await post({})).status, 403, 'cookie alone does not authorise a POST');
    assert.equal((await post({ 'x-junction-token': 'wrong' })).status, 403);
    assert.equal((await post({ 'x-junction-token': host.token, origin: 'http://evil.example' })).status, 403);
    assert.equal(
      (await post({ 'x-junction-token': host.token, origin: `http://127.0.0.1:${host.port + 1}` })).status,
      403,
    );
    assert.equal((await post({ 'x-junction-token': host.token, 'sec-fetch-site': 'cross-site' })).status, 403);
    const ok = await post({
      'x-junction-token': host.token,
      origin: `http://127.0.0.1:${host.port}`,
      'sec-fetch-site': 'same-origin',
    });
    assert.equal(ok.status, 200);
    assert.equal((JSON.parse(ok.body) as { name: string }).name, 'My estate');
  });

  test('api inputs are validated by the operation schema: 400 with the issues', async () => {
    const headers = { 'x-junction-token': host.token };
    const bad = await request(host, '/api/getMonitorSeries', {
      method: 'POST',
      headers,
      body: JSON.stringify({ monitorId: 'x', rangeMs: -5 }),
    });
    assert.equal(bad.status, 400);
    const body = JSON.parse(bad.body) as { issues: { path: string[] }[] };
    assert.deepEqual(
      body.issues.map((issue) => issue.path.join('.')),
      ['rangeMs'],
    );
    assert.equal((await request(host, '/api/getEstate', { method: 'POST', headers, body: '{not json' })).status, 400);
    assert.equal((await request(host, '/api/noSuchThing', { method: 'POST', headers, body: '{}' })).status, 404);
    assert.equal((await request(host, '/api/getEstate', { headers })).status, 405);
  });

  test('malformed percent-encoding in a path answers 400, not a 500 with a stack on stderr', async () => {
    const written: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = (chunk: string | Uint8Array) => (written.push(String(chunk)), true);
    try {
      for (const path of ['/%', '/assets/%E0%A4%A', '/%zz/x']) {
        const answer = await request(host, path, { headers: { cookie } });
        assert.equal(answer.status, 400, path);
        assert.match(answer.body, /Malformed percent-encoding/);
      }
    } finally {
      process.stderr.write = write;
    }
    assert.ok(!written.join('').includes('URIError'), written.join(''));
  });

  test('/metrics and /v1/traces are mounted behind the same token (Bearer for scrapers and exporters)', async () => {
    assert.equal((await request(host, '/metrics')).status, 401);
    const metrics = await request(host, '/metrics', { headers: { authorization: `Bearer ${host.token}` } });
    assert.equal(metrics.status, 200);
    assert.match(String(metrics.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    assert.equal((await request(host, '/v1/traces', { method: 'POST', body: '{}' })).status, 401);
    const traces = await request(host, '/v1/traces', {
      method: 'POST',
      body: '{"resourceSpans":[]}',
      headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' },
    });
    assert.equal(traces.status, 200);
  });

  test('GET /api/events streams api events as server-sent events', async () => {
    const received = await new Promise<string>((resolve, reject) => {
      const req = http.get(
        {
          host: '127.0.0.1',
          port: host.port,
          path: '/api/events',
          headers: { host: `127.0.0.1:${host.port}`, cookie },
        },
        (res) => {
          assert.equal(res.headers['content-type'], 'text/event-stream; charset=utf-8');
          let text = '';
          res.on('data', (chunk: Buffer) => {
            text += chunk.toString('utf8');
            if (text.includes(': connected')) ctx.events.publish({ type: 'estate-changed' });
            if (text.includes('data: ')) {
              req.destroy();
              resolve(text);
            }
          });
        },
      );
      req.on('error', reject);
    });
    assert.match(received, /data: \{"type":"estate-changed"\}/);
  });
});
