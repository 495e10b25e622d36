import type { ArtifactMap } from '../model/artifacts/map.js';
import type { Gatherer } from './gatherer.js';
import { httpGatherer } from './http.js';
import { flowsGatherer } from './flows.js';
import { attestationsGatherer } from './attestations.js';
import { tlsGatherer } from './tls.js';
import { transportGatherer } from './transport.js';
import { authGatherer } from './auth.js';
import { burstGatherer } from './burst.js';
import { cachingGatherer } from './caching.js';
import { retryGatherer } from './retry.js';
import { spikeGatherer } from './spike.js';
import { specGatherer } from './spec.js';
import { conformanceGatherer } from './conformance.js';
import { brokerGatherer } from './broker.js';
import { brokerTransportGatherer } from './broker-transport.js';
import { brokerGuestGatherer } from './broker-guest.js';
import { asyncApiGatherer } from './asyncapi.js';

/**
 * One gatherer per artifact kind, in the order a system's artifacts are gathered, whatever order the checks were asked
 * for in (Lighthouse's default config lists its gatherers the same way). Reads that send nothing come first, then the
 * baseline and the spec's safe calls, then the error probes, and the load last: the spike before the burst, because the
 * burst sets out to exhaust the rate-limit quota and a spike after it would measure the 429s it left behind.
 */
export const GATHERERS: { [K in keyof ArtifactMap]: Gatherer<K> } = {
  attestations: attestationsGatherer,
  flows: flowsGatherer,
  spec: specGatherer,
  asyncapi: asyncApiGatherer,
  broker: brokerGatherer,
  brokerTransport: brokerTransportGatherer,
  brokerGuest: brokerGuestGatherer,
  http: httpGatherer,
  tls: tlsGatherer,
  transport: transportGatherer,
  auth: authGatherer,
  conformance: conformanceGatherer,
  caching: cachingGatherer,
  retry: retryGatherer,
  spike: spikeGatherer,
  burst: burstGatherer,
};

const GATHER_ORDER = Object.keys(GATHERERS) as (keyof ArtifactMap)[];

/** The artifact kinds wanted, once each, in the order of GATHERERS. */
export function inGatherOrder(wanted: Iterable<keyof ArtifactMap>): (keyof ArtifactMap)[] {
  const kinds = new Set(wanted);
  return GATHER_ORDER.filter((kind) => kinds.has(kind));
}
