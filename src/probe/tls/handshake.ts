import { performance } from 'node:perf_hooks';
import tls, { type PeerCertificate } from 'node:tls';
import type { TlsVersion } from '../../model/artifacts/tls.js';

export interface HandshakeTarget {
  host: string;
  port: number;
  /** SNI; never an IP address */
  servername?: string;
  /** trust anchors (PEM) the chain is validated against: the bundled roots plus one extra CA, or Node's default roots */
  ca?: readonly string[];
}

export interface HandshakeOptions {
  /** pins the handshake to one version (min = max) */
  version: TlsVersion;
  /** OpenSSL cipher string; TLS 1.3 suite names go in the same string */
  ciphers: string;
  /** connect + handshake */
  timeoutMs: number;
  requestOcsp?: boolean;
  /** keep the DER chain of an accepted handshake */
  keepChain?: boolean;
  signal?: AbortSignal;
}

export type HandshakeOutcome =
  | {
      kind: 'accepted';
      protocol: string;
      cipher: string;
      group?: string;
      authorized: boolean;
      authorizationError?: string;
      /** DER, leaf first */
      chain?: Buffer[];
      ocspStapled: boolean;
      ms: number;
    }
  | {
      /**
       * refused: the server said no (alert) or hung up; client-unsupported: Node's OpenSSL cannot offer it;
       * not-tls: the peer answered with something that is not TLS; unreachable: no TCP connection; timeout: no answer.
       */
      kind: 'refused' | 'client-unsupported' | 'not-tls' | 'unreachable' | 'timeout' | 'aborted';
      detail: string;
      ms: number;
    };

const NOT_TLS = /wrong version number|packet length too long|unknown protocol|record layer failure|http request/i;
const CLIENT_UNSUPPORTED = new Set([
  'ERR_SSL_NO_CIPHERS_AVAILABLE',
  'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
  'ERR_SSL_NO_CIPHER_MATCH',
]);
const UNREACHABLE = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL']);

function classify(error: NodeJS.ErrnoException): {
  kind: 'refused' | 'client-unsupported' | 'not-tls' | 'unreachable';
  detail: string;
} {
  const code = error.code ?? '';
  // OpenSSL messages carry a file:line prefix; the reason is the part after "SSL routines:function:".
  const reason = /SSL routines:[^:]*:([^:]+)/.exec(error.message)?.[1] ?? error.message.trim();
  if (CLIENT_UNSUPPORTED.has(code)) return { kind: 'client-unsupported', detail: reason };
  if (NOT_TLS.test(error.message)) return { kind: 'not-tls', detail: reason };
  if (UNREACHABLE.has(code)) return { kind: 'unreachable', detail: `${code}: ${error.message}` };
  if (code === 'ECONNRESET' || /disconnected before secure TLS connection/i.test(error.message)) {
    return { kind: 'refused', detail: 'connection closed without a TLS alert' };
  }
  return { kind: 'refused', detail: reason };
}

/** The certificates of a peer as OpenSSL built the chain, leaf first, each once. */
function chainOf(leaf: PeerCertificate): Buffer[] {
  const chain: Buffer[] = [];
  const seen = new Set<string>();
  let current: tls.DetailedPeerCertificate | undefined = leaf as tls.DetailedPeerCertificate;
  while (current?.raw && !seen.has(current.fingerprint256)) {
    seen.add(current.fingerprint256);
    chain.push(current.raw);
    current = current.issuerCertificate;
  }
  return chain;
}

function groupOf(socket: tls.TLSSocket): string | undefined {
  const info = socket.getEphemeralKeyInfo();
  if (!info || !('type' in info) || !info.type) return undefined;
  return info.type === 'DH' ? `DH ${info.size}` : (info.name ?? info.type);
}

const contexts = new Map<string, tls.SecureContext>();
const MAX_CONTEXTS = 2000;

/**
 * Secure contexts are cached: building one parses every trust anchor (about 140 bundled roots), which costs far
 * more than a loopback handshake. The cache key is everything the context holds; the anchors are identified by
 * the extra CA they add, since the bundled roots never change in a process.
 */
function contextFor(version: TlsVersion, ciphers: string, ca: readonly string[] | undefined): tls.SecureContext {
  const key = `${version}|${ciphers}|${ca ? ca[ca.length - 1] : ''}`;
  let context = contexts.get(key);
  if (!context) {
    const pinned = version;
    // Without anchors, OpenSSL's own (lazily shared) root store validates the chain.
    context = tls.createSecureContext({
      minVersion: pinned,
      maxVersion: pinned,
      ciphers,
      ca: ca ? [...ca] : undefined,
    });
    if (contexts.size >= MAX_CONTEXTS) contexts.clear();
    contexts.set(key, context);
  }
  return context;
}

/** One TLS handshake on a fresh connection; never throws, never hangs past timeoutMs. */
export function handshake(target: HandshakeTarget, options: HandshakeOptions): Promise<HandshakeOutcome> {
  const start = performance.now();
  const ms = () => performance.now() - start;
  return new Promise((resolve) => {
    if (options.signal?.aborted) return resolve({ kind: 'aborted', detail: 'aborted', ms: 0 });
    let connected = false;
    let ocspStapled = false;
    // tls.connect passes requestOCSP on to the TLSSocket, though @types/node lists it only for the socket.
    const connectOptions: tls.ConnectionOptions & { requestOCSP?: boolean } = {
      host: target.host,
      port: target.port,
      servername: target.servername,
      secureContext: contextFor(options.version, options.ciphers, target.ca),
      requestOCSP: options.requestOcsp,
      rejectUnauthorized: false,
    };
    const socket = tls.connect(connectOptions);
    const done = (outcome: HandshakeOutcome) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(outcome);
    };
    const onAbort = () => done({ kind: 'aborted', detail: 'aborted', ms: ms() });
    const timer = setTimeout(
      () =>
        done(
          connected
            ? { kind: 'timeout', detail: `no TLS answer within ${options.timeoutMs} ms`, ms: ms() }
            : { kind: 'unreachable', detail: `no TCP connection within ${options.timeoutMs} ms`, ms: ms() },
        ),
      options.timeoutMs,
    );
    options.signal?.addEventListener('abort', onAbort);
    socket.once('connect', () => (connected = true));
    socket.on('OCSPResponse', (response: Buffer | undefined) => (ocspStapled = !!response && response.length > 0));
    socket.once('secureConnect', () => {
      const cipher = socket.getCipher();
      done({
        kind: 'accepted',
        protocol: socket.getProtocol() ?? options.version,
        cipher: cipher.name,
        group: groupOf(socket),
        authorized: socket.authorized,
        authorizationError: socket.authorizationError ? String(socket.authorizationError) : undefined,
        chain: options.keepChain ? chainOf(socket.getPeerCertificate(true)) : undefined,
        ocspStapled,
        ms: ms(),
      });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => done({ ...classify(error), ms: ms() }));
  });
}
