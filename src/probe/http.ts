import type { PhaseTimings } from '../model/probe.js';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { TLSSocket } from 'node:tls';
import { classifyNetworkError, ProbeError } from './errors.js';
import { type Phase } from '../model/probe.js';

export interface PhaseTimeouts {
  connect: number;
  tls: number;
  firstByte: number;
  total: number;
}

export const DEFAULT_TIMEOUTS: PhaseTimeouts = { connect: 3000, tls: 3000, firstByte: 8000, total: 15000 };
export const DEFAULT_MAX_BYTES = 1024 * 1024;

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeouts?: Partial<PhaseTimeouts>;
  maxBytes?: number;
  /** When the body passes maxBytes: 'error' (default) fails, 'truncate' keeps what fits and closes. */
  onTooLarge?: 'error' | 'truncate';
  ca?: string | Buffer;
  servername?: string;
  /** false only to look at a server whose certificate is known to be untrusted. */
  rejectUnauthorized?: boolean;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  truncated: boolean;
  timings: PhaseTimings;
  httpVersion: string;
  tls?: { protocol: string | null; cipher: string; authorized: boolean; authorizationError?: string };
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name] = Array.isArray(value) ? value.join(name === 'set-cookie' ? '\n' : ', ') : value;
  }
  return flat;
}

/**
 * One HTTP(S) exchange on a fresh connection, with per-phase timings and per-phase timeouts.
 * Every failure is a ProbeError; nothing here retries.
 */
export function httpRequest(request: HttpRequest): Promise<HttpResponse> {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...request.timeouts };
  const maxBytes = request.maxBytes ?? DEFAULT_MAX_BYTES;
  const url = new URL(request.url);
  const secure = url.protocol === 'https:';
  const start = performance.now();
  const marks = { dns: start, connect: start, tls: start, firstByte: start };
  let phase: Phase = 'connect';

  return new Promise<HttpResponse>((resolve, reject) => {
    let settled = false;
    let phaseTimer: NodeJS.Timeout | undefined;
    const elapsed = () => performance.now() - start;

    const finish = (error?: unknown, response?: HttpResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(phaseTimer);
      clearTimeout(totalTimer);
      request.signal?.removeEventListener('abort', onAbort);
      if (error !== undefined) {
        req.destroy();
        reject(classifyNetworkError(error, phase, elapsed()));
      } else resolve(response!);
    };

    const armPhase = (next: Phase, ms: number, code: 'timeout-connect' | 'timeout-tls' | 'timeout-first-byte') => {
      phase = next;
      clearTimeout(phaseTimer);
      phaseTimer = setTimeout(
        () =>
          finish(
            new ProbeError(code, `no ${next === 'first-byte' ? 'response' : next} within ${ms} ms`, next, elapsed()),
          ),
        ms,
      );
    };
    const totalTimer = setTimeout(
      () =>
        finish(
          new ProbeError(
            'timeout-total',
            `exchange not complete within ${timeouts.total} ms (stuck in ${phase})`,
            phase,
            elapsed(),
          ),
        ),
      timeouts.total,
    );
    const onAbort = () => finish(new ProbeError('aborted', 'aborted', phase, elapsed()));
    if (request.signal?.aborted) {
      clearTimeout(totalTimer);
      reject(new ProbeError('aborted', 'aborted before start', 'connect', 0));
      return;
    }
    request.signal?.addEventListener('abort', onAbort);

    const timedLookup = (
      hostname: string,
      options: object,
      callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
    ) => {
      phase = 'dns';
      dnsLookup(hostname, options, (err, address, family) => {
        marks.dns = performance.now();
        phase = 'connect';
        callback(err, address, family);
      });
    };

    const options: https.RequestOptions = {
      method: request.method,
      headers: { 'user-agent': 'Junction/0.1 (readiness audit)', ...request.headers },
      agent: false,
      lookup: timedLookup,
      ...(secure
        ? {
            ca: request.ca,
            servername: request.servername,
            rejectUnauthorized: request.rejectUnauthorized ?? true,
          }
        : {}),
    };
    const req = (secure ? https : http).request(url, options);
    armPhase('connect', timeouts.connect, 'timeout-connect');

    req.on('socket', (socket: Socket) => {
      socket.once('connect', () => {
        marks.connect = performance.now();
        if (secure) armPhase('tls', timeouts.tls, 'timeout-tls');
        else armPhase('first-byte', timeouts.firstByte, 'timeout-first-byte');
      });
      socket.once('secureConnect', () => {
        marks.tls = performance.now();
        armPhase('first-byte', timeouts.firstByte, 'timeout-first-byte');
      });
    });

    req.on('response', (res) => {
      marks.firstByte = performance.now();
      phase = 'body';
      clearTimeout(phaseTimer);
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      const socket = res.socket as TLSSocket;
      const tlsInfo = secure
        ? {
            protocol: socket.getProtocol?.() ?? null,
            cipher: socket.getCipher?.()?.name ?? '',
            authorized: socket.authorized,
            authorizationError: socket.authorizationError ? String(socket.authorizationError) : undefined,
          }
        : undefined;
      const complete = () => {
        const end = performance.now();
        const dnsEnd = Math.max(marks.dns, start);
        const connectEnd = Math.max(marks.connect, dnsEnd);
        const tlsEnd = secure ? Math.max(marks.tls, connectEnd) : connectEnd;
        finish(undefined, {
          status: res.statusCode ?? 0,
          headers: flattenHeaders(res.headers),
          body: Buffer.concat(chunks),
          truncated,
          httpVersion: res.httpVersion,
          tls: tlsInfo,
          timings: {
            dns: dnsEnd - start,
            connect: connectEnd - dnsEnd,
            tls: tlsEnd - connectEnd,
            firstByte: marks.firstByte - tlsEnd,
            download: end - marks.firstByte,
            total: end - start,
          },
        });
      };
      res.on('data', (chunk: Buffer) => {
        if (settled) return;
        size += chunk.length;
        if (size > maxBytes) {
          if (request.onTooLarge === 'truncate') {
            chunks.push(chunk.subarray(0, chunk.length - (size - maxBytes)));
            truncated = true;
            complete();
            req.destroy();
            return;
          }
          finish(new ProbeError('body-too-large', `response body larger than ${maxBytes} bytes`, 'body', elapsed()));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', complete);
      res.on('aborted', () =>
        finish(new ProbeError('connection-reset', 'connection closed mid-response', 'body', elapsed())),
      );
      res.on('error', (error) => finish(error));
    });
    req.on('error', (error) => finish(error));
    if (request.body !== undefined) req.end(request.body);
    else req.end();
  });
}
