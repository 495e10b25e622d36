import { z } from 'zod';

/**
 * What no probe can see, answered by a person: encryption at rest, backups, runbooks, the monitoring in use, owners.
 * Recorded per system under `attestations` in junction.yaml; judged by checks/attestations.ts and always reported as
 * attested, apart from what Junction measured.
 */
export const attestationSchema = z
  .object({
    item: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'attestation items use lower-case letters, digits and dashes')
      .describe(
        'encryption-at-rest, backups, runbooks, monitoring or owner (each judged by its attested.* check), or an id ' +
          'of your own (attested.other); owasp-api1 … owasp-api10 answer an OWASP API Security Top 10 (2023) risk ' +
          "and show in the report's OWASP coverage",
      ),
    answer: z.enum(['yes', 'no', 'n.a.']),
    by: z.string().min(1).describe('who attests: a name and role'),
    date: z.iso
      .date({ error: 'date must be an ISO date such as 2026-11-02' })
      .describe('when, as an ISO date (2026-11-02); answers older than a year are asked again'),
    note: z.string().optional().describe('the answer in words: which team, which vendor, which policy'),
    evidence: z
      .string()
      .optional()
      .describe('a link or a workspace-relative path to the evidence (policy, backup log, runbook)'),
  })
  .strict()
  .describe('one answer a person gives for the system');

export type Attestation = z.infer<typeof attestationSchema>;

/**
 * Attested checks judge what people declared, never what Junction measured. Their ids start with `attested.`, the one
 * marker every report uses to keep them apart (and the score leaves them out).
 */
export const ATTESTED_PREFIX = 'attested.';
export const isAttested = (checkId: string): boolean => checkId.startsWith(ATTESTED_PREFIX);

/** The summary of an attested check nobody has answered yet. */
export const UNANSWERED_SUMMARY = 'Not attested: nobody has answered this yet';

/**
 * An attested check nobody answered: nothing was declared, so every report marks it "not attested", never "attested"
 * (a heading like "Unconfirmed: … — attested" contradicts itself).
 */
export const isUnanswered = (finding: { checkId: string; summary: string }): boolean =>
  isAttested(finding.checkId) && finding.summary === UNANSWERED_SUMMARY;

/** The mark every format puts on an attested finding: what was declared, or that nothing was. */
export const attestedMark = (finding: { checkId: string; summary: string }): string =>
  isUnanswered(finding) ? 'not attested' : 'attested';
