import { mapWithConcurrency } from '../../util/concurrency.js';
import type { TlsSuite, TlsVersion } from '../../model/artifacts/tls.js';
import { handshake, type HandshakeTarget } from './handshake.js';
import { isAead, isForwardSecret, suitesFor, type SuiteInfo } from './suites.js';

/**
 * elimination: offer every candidate, record the suite the server picks, drop it and offer the rest again until the
 * server refuses (accepted + 1 handshakes, sequential within a version: the way sslscan works).
 * per-suite: one handshake per candidate suite, all in parallel (no reliance on the server picking from a list).
 */
export type SuiteMode = 'elimination' | 'per-suite';

export interface EnumerationOptions {
  mode: SuiteMode;
  timeoutMs: number;
  /** per-suite mode: handshakes in flight at once */
  concurrency: number;
  signal?: AbortSignal;
}

export interface EnumerationResult {
  version: TlsVersion;
  offered: number;
  accepted: TlsSuite[];
  handshakes: number;
}

/** Security level 0 lets Node's OpenSSL offer TLS 1.0/1.1 and weak suites: a scanner must see what the server accepts. */
export const LEVEL_0 = '@SECLEVEL=0';

/** The cipher string offering exactly these suites (TLS 1.3 suites are configured apart from the others in OpenSSL). */
function cipherString(version: TlsVersion, suites: readonly SuiteInfo[]): string {
  const names = suites.map((suite) => suite.name).join(':');
  return version === 'TLSv1.3' ? names : `${names}:${LEVEL_0}`;
}

function suiteOf(info: SuiteInfo, group: string | undefined): TlsSuite {
  return {
    name: info.name,
    code: info.code,
    forwardSecret: isForwardSecret(info),
    aead: isAead(info),
    keyExchange: info.keyExchange,
    authentication: info.authentication,
    encryption: info.encryption,
    group,
  };
}

/**
 * The suites one version of the endpoint accepts. `firstPick` is the suite the server chose when offered every suite
 * (the protocol matrix's handshake): elimination starts from it instead of repeating that handshake.
 */
export async function enumerateSuites(
  target: HandshakeTarget,
  version: TlsVersion,
  options: EnumerationOptions,
  firstPick?: { cipher: string; group?: string },
): Promise<EnumerationResult> {
  const candidates = suitesFor(version);
  const common = { version, timeoutMs: options.timeoutMs, signal: options.signal };
  if (options.mode === 'per-suite') {
    const outcomes = await mapWithConcurrency(candidates, options.concurrency, (info) =>
      handshake(target, { ...common, ciphers: cipherString(version, [info]) }),
    );
    const accepted: TlsSuite[] = [];
    let offered = 0;
    outcomes.forEach((outcome, index) => {
      if (outcome.kind === 'client-unsupported') return;
      offered++;
      const info = candidates[index];
      if (outcome.kind === 'accepted' && outcome.cipher === info.name) accepted.push(suiteOf(info, outcome.group));
    });
    return { version, offered, accepted, handshakes: candidates.length };
  }

  let remaining = candidates;
  const accepted: TlsSuite[] = [];
  let handshakes = 0;
  const seed = firstPick && candidates.find((info) => info.name === firstPick.cipher);
  if (seed) {
    accepted.push(suiteOf(seed, firstPick.group));
    remaining = remaining.filter((info) => info !== seed);
  }
  while (remaining.length > 0) {
    const outcome = await handshake(target, { ...common, ciphers: cipherString(version, remaining) });
    handshakes++;
    const picked = outcome.kind === 'accepted' ? remaining.find((info) => info.name === outcome.cipher) : undefined;
    if (!picked || outcome.kind !== 'accepted') break;
    accepted.push(suiteOf(picked, outcome.group));
    remaining = remaining.filter((info) => info !== picked);
  }
  return { version, offered: candidates.length, accepted, handshakes };
}
