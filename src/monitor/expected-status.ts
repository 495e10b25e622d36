import type { Monitor } from '../model/estate.js';

type Expected = Monitor['expectStatus'];

/** The statuses a monitor's expectStatus names, as a list of inclusive ranges. */
function ranges(expect: NonNullable<Expected>): [number, number][] {
  return (Array.isArray(expect) ? expect : [expect]).map((entry) =>
    typeof entry === 'number' ? [entry, entry] : [Number(entry.slice(0, 3)), Number(entry.slice(4))],
  );
}

/**
 * Whether an answer means up: a status the monitor's expectStatus names, else any 2xx or 3xx. A 401 (a wrong
 * token) or a 404 (a wrong path) is down, as Uptime Kuma counts it: the integration that calls it would fail too.
 */
export function isExpectedStatus(status: number, expect: Expected): boolean {
  if (expect === undefined) return status >= 200 && status < 400;
  return ranges(expect).some(([low, high]) => status >= low && status <= high);
}

/** "2xx or 3xx", or what expectStatus names ("200, 204", "200-299"): said when an answer is down. */
export function expectedText(expect: Expected): string {
  if (expect === undefined) return '2xx or 3xx';
  return (Array.isArray(expect) ? expect : [expect]).join(', ');
}
