import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'junction_token';
export const TOKEN_HEADER = 'x-junction-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sameToken(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function cookieToken(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return value.join('=');
  }
  return undefined;
}

/** The token sent as a header: ours, or `Authorization: Bearer` for scrapers and OTLP exporters. */
export function headerToken(req: IncomingMessage): string | undefined {
  const own = req.headers[TOKEN_HEADER];
  if (typeof own === 'string') return own;
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return bearer?.[1];
}

/**
 * DNS-rebinding defence: a page on evil.example that resolves to 127.0.0.1 still sends `Host: evil.example`.
 * Only the loopback names with our own port are accepted.
 */
export function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host?.toLowerCase();
  return host === `127.0.0.1:${port}` || host === `localhost:${port}` || host === `[::1]:${port}`;
}

/**
 * CSRF defence for unsafe methods: the token must come in a header (a cross-site form cannot set one),
 * and a browser's Origin / Sec-Fetch-Site, when sent, must say same origin.
 */
export function unsafeRequestRefusal(req: IncomingMessage, token: string, port: number): string | undefined {
  if (SAFE_METHODS.has(req.method ?? 'GET')) return undefined;
  const origin = req.headers.origin;
  if (
    origin !== undefined &&
    !['127.0.0.1', 'localhost', '[::1]'].some((host) => origin === `http://${host}:${port}`)
  ) {
    return `cross-origin request from ${origin} refused`;
  }
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none')
    return `cross-site request (${String(site)}) refused`;
  if (!sameToken(headerToken(req), token)) return `the ${TOKEN_HEADER} header is missing or wrong`;
  return undefined;
}
