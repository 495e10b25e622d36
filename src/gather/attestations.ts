import type { AttestationsArtifact } from '../model/artifacts/attestations.js';
import type { Attestation } from '../model/attestation.js';
import type { AnyGatherer } from './gatherer.js';

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

export const attestationsGatherer: AnyGatherer<'attestations'> = {
  artifact: 'attestations',
  serves: 'any',
  timeoutMs: 1_000,
  gather: async ({ system }) => attestationsArtifact(system.attestations ?? [], new Date()),
};
