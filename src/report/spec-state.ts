import type { Report } from './schema.js';

export type SpecRow = NonNullable<Report['specs']>[number];

/** The specs table's row for a system that declares no spec (systems[].spec). */
export const NO_SPEC = 'no spec declared (systems[].spec)';

/**
 * What the specs table says of one system's spec, the same words in every format: a system without a spec has none
 * (never "0 operations, invalid"), an unread spec says why, a read one is valid or invalid.
 */
export function specState(spec: SpecRow): { kind: 'none' | 'unread' | 'valid' | 'invalid'; text: string } {
  if (!spec.source) return { kind: 'none', text: NO_SPEC };
  if (spec.error) return { kind: 'unread', text: `not read: ${spec.error}` };
  return spec.valid === false ? { kind: 'invalid', text: 'invalid' } : { kind: 'valid', text: 'valid' };
}
