import type { Check } from './contract.js';
import { monitoringLatency } from './monitoring-latency.js';
import { securityHttps } from './security-https.js';

/** Every readiness check, in report order. */
export const CHECKS: readonly Check[] = [securityHttps, monitoringLatency];

export function findCheck(id: string): Check | undefined {
  return CHECKS.find((check) => check.id === id);
}
