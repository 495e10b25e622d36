import { z } from 'zod';

/**
 * What no probe can see, answered by a person: encryption at rest, backups, runbooks, the monitoring in use, owners.
 * Recorded per system under `attestations` in junction.yaml; judged by checks/attestations.ts and always reported as
 * attested, apart from what Junction measured.
 */
export const attestationSchema = z
  .object({
    /** a well-known item (see ATTESTED_ITEMS in checks/attestations.ts) or an id of your own */
    item: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'attestation items use lower-case letters, digits and dashes'),
    answer: z.enum(['yes', 'no', 'n.a.']),
    /** who attests: a name and role */
    by: z.string().min(1),
    /** when, as an ISO date (2026-11-02) */
    date: z.iso.date({ error: 'date must be an ISO date such as 2026-11-02' }),
    note: z.string().optional(),
    /** a link or a workspace-relative path to the evidence (policy, backup log, runbook) */
    evidence: z.string().optional(),
  })
  .strict();

export type Attestation = z.infer<typeof attestationSchema>;

/**
 * Attested checks judge what people declared, never what Junction measured. Their ids start with `attested.`, the one
 * marker every report uses to keep them apart (and the score leaves them out).
 */
export const ATTESTED_PREFIX = 'attested.';
export const isAttested = (checkId: string): boolean => checkId.startsWith(ATTESTED_PREFIX);
