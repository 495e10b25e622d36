import { performance } from 'node:perf_hooks';
import tls from 'node:tls';
import { TLS_VERSIONS, type TlsArtifact, type TlsProtocolResult, type TlsVersion } from '../../model/artifacts/tls.js';
import { ProbeError } from '../errors.js';
import { describeCertificate, leafMatches } from './certificate.js';
import { handshake, type HandshakeOutcome, type HandshakeTarget } from './handshake.js';
import { enumerateSuites, LEVEL_0, type SuiteMode } from './enumerate.js';
import { SUITES } from './suites.js';

export interface TlsScanOptions {
  host: string;
  port: number;
  servername?: string;
  /** the system's extra trust anchor (PEM), added to Node's bundled roots */
  ca?: string;
  /** per handshake: connect + TLS */
  timeoutMs: number;
  /** per-suite mode: handshakes in flight at once per version */
  concurrency?: number;
  /** false for the protocol matrix alone */
  suites?: boolean;
  suiteMode?: SuiteMode;
  signal?: AbortSignal;
}

const DEFAULT_TLS_CONCURRENCY = 32;

const TLS13_SUITES = SUITES.filter((suite) => suite.since === 'TLSv1.3').map((suite) => suite.name);
/** Every suite at once: the matrix asks only "does this version complete a handshake". */
const MATRIX_CIPHERS = ['ALL:COMPLEMENTOFALL', ...TLS13_SUITES, LEVEL_0].join(':');

const isIp = (host: string) => /^[\d.]+$/.test(host) || host.includes(':');

function protocolResult(version: TlsVersion, outcome: HandshakeOutcome): TlsProtocolResult {
  const ms = Math.round(outcome.ms * 10) / 10;
  return outcome.kind === 'accepted'
    ? { version, accepted: true, cipher: outcome.cipher, group: outcome.group, ms }
    : { version, accepted: false, detail: `${outcome.kind}: ${outcome.detail}`, ms };
}

/** No version completed: a clear error for a port that is closed, silent or not speaking TLS; undefined when the server merely refused every version. */
function endpointError(target: HandshakeTarget, outcomes: HandshakeOutcome[]): ProbeError | undefined {
  const where = `${target.host}:${target.port}`;
  const of = (kind: HandshakeOutcome['kind']) =>
    outcomes.find((outcome) => outcome.kind === kind) as { detail: string } | undefined;
  const notTls = of('not-tls');
  if (notTls)
    return new ProbeError(
      'protocol',
      `${where} does not speak TLS: it answered a ClientHello with non-TLS data (${notTls.detail}); plain HTTP on a TLS port?`,
      'tls',
    );
  const unreachable = of('unreachable');
  if (unreachable)
    return new ProbeError('connection-refused', `${where} is unreachable: ${unreachable.detail}`, 'connect');
  const timeout = of('timeout');
  if (timeout)
    return new ProbeError(
      'timeout-tls',
      `${where} accepted TCP but never answered a ClientHello (${timeout.detail}); not a TLS service?`,
      'tls',
    );
  if (of('aborted')) return new ProbeError('aborted', 'TLS scan aborted', 'tls');
  return undefined;
}

/**
 * Scans one TLS endpoint: a protocol matrix (one handshake per version, min = max, in parallel), then the accepted
 * suites of each accepted version (versions in parallel); the chain, its trust and OCSP stapling come from the
 * highest-version handshake.
 */
export async function scanTls(options: TlsScanOptions): Promise<TlsArtifact> {
  const began = performance.now();
  const scannedAt = new Date().toISOString();
  const servername = options.servername ?? (isIp(options.host) ? undefined : options.host);
  // Validated against Node's bundled roots, which OpenSSL shares between contexts.
  const target: HandshakeTarget = { host: options.host, port: options.port, servername };
  const common = { timeoutMs: options.timeoutMs, signal: options.signal };
  const inspect = { ciphers: MATRIX_CIPHERS, keepChain: true, requestOcsp: true };

  const matrix = await Promise.all(
    TLS_VERSIONS.map((version) => handshake(target, { ...common, ...inspect, version })),
  );
  const protocols = TLS_VERSIONS.map((version, index) => protocolResult(version, matrix[index]));
  let handshakes = matrix.length;
  const bestIndex = matrix.findLastIndex((outcome) => outcome.kind === 'accepted');
  const best = matrix[bestIndex];
  if (best?.kind !== 'accepted') {
    const error = endpointError(target, matrix);
    if (error) throw error;
  }

  const acceptedVersions = TLS_VERSIONS.flatMap((version, index) => {
    const outcome = matrix[index];
    return outcome.kind === 'accepted'
      ? [{ version, firstPick: { cipher: outcome.cipher, group: outcome.group } }]
      : [];
  });
  // A system CA is judged by one more handshake at the best version: a context holding the bundled roots plus that
  // CA parses ~140 certificates, more than a loopback handshake costs, so one is built (and cached), not one per version.
  const trustCheck =
    options.ca && best?.kind === 'accepted'
      ? handshake(
          { ...target, ca: [...tls.rootCertificates, options.ca] },
          { ...common, ...inspect, version: TLS_VERSIONS[bestIndex] },
        )
      : Promise.resolve(best);
  const [trusted, enumerations] = await Promise.all([
    trustCheck,
    options.suites === false
      ? []
      : Promise.all(
          acceptedVersions.map(({ version, firstPick }) =>
            enumerateSuites(
              target,
              version,
              {
                mode: options.suiteMode ?? 'elimination',
                timeoutMs: options.timeoutMs,
                concurrency: options.concurrency ?? DEFAULT_TLS_CONCURRENCY,
                signal: options.signal,
              },
              firstPick,
            ),
          ),
        ),
  ]);
  handshakes += enumerations.reduce((sum, result) => sum + result.handshakes, 0) + (options.ca && best ? 1 : 0);
  const suites = enumerations.map(({ version, offered, accepted }) => ({ version, offered, accepted }));

  const hostname = servername ?? options.host;
  const base = { host: options.host, port: options.port, servername, scannedAt, protocols, suites, handshakes };
  if (best?.kind !== 'accepted') {
    return {
      ...base,
      ocspStapled: false,
      chain: [],
      trust: { trusted: false, error: 'no handshake completed', customCa: options.ca !== undefined },
      hostname: { name: hostname, matches: false },
      durationMs: performance.now() - began,
    };
  }
  // Should the trust handshake fail where the matrix succeeded, the matrix handshake still shows the chain.
  const judged = trusted?.kind === 'accepted' ? trusted : best;
  const chainDer = judged.chain ?? [];
  // Node folds a name mismatch into authorizationError; the chain itself is judged apart from the name.
  const chainError =
    judged.authorizationError === 'ERR_TLS_CERT_ALTNAME_INVALID' ? undefined : judged.authorizationError;
  return {
    ...base,
    ocspStapled: judged.ocspStapled,
    chain: chainDer.map(describeCertificate),
    trust: { trusted: chainError === undefined, error: chainError, customCa: options.ca !== undefined },
    hostname: { name: hostname, matches: chainDer[0] ? leafMatches(chainDer[0], hostname) : false },
    durationMs: performance.now() - began,
  };
}
