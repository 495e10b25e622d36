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

/** One gatherer per artifact kind. */
export const GATHERERS: { [K in keyof ArtifactMap]: Gatherer<K> } = {
  http: httpGatherer,
  flows: flowsGatherer,
  attestations: attestationsGatherer,
  tls: tlsGatherer,
  transport: transportGatherer,
  auth: authGatherer,
  burst: burstGatherer,
  spike: spikeGatherer,
  retry: retryGatherer,
  caching: cachingGatherer,
  spec: specGatherer,
  conformance: conformanceGatherer,
  broker: brokerGatherer,
  brokerTransport: brokerTransportGatherer,
  brokerGuest: brokerGuestGatherer,
  asyncapi: asyncApiGatherer,
};
