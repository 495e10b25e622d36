/**
 * Reduces a called path to an endpoint template when no spec says what the endpoint is: the segments that carry a
 * value (numeric ids, UUIDs, hex digests, dates, long opaque tokens) become parameters, so `/customers/61033` and
 * `/customers/9` are one endpoint while literal words such as `/v2/me` or `/oauth2/token` stay as written.
 */

/** The path of a request target (`/a/b?token=x#f` → `/a/b`): a query can hold secrets and is never kept. */
export function requestPath(target: string): string {
  const end = target.search(/[?#]/);
  return end < 0 ? target : target.slice(0, end);
}

/**
 * The path's segments, without the empty ones a doubled or trailing slash leaves (servers route `/a//b/` as `/a/b`).
 */
export function pathSegments(path: string): string[] {
  return requestPath(path)
    .split('/')
    .filter((segment) => segment !== '');
}

const NUMERIC = /^\d+$/;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
/** a digest or object id: 8+ hex digits with at least one digit (`deadbeef` alone could be a word; `facade` is) */
const HEX = /^(?=[^0-9]*[0-9])[0-9a-f]{8,}$/i;
/** ISO 8601 dates and date-times (`2024-01-15`, `2024-01-15T10:00:00Z`) */
const DATE = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?)?$/;
/** a prefixed id such as Stripe's `cus_NffrFeUfNV2Hib`: the prefix is a word, the rest is the value */
const PREFIXED = /^[a-z]{2,8}_(.+)$/;

/**
 * Whether a segment looks like a generated token rather than a word: 10+ URL-safe characters with a digit and
 * either both letter cases (`NffrFeUfNV2Hib`, base64) or digits for a quarter of it or more (`ord2024x17y`); or 32+
 * characters with a digit. Lower-case words with a version or algorithm number (`oauth2-authorization`,
 * `sha256-checks`) stay literal.
 */
function isOpaque(segment: string): boolean {
  const value = PREFIXED.exec(segment)?.[1] ?? segment;
  if (value.length < 10 || !/^[A-Za-z0-9_\-.~=+%]+$/.test(value)) return false;
  const digits = value.replace(/[^0-9]/g, '').length;
  if (digits === 0) return false;
  if (value.length >= 32) return true;
  const mixedCase = /[a-z]/.test(value) && /[A-Z]/.test(value);
  return mixedCase || digits * 4 >= value.length;
}

/** The template of one segment: `{id}`, `{date}`, or the segment itself. A written template `{x}` is kept. */
export function segmentTemplate(segment: string): string {
  if (segment.startsWith('{') && segment.endsWith('}')) return segment;
  if (DATE.test(segment)) return '{date}';
  if (NUMERIC.test(segment) || UUID.test(segment) || HEX.test(segment) || isOpaque(segment)) return '{id}';
  return segment;
}

/** The endpoint template of a called path (query dropped, empty segments removed): `/orders/42/items` → `/orders/{id}/items`. */
export function inferTemplate(path: string): string {
  return '/' + pathSegments(path).map(segmentTemplate).join('/');
}
