import type { PhaseTimings } from '../probe/http.js';
import type { ProbeErrorCode, Phase } from '../probe/errors.js';
import type { FlowsArtifact } from './flows-artifact.js';
import type { ConformanceArtifact, SpecArtifact } from './spec-artifact.js';
import type { AttestationsArtifact } from './attestations.js';
import type { TlsArtifact } from './tls-artifact.js';
import type { AuthArtifact, TransportArtifact } from './security-artifact.js';
import type { BurstArtifact, CachingArtifact, RetryArtifact, SpikeArtifact } from './resilience-artifact.js';

/** One recorded exchange, already redacted. */
export interface HttpSample {
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  status?: number;
  headers?: Record<string, string>;
  bodyPreview?: string;
  timings?: PhaseTimings;
  tls?: { protocol: string | null; cipher: string; authorized: boolean };
  error?: { code: ProbeErrorCode; message: string; phase: Phase };
}

export interface HttpArtifact {
  baseUrl: string;
  secure: boolean;
  /** baseline GETs of the health path, each on a fresh connection */
  samples: HttpSample[];
  /** what plain HTTP does: redirect, serve, or refuse */
  plain: { url: string; sample: HttpSample } | { url?: undefined; reason: string };
}

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
}
