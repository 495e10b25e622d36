/**
 * Availability as a percentage that never rounds up: 99.996 % of checks answered is "99.99%", and "100%" means
 * that no check failed. Rounding half up turned an outage of one check in 30 000 into "100.00%".
 */
export function formatAvailability(availability: number | null, failed: number): string {
  if (availability === null) return '—';
  if (failed === 0) return '100%';
  const floored = Math.floor(availability * 10_000) / 100;
  return `${Math.min(floored, 99.99).toFixed(2)}%`;
}
