import type { Check } from './contract.js';
import { ATTESTATION_CHECKS } from './attestations.js';
import { monitoringLatency } from './monitoring-latency.js';
import { securityHttps } from './security-https.js';

/** Every readiness check, in report order. */
export const CHECKS: readonly Check[] = [securityHttps, monitoringLatency, ...ATTESTATION_CHECKS];

export function findCheck(id: string): Check | undefined {
  return CHECKS.find((check) => check.id === id);
}
