import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiContext } from '../api/context.js';
import { invoke } from '../api/invoke.js';
import { readJson, sendJson } from './body.js';
import { cookieToken, headerToken, hostAllowed, sameToken, TOKEN_COOKIE, unsafeRequestRefusal } from './security.js';
import { serveRenderer } from './static.js';
import { RENDERER_DIR } from './renderer-build.js';

/** An extra endpoint mounted behind the same token and host checks (the OTLP receiver, /metrics). */
export interface Route {
  method: 'GET' | 'POST';
  path: string;
  handle(req: IncomingMessage, res: ServerResponse, ctx: ApiContext): void | Promise<void>;
}

export interface HostOptions {
  ctx: ApiContext;
  /** 0 picks a free port */
  port?: number;
  rendererDir?: string;
  routes?: Route[];
  maxBodyBytes?: number;
}

export interface RunningHost {
  server: Server;
  port: number;
  token: string;
  /** the URL to open: it carries the token once; the browser keeps it as a cookie */
  url: string;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
    "connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

function streamEvents(req: IncomingMessage, res: ServerResponse, ctx: ApiContext): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  res.write(': connected\n\n');
  const unsubscribe = ctx.events.subscribe((event) => res.write(`data: ${JSON.stringify(event)}\n\n`));
  const heartbeat = setInterval(() => res.write(': ping\n\n'), 15_000);
  req.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
}

async function callOperation(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ApiContext,
  name: string,
  limit: number,
): Promise<void> {
  const body = await readJson(req, res, limit);
  if (!body) return;
  const result = await invoke(ctx, name, body.value);
  if (result.ok) sendJson(res, 200, result.value);
  else sendJson(res, result.status, { error: result.error, issues: result.issues });
}

/**
 * The headless host: the renderer, the api operations and the event stream on 127.0.0.1 only,
 * behind a per-start token (cookie after the first visit), a Host check and a CSRF header.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const token = randomBytes(24).toString('base64url');
  const rendererDir = options.rendererDir ?? RENDERER_DIR;
  const limit = options.maxBodyBytes ?? 20_000_000;
  const routes = options.routes ?? [];
  let port = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    if (!hostAllowed(req, port))
      return sendJson(res, 421, { error: 'unexpected Host header: use 127.0.0.1 or localhost' });
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);

    const fromQuery = url.searchParams.get('token') ?? undefined;
    if (req.method === 'GET' && sameToken(fromQuery, token)) {
      // First visit with the printed URL: keep the token in a cookie and take it out of the address bar and history.
      url.searchParams.delete('token');
      res.writeHead(303, {
        'set-cookie': `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        location: url.pathname + url.search,
      });
      res.end();
      return;
    }
    if (!sameToken(cookieToken(req), token) && !sameToken(headerToken(req), token)) {
      return sendJson(res, 401, { error: 'missing or wrong token: open the URL that "junction serve" printed' });
    }
    const refusal = unsafeRequestRefusal(req, token, port);
    if (refusal) return sendJson(res, 403, { error: refusal });

    const route = routes.find((candidate) => candidate.method === req.method && candidate.path === url.pathname);
    if (route) return route.handle(req, res, options.ctx);
    if (url.pathname === '/api/events' && req.method === 'GET') return streamEvents(req, res, options.ctx);
    const operation = /^\/api\/([A-Za-z]+)$/.exec(url.pathname);
    if (operation) {
      if (req.method !== 'POST') return sendJson(res, 405, { error: 'api operations are called with POST' });
      return callOperation(req, res, options.ctx, operation[1], limit);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'method not allowed' });
    serveRenderer(rendererDir, url.pathname, token, res);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      process.stderr.write(`junction: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
