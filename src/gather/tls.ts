import { scanTls } from '../probe/tls/scan.js';
import type { HttpGatherer } from './gatherer.js';
import type { TlsArtifact } from '../model/artifacts/tls.js';

/** host and port of an https:// base URL (IPv6 brackets removed). */
function tlsEndpoint(baseUrl: string): { host: string; port: number } {
  const url = new URL(baseUrl);
  if (url.protocol !== 'https:') throw new Error(`${baseUrl} is not an https:// URL: there is no TLS endpoint to scan`);
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 443) };
}

export const tlsGatherer: HttpGatherer<'tls'> = {
  artifact: 'tls',
  serves: 'http',
  timeoutMs: 60_000,
  async gather({ system, probe, signal, progress }): Promise<TlsArtifact> {
    const endpoint = tlsEndpoint(system.baseUrl);
    progress(`TLS scan of ${endpoint.host}:${endpoint.port}`);
    const { connect, tls } = probe.policy.timeouts;
    return scanTls({ ...endpoint, ...probe.tls, timeoutMs: connect + tls, signal });
  },
};
