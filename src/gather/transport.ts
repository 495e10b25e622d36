import type { HttpGatherer } from './gatherer.js';
import { recordExchange } from './record.js';
import type { TransportArtifact } from '../model/artifacts/security.js';

/** A reserved name (RFC 2606): no real site can own it, so a server that echoes it reflects any origin. */
const PROBE_ORIGIN = 'https://junction-probe.invalid';

export const transportGatherer: HttpGatherer<'transport'> = {
  artifact: 'transport',
  serves: 'http',
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
    return { origin: PROBE_ORIGIN, cors, preflight };
  },
};
