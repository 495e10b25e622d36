import type { HttpArtifact, HttpSample } from '../model/artifacts/http.js';
import { plainHttpTarget } from '../probe/targets.js';
import type { HttpGatherer } from './gatherer.js';
import { recordExchange } from './record.js';

const BASELINE_REQUESTS = 5;
/**
 * HTTP basic for "junction-decoy:not-a-secret": plain HTTP is asked once, as a client would call it, with an
 * Authorization header, so one answer shows whether plain HTTP redirects, is closed, or takes credentials in clear
 * text; the header is made up, so no real secret ever travels unencrypted.
 */
const DECOY_AUTHORIZATION = `Basic ${Buffer.from('junction-decoy:not-a-secret').toString('base64')}`;

export const httpGatherer: HttpGatherer<'http'> = {
  artifact: 'http',
  serves: 'http',
  timeoutMs: 60_000,
  async gather({ system, probe, signal, progress }): Promise<HttpArtifact> {
    const url = probe.url(system.healthPath);
    const samples: HttpSample[] = [];
    for (let i = 0; i < BASELINE_REQUESTS && !signal.aborted; i++) {
      progress(`baseline request ${i + 1}/${BASELINE_REQUESTS}`);
      samples.push(await recordExchange(probe, { method: 'GET', url, signal }));
    }
    const target = plainHttpTarget(system);
    let plain: HttpArtifact['plain'];
    if ('url' in target && target.url !== url) {
      progress('plain HTTP with a decoy credential');
      const headers = { authorization: DECOY_AUTHORIZATION };
      plain = {
        url: target.url,
        sample: await recordExchange(probe, { method: 'GET', url: target.url, headers, authenticate: false, signal }),
      };
    } else if ('url' in target) {
      plain = { url: target.url, sample: samples[0] };
    } else {
      plain = { reason: target.reason };
    }
    return { baseUrl: system.baseUrl, secure: new URL(system.baseUrl).protocol === 'https:', samples, plain };
  },
};
