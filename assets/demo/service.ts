import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { SecureVersion } from 'node:tls';
import type { DemoCertificates } from './certificates.js';
import { closeServer, listenOnLoopback } from './listen.js';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface DemoServiceOptions {
  certificates: DemoCertificates;
  minVersion: SecureVersion;
  maxVersion?: SecureVersion;
  ciphers?: string;
  handler: Handler;
  /** called first on every request of both listeners (tracing, access log) */
  onRequest?: Handler;
  /** what the plain-HTTP port does: serve the same API, or redirect to HTTPS */
  plain: 'serve' | 'redirect';
}

export interface RunningService {
  baseUrl: string;
  plainHttpUrl: string;
  stop(): Promise<void>;
}

/** One demo service: an HTTPS listener with the given TLS range and a plain-HTTP listener beside it. */
export async function startService(options: DemoServiceOptions): Promise<RunningService> {
  const observe = options.onRequest;
  const handler: Handler = observe ? (req, res) => (observe(req, res), options.handler(req, res)) : options.handler;
  const secure = https.createServer(
    {
      cert: options.certificates.cert,
      key: options.certificates.key,
      minVersion: options.minVersion,
      maxVersion: options.maxVersion,
      ciphers: options.ciphers,
    },
    handler,
  );
  const securePort = await listenOnLoopback(secure);
  const baseUrl = `https://127.0.0.1:${securePort}`;
  const plain = http.createServer(
    options.plain === 'serve'
      ? handler
      : (req, res) => {
          res.writeHead(308, { location: new URL(req.url ?? '/', baseUrl).toString() });
          res.end();
        },
  );
  const plainPort = await listenOnLoopback(plain);
  return {
    baseUrl,
    plainHttpUrl: `http://127.0.0.1:${plainPort}`,
    stop: async () => {
      await Promise.all([closeServer(secure), closeServer(plain)]);
    },
  };
}
