import { plainHttpTarget } from './http.js';
import type { Gatherer } from './gatherer.js';
import { recordExchange } from './record.js';
import type { TransportArtifact } from '../model/artifacts/security.js';

/** A reserved name (RFC 2606): no real site can own it, so a server that echoes it reflects any origin. */
const PROBE_ORIGIN = 'https://junction-probe.invalid';
/** HTTP basic for "junction-decoy:not-a-secret": what a client would send, without risking a real secret in clear text. */
const DECOY_AUTHORIZATION = `Basic ${Buffer.from('junction-decoy:not-a-secret').toString('base64')}`;

export const transportGatherer: Gatherer<'transport'> = {
  artifact: 'transport',
  timeoutMs: 30_000,
  async gather({ system, probe, signal, progress }): Promise<TransportArtifact> {
    const url = probe.url(system.healthPath);
    progress('CORS request and preflight');
    const [cors, preflight] = await Promise.all([
      recordExchange(probe, { method: 'GET', url, headers: { origin: PROBE_ORIGIN }, authenticate: false, signal }),
      recordExchange(probe, {
        method: 'OPTIONS',
        url,
        headers: {
          origin: PROBE_ORIGIN,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
        authenticate: false,
        signal,
      }),
    ]);
    const target = plainHttpTarget(system);
    let plainCredentials: TransportArtifact['plainCredentials'];
    if (!('url' in target)) plainCredentials = { reason: target.reason };
    else if (new URL(system.baseUrl).protocol === 'http:')
      plainCredentials = { reason: 'the base URL itself is plain HTTP' };
    else {
      progress('plain HTTP with a decoy credential');
      const sample = await recordExchange(probe, {
        method: 'GET',
        url: target.url,
        headers: { authorization: DECOY_AUTHORIZATION },
        authenticate: false,
        signal,
      });
      plainCredentials = { url: target.url, sample };
    }
    return { origin: PROBE_ORIGIN, cors, preflight, plainCredentials };
  },
};
