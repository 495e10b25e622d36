import { z } from 'zod';
import type { Finding, Status, WaiverMark } from './finding.js';

/** A waiver may be renewed, never granted forever: at most this many days ahead of today. */
export const MAX_WAIVER_DAYS = 366;
const DAY_MS = 86_400_000;

/** Today as an ISO date (UTC): waivers expire at the end of their `expires` day. */
export const isoDay = (now: Date | number = Date.now()): string => new Date(now).toISOString().slice(0, 10);

/**
 * An accepted risk, kept as code in junction.yaml under `waivers`: a finding it matches keeps its measured status
 * and evidence, is shown as accepted in every report, and stops counting towards `--fail-on` until it expires.
 */
export const waiverSchema = z
  .object({
    check: z
      .string()
      .regex(/^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/, 'check is a check id such as security.https')
      .describe('the check id (security.https)'),
    system: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'ids use lower-case letters, digits and dashes')
      .optional()
      .describe('one system (default: every system)'),
    match: z
      .string()
      .min(1)
      .optional()
      .describe(
        'only findings whose summary or evidence mentions this text (an operation, a cipher suite), case-insensitive',
      ),
    reason: z.string().trim().min(1, 'a waiver says why the risk is accepted').describe('why the risk is accepted'),
    owner: z
      .string()
      .trim()
      .min(1, 'a waiver names who accepted the risk')
      .describe('who accepted it: a name and role, or a team'),
    expires: z.iso
      .date({ error: 'expires must be an ISO date such as 2027-03-31' })
      .describe('the last day it holds (ISO date), at most a year ahead')
      .superRefine((value, ctx) => {
        const days = (Date.parse(value) - Date.parse(isoDay())) / DAY_MS;
        if (days > MAX_WAIVER_DAYS - 1)
          ctx.addIssue({
            code: 'custom',
            message: `a waiver expires at most a year ahead (by ${isoDay(Date.now() + (MAX_WAIVER_DAYS - 1) * DAY_MS)}): renew it then`,
          });
      }),
    ticket: z.string().min(1).optional().describe('a ticket or change id tracking the fix'),
  })
  .strict()
  .describe('an accepted risk: the finding keeps its status and evidence, shown as accepted in every report');

export type Waiver = z.infer<typeof waiverSchema>;

/** Only a problem can be accepted: a pass or a skip needs no waiver. */
const WAIVABLE: readonly Status[] = ['fail', 'warn', 'error'];

const mentions = (finding: Finding, text: string): boolean => {
  const needle = text.toLowerCase();
  return (
    finding.summary.toLowerCase().includes(needle) || JSON.stringify(finding.evidence).toLowerCase().includes(needle)
  );
};

/** Whether a waiver covers a finding (by check, system and text), whatever its expiry. */
export function waiverMatches(waiver: Waiver, finding: Finding): boolean {
  return (
    WAIVABLE.includes(finding.status) &&
    waiver.check === finding.checkId &&
    (waiver.system === undefined || waiver.system === finding.systemId) &&
    (waiver.match === undefined || mentions(finding, waiver.match))
  );
}

export const isExpired = (waiver: Pick<Waiver, 'expires'>, today: string): boolean => waiver.expires < today;

const markOf = (waiver: Waiver, today: string): WaiverMark => ({
  reason: waiver.reason,
  owner: waiver.owner,
  expires: waiver.expires,
  ...(waiver.ticket ? { ticket: waiver.ticket } : {}),
  expired: isExpired(waiver, today),
});

/**
 * The findings with their waivers: a finding matched by a waiver in force carries it; one matched only by expired
 * waivers carries the latest of them, marked expired, so it counts again and says why. Nothing else changes.
 */
export function applyWaivers(
  findings: readonly Finding[],
  waivers: readonly Waiver[],
  now: Date = new Date(),
): Finding[] {
  const today = isoDay(now);
  return findings.map((finding) => {
    const { waiver: _stale, ...measured } = finding;
    const matching = waivers.filter((waiver) => waiverMatches(waiver, measured));
    if (matching.length === 0) return measured;
    const inForce = matching.find((waiver) => !isExpired(waiver, today));
    const chosen = inForce ?? [...matching].sort((a, b) => b.expires.localeCompare(a.expires))[0];
    return { ...measured, waiver: markOf(chosen, today) };
  });
}

/** An accepted finding: waived by a waiver still in force. It keeps its status but blocks nothing. */
export const isAccepted = (finding: Pick<Finding, 'waiver'>): boolean =>
  finding.waiver !== undefined && !finding.waiver.expired;

/** Each waiver of the estate with how many findings of the report it covered: 0 is a waiver to remove or fix. */
export interface WaiverUse extends Waiver {
  expired: boolean;
  findings: number;
}

export function waiverUses(
  findings: readonly Finding[],
  waivers: readonly Waiver[],
  now: Date = new Date(),
): WaiverUse[] {
  const today = isoDay(now);
  return waivers.map((waiver) => ({
    ...waiver,
    expired: isExpired(waiver, today),
    findings: findings.filter((finding) => waiverMatches(waiver, finding)).length,
  }));
}
