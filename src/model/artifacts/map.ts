import type { FlowsArtifact } from './flows.js';
import type { ConformanceArtifact, SpecArtifact } from './spec.js';
import type { AttestationsArtifact } from './attestations.js';
import type { TlsArtifact } from './tls.js';
import type { AuthArtifact, TransportArtifact } from './security.js';
import type { BurstArtifact, CachingArtifact, RetryArtifact, SpikeArtifact } from './resilience.js';
import type { HttpArtifact } from './http.js';
import type { AsyncApiArtifact, BrokerArtifact, BrokerGuestArtifact, BrokerTransportArtifact } from './broker.js';

/** Every artifact kind a gatherer can produce, by name. Checks name what they require from here. */
export interface ArtifactMap {
  flows: FlowsArtifact;
  http: HttpArtifact;
  attestations: AttestationsArtifact;
  spec: SpecArtifact;
  conformance: ConformanceArtifact;
  tls: TlsArtifact;
  transport: TransportArtifact;
  auth: AuthArtifact;
  burst: BurstArtifact;
  spike: SpikeArtifact;
  retry: RetryArtifact;
  caching: CachingArtifact;
  broker: BrokerArtifact;
  brokerTransport: BrokerTransportArtifact;
  brokerGuest: BrokerGuestArtifact;
  asyncapi: AsyncApiArtifact;
}
