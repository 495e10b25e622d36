import type { ServerResponse } from 'node:http';
import type { DemoCertificates } from './certificates.js';
import { json } from './listen.js';
import { startService, type RunningService } from './service.js';

const PRODUCTS = [
  { id: 'p-1', name: 'Trail shoe', price: 120 },
  { id: 'p-2', name: 'Rain jacket', price: 210 },
];

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(json(body));
}

/** A modern commerce API: TLS 1.3 only, HSTS, redirect from plain HTTP, rate-limit headers, a v1/v2 split with v1 sunsetting. */
export function startCommerce(certificates: DemoCertificates): Promise<RunningService> {
  // A fixed one-second window of 100 requests, enforced with 429 + Retry-After + problem+json.
  const limiter = { window: 0, used: 0 };
  return startService({
    certificates,
    minVersion: 'TLSv1.3',
    plain: 'redirect',
    handler: (req, res) => {
      res.setHeader('strict-transport-security', 'max-age=63072000; includeSubDomains');
      const second = Math.floor(Date.now() / 1000);
      if (limiter.window !== second) Object.assign(limiter, { window: second, used: 0 });
      limiter.used++;
      res.setHeader('ratelimit-policy', '"default";q=100;w=1');
      res.setHeader('ratelimit', `"default";r=${Math.max(0, 100 - limiter.used)};t=1`);
      if (limiter.used > 100) {
        return sendJson(
          res,
          429,
          { type: 'about:blank', title: 'Too Many Requests', status: 429 },
          { 'content-type': 'application/problem+json', 'retry-after': '1' },
        );
      }
      const url = new URL(req.url ?? '/', 'https://commerce');
      switch (url.pathname) {
        case '/health':
          if (req.headers['if-none-match'] === '"health-1"') {
            res.writeHead(304, { etag: '"health-1"', 'cache-control': 'no-cache' });
            return res.end();
          }
          return sendJson(res, 200, { status: 'ok' }, { 'cache-control': 'no-cache', etag: '"health-1"' });
        case '/v1/products':
          return sendJson(res, 200, PRODUCTS, {
            deprecation: '@1767225600',
            sunset: 'Wed, 30 Jun 2027 00:00:00 GMT',
            link: '</v2/products>; rel="successor-version"',
          });
        case '/v2/products':
          return sendJson(
            res,
            200,
            { data: PRODUCTS, next: null },
            { 'cache-control': 'max-age=60', etag: '"products-v2-1"' },
          );
        default:
          return sendJson(
            res,
            404,
            { type: 'about:blank', title: 'Not Found', status: 404 },
            { 'content-type': 'application/problem+json' },
          );
      }
    },
  });
}
