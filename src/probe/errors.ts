import type { Phase, ProbeErrorCode } from '../model/probe.js';

/** Every failure of a probe is one of these: a code a program can branch on, a message a person can read. */
export class ProbeError extends Error {
  constructor(
    readonly code: ProbeErrorCode,
    message: string,
    readonly phase: Phase,
    readonly elapsedMs?: number,
    readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'ProbeError';
  }
}

const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
]);

/** Maps a Node socket/TLS/parser error to a typed probe error. */
export function classifyNetworkError(error: unknown, phase: Phase, elapsedMs: number): ProbeError {
  if (error instanceof ProbeError) return error;
  const err = error as NodeJS.ErrnoException & { reason?: string };
  const code = err?.code ?? '';
  const detail = err?.message ?? String(error);
  if (CERTIFICATE_CODES.has(code)) {
    return new ProbeError('tls-certificate', `certificate rejected: ${detail} (${code})`, 'tls', elapsedMs, error);
  }
  if (code.startsWith('ERR_SSL_') || code === 'EPROTO' || /SSL routines|wrong version number/i.test(detail)) {
    return new ProbeError('tls-handshake', `TLS handshake failed: ${detail}`, 'tls', elapsedMs, error);
  }
  if (code === 'ECONNREFUSED')
    return new ProbeError('connection-refused', `connection refused: ${detail}`, 'connect', elapsedMs, error);
  if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/i.test(detail)) {
    return new ProbeError(
      'connection-reset',
      `connection reset by the server during ${phase}`,
      phase,
      elapsedMs,
      error,
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new ProbeError('dns', `name not resolved: ${detail}`, 'dns', elapsedMs, error);
  if (code.startsWith('HPE_')) {
    return new ProbeError('protocol', `not a valid HTTP response: ${detail}`, phase, elapsedMs, error);
  }
  if (err?.name === 'AbortError' || code === 'ABORT_ERR')
    return new ProbeError('aborted', 'aborted', phase, elapsedMs, error);
  return new ProbeError('network', `${detail}${code ? ` (${code})` : ''}`, phase, elapsedMs, error);
}
