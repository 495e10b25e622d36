import type { HttpGatherer } from './gatherer.js';
import { recordExchange } from './record.js';
import type { CachingArtifact, CachingProbe } from '../model/artifacts/resilience.js';

/** A GET of the health path, then the same GET made conditional with the validators it returned. */
export const cachingGatherer: HttpGatherer<'caching'> = {
  artifact: 'caching',
  serves: 'http',
  timeoutMs: 30_000,
  async gather({ system, probe, signal, progress }): Promise<CachingArtifact> {
    const url = probe.url(system.healthPath);
    progress('GET and conditional GET');
    const first = await recordExchange(probe, { method: 'GET', url, signal });
    const conditions: Record<string, string> = {};
    if (first.headers?.etag) conditions['if-none-match'] = first.headers.etag;
    if (first.headers?.['last-modified']) conditions['if-modified-since'] = first.headers['last-modified'];
    const probeResult: CachingProbe = { url, first };
    if (Object.keys(conditions).length > 0)
      probeResult.conditional = await recordExchange(probe, { method: 'GET', url, headers: conditions, signal });
    return { probes: [probeResult] };
  },
};
