import type { Attestation } from '../attestation.js';

/** The system's attestations as of the run: read from junction.yaml, never from the network. */
export interface AttestationsArtifact {
  /** the day the run read them (ISO date) */
  asOf: string;
  items: (Attestation & { ageDays: number })[];
}
