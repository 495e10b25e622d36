/**
 * The lifecycle extensions oasdiff's rules read: `x-sunset` (the date after which a deprecated element may go) and
 * `x-stability-level` (draft < alpha < beta < stable). Dates are whole days in UTC.
 */

export interface LifecyclePolicy {
  /** today, as the diff judges sunset dates (tests pass a fixed day) */
  today: Date;
  /** the shortest time between a deprecation and its sunset, by stability level (oasdiff's default: none) */
  deprecationDays: { beta: number; stable: number };
}

const STABILITY = ['draft', 'alpha', 'beta', 'stable'] as const;
export type Stability = (typeof STABILITY)[number];

/** A sunset date, or why it cannot be read. oasdiff accepts a date (2025-12-31) or an RFC 3339 date-time. */
export function sunsetDate(value: unknown): { date: Date } | { error: string } {
  if (typeof value !== 'string') return { error: 'x-sunset is not a string' };
  const day = /^(\d{4})-(\d{2})-(\d{2})(?:$|T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$)/.exec(value.trim());
  const date = day && new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])));
  if (!day || !date || date.getUTCDate() !== Number(day[3])) return { error: `x-sunset "${value}" is not a date` };
  return { date };
}

/** Whole days from today to the date (negative when it has passed). */
export function daysUntil(date: Date, policy: LifecyclePolicy): number {
  const today = Date.UTC(policy.today.getUTCFullYear(), policy.today.getUTCMonth(), policy.today.getUTCDate());
  return Math.round((date.getTime() - today) / 86_400_000);
}

/** The stability of an element: stable when unset; undefined when the value is none of the four levels. */
export function stabilityOf(value: unknown): Stability | undefined {
  if (value === undefined) return 'stable';
  return STABILITY.find((level) => level === value);
}

export const stabilityRank = (level: Stability) => STABILITY.indexOf(level);

/** The shortest deprecation period the policy asks for an element of this stability. */
export function minimumDays(stability: Stability | undefined, policy: LifecyclePolicy): number {
  if (stability === 'draft' || stability === 'alpha') return 0;
  return stability === 'beta' ? policy.deprecationDays.beta : policy.deprecationDays.stable;
}

export type DeprecationEvent =
  | { event: 'deprecated' | 'deprecated-with-sunset' | 'deprecated-sunset-missing' | 'sunset-date-too-small' }
  | { event: 'sunset-parse'; error: string };

/** What deprecating an element with these extensions means under the policy. */
export function judgeDeprecation(
  sunset: unknown,
  stability: unknown,
  policy: LifecyclePolicy,
): DeprecationEvent & { date?: Date } {
  const days = minimumDays(stabilityOf(stability), policy);
  if (sunset === undefined) return { event: days > 0 ? 'deprecated-sunset-missing' : 'deprecated' };
  const parsed = sunsetDate(sunset);
  if ('error' in parsed) return { event: 'sunset-parse', error: parsed.error };
  if (daysUntil(parsed.date, policy) < days) return { event: 'sunset-date-too-small', date: parsed.date };
  return { event: 'deprecated-with-sunset', date: parsed.date };
}

/** A deprecated element removed: before its sunset date, after it, or with a sunset nobody can read. */
export function judgeRemoval(
  deprecated: boolean,
  sunset: unknown,
  policy: LifecyclePolicy,
): 'without-deprecation' | 'with-deprecation' | 'before-sunset' | 'sunset-parse' {
  if (!deprecated) return 'without-deprecation';
  if (sunset === undefined) return 'with-deprecation';
  const parsed = sunsetDate(sunset);
  if ('error' in parsed) return 'sunset-parse';
  return daysUntil(parsed.date, policy) > 0 ? 'before-sunset' : 'with-deprecation';
}

export const isoDay = (date: Date) => date.toISOString().slice(0, 10);
