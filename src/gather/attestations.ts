import type { Attestation } from '../estate/attestations.js';
import type { Gatherer } from './gatherer.js';

/** The system's attestations as of the run: read from junction.yaml, never from the network. */
export interface AttestationsArtifact {
  /** the day the run read them (ISO date) */
  asOf: string;
  items: (Attestation & { ageDays: number })[];
}

const DAY_MS = 86_400_000;

/** Ages each attestation against `now`, so checks stay pure (no clock) and can still call an old answer stale. */
export function attestationsArtifact(attestations: readonly Attestation[], now: Date): AttestationsArtifact {
  return {
    asOf: now.toISOString().slice(0, 10),
    items: attestations.map((attestation) => ({
      ...attestation,
      ageDays: Math.floor((now.getTime() - Date.parse(`${attestation.date}T00:00:00Z`)) / DAY_MS),
    })),
  };
}

export const attestationsGatherer: Gatherer<'attestations'> = {
  artifact: 'attestations',
  timeoutMs: 1_000,
  gather: async ({ system }) => attestationsArtifact(system.attestations ?? [], new Date()),
};
