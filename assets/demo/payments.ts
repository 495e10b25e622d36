import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DemoCertificates } from './certificates.js';
import { json } from './listen.js';
import { startService, type Handler, type RunningService } from './service.js';

interface Payment {
  id: string;
  amount: number;
  currency: string;
}

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type });
  res.end(json(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/** A payments API behind a bearer token, with an OpenAPI spec and idempotency keys; its HSTS max-age is only one day. */
export function startPayments(
  certificates: DemoCertificates,
  token: string,
  onRequest?: Handler,
): Promise<RunningService> {
  const payments: Payment[] = [{ id: 'pay_1', amount: 1000, currency: 'EUR' }];
  const byKey = new Map<string, { body: string; payment: Payment }>();
  // Announces 600 requests a minute but enforces nothing: above 15 requests in a second it slows down, above 30 it fails with 503.
  const load = { window: 0, count: 0 };
  return startService({
    certificates,
    minVersion: 'TLSv1.2',
    plain: 'redirect',
    onRequest,
    handler: async (req, res) => {
      res.setHeader('strict-transport-security', 'max-age=86400');
      res.setHeader('x-ratelimit-limit', '600');
      res.setHeader('x-ratelimit-interval-seconds', '60');
      const second = Math.floor(Date.now() / 1000);
      if (load.window !== second) Object.assign(load, { window: second, count: 0 });
      load.count++;
      if (load.count > 30)
        return send(
          res,
          503,
          { type: 'about:blank', title: 'Service Unavailable', status: 503 },
          'application/problem+json',
        );
      if (load.count > 15) await new Promise((resolve) => setTimeout(resolve, 1000));
      const url = new URL(req.url ?? '/', 'https://payments');
      if (url.pathname === '/health') {
        res.setHeader('cache-control', 'no-cache');
        return send(res, 200, { status: 'ok' });
      }
      if (req.headers.authorization !== `Bearer ${token}`) {
        res.setHeader('www-authenticate', 'Bearer realm="payments"');
        return send(res, 401, { type: 'about:blank', title: 'Unauthorized', status: 401 }, 'application/problem+json');
      }
      if (url.pathname === '/v1/payments' && req.method === 'GET') return send(res, 200, { data: payments });
      if (url.pathname === '/v1/payments' && req.method === 'POST') {
        const key = req.headers['idempotency-key'];
        const body = await readBody(req);
        if (typeof key !== 'string' || key === '') {
          return send(
            res,
            400,
            { type: 'about:blank', title: 'Idempotency-Key header required', status: 400 },
            'application/problem+json',
          );
        }
        const previous = byKey.get(key);
        if (previous && previous.body !== body) {
          return send(
            res,
            422,
            { type: 'about:blank', title: 'Idempotency-Key reused with another payload', status: 422 },
            'application/problem+json',
          );
        }
        if (previous) return send(res, 201, previous.payment);
        const parsed = JSON.parse(body || '{}') as Partial<Payment>;
        const payment = {
          id: `pay_${payments.length + 1}`,
          amount: parsed.amount ?? 0,
          currency: parsed.currency ?? 'EUR',
        };
        payments.push(payment);
        byKey.set(key, { body, payment });
        return send(res, 201, payment);
      }
      return send(res, 404, { type: 'about:blank', title: 'Not Found', status: 404 }, 'application/problem+json');
    },
  });
}
