import { parseDictionary, parseList, Token, type Parameters } from 'structured-headers';

export type RateLimitScheme =
  'ietf' | 'draft-7' | 'draft-6' | 'x-ratelimit' | 'zendesk' | 'hubspot' | 'shopify' | 'salesforce';

/** One quota a response announced, normalised across the many header conventions. */
export interface AdvertisedLimit {
  scheme: RateLimitScheme;
  /** policy name where the scheme has one (IETF), or which HubSpot/Salesforce quota */
  policy?: string;
  /** requests allowed per window */
  limit: number;
  /** window length in seconds, where announced or documented for the scheme */
  windowSeconds?: number;
  remaining?: number;
  /** seconds until the quota resets */
  resetSeconds?: number;
  /** the headers this was read from, as received */
  headers: Record<string, string>;
}

/** A limit's sustained rate in requests per second, where its window is known. */
export function quotaRps(limit: AdvertisedLimit): number | undefined {
  return limit.windowSeconds ? limit.limit / limit.windowSeconds : undefined;
}

const int = (value: string | undefined): number | undefined => {
  if (value === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  return Number(value);
};

// structured-headers' BareItem names BufferSource, a DOM type Node's types lack, so it is `any` to TypeScript
const bareNumber = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
const bareName = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : value instanceof Token ? value.toString() : undefined;

/** Epoch milliseconds of an HTTP-date (RFC 9110 §5.6.7), or undefined. */
function httpDate(value: string | undefined): number | undefined {
  if (!value || !/[a-z]/i.test(value)) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

/**
 * Retry-After (RFC 9110 §10.2.3) in seconds: delay-seconds, or an HTTP-date counted from the response's
 * own Date header (a judge has no clock). Undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, dateHeader?: string): number | undefined {
  if (value === undefined) return undefined;
  const seconds = int(value);
  if (seconds !== undefined) return seconds;
  const at = httpDate(value);
  const now = httpDate(dateHeader);
  return at !== undefined && now !== undefined ? Math.max(0, Math.round((at - now) / 1000)) : undefined;
}

/**
 * An X-RateLimit-Reset value in seconds from now: a delta, epoch seconds (GitHub) or an ISO 8601 instant (Jira),
 * the last two counted from the response's Date header.
 */
export function parseReset(value: string | undefined, dateHeader?: string): number | undefined {
  if (value === undefined) return undefined;
  const now = httpDate(dateHeader);
  const number = int(value);
  if (number !== undefined) {
    if (number < 1_000_000_000) return number;
    return now === undefined ? undefined : Math.max(0, Math.round(number - now / 1000));
  }
  const at = /^\d{4}-\d{2}-\d{2}T/.test(value.trim()) ? Date.parse(value.trim()) : NaN;
  return Number.isNaN(at) || now === undefined ? undefined : Math.max(0, Math.round((at - now) / 1000));
}

const pick = (headers: Record<string, string>, names: string[]): Record<string, string> =>
  Object.fromEntries(names.filter((name) => headers[name] !== undefined).map((name) => [name, headers[name]]));

function safely<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch {
    return undefined;
  }
}

/** RateLimit-Policy / RateLimit: the IETF structured-field form (draft-ietf-httpapi-ratelimit-headers-08 and later), and draft-7's dictionary. */
function ietf(headers: Record<string, string>): AdvertisedLimit[] {
  const policyHeader = headers['ratelimit-policy'];
  const stateHeader = headers['ratelimit'];
  const used = pick(headers, ['ratelimit-policy', 'ratelimit']);
  // draft-7: RateLimit: limit=100, remaining=50, reset=5 (policy `100;w=60`)
  const dictionary = stateHeader !== undefined ? safely(() => parseDictionary(stateHeader)) : undefined;
  const limitItem = dictionary?.get('limit');
  if (dictionary && limitItem && !Array.isArray(limitItem[0])) {
    const value = (key: string) => {
      const item = dictionary.get(key);
      return item && !Array.isArray(item[0]) ? bareNumber(item[0]) : undefined;
    };
    const policy = policyHeader !== undefined ? safely(() => parseList(policyHeader)) : undefined;
    const first = policy?.[0];
    const window = first && !Array.isArray(first[0]) ? bareNumber(first[1].get('w')) : undefined;
    const limit = value('limit');
    if (limit === undefined) return [];
    return [
      {
        scheme: 'draft-7',
        limit,
        windowSeconds: window,
        remaining: value('remaining'),
        resetSeconds: value('reset'),
        headers: used,
      },
    ];
  }
  if (policyHeader === undefined) return [];
  const policies = safely(() => parseList(policyHeader)) ?? [];
  const states = new Map<string, Parameters>();
  for (const member of (stateHeader !== undefined ? safely(() => parseList(stateHeader)) : undefined) ?? []) {
    const name = Array.isArray(member[0]) ? undefined : bareName(member[0]);
    if (name !== undefined) states.set(name, member[1]);
  }
  const limits: AdvertisedLimit[] = [];
  for (const member of policies) {
    if (Array.isArray(member[0])) continue;
    const item: unknown = member[0];
    const params = member[1];
    const name = bareName(item);
    // draft-08+: "name";q=100;w=10 — older drafts: 100;w=10
    const limit = name !== undefined ? bareNumber(params.get('q')) : bareNumber(item);
    if (limit === undefined) continue;
    const state = name !== undefined ? states.get(name) : undefined;
    limits.push({
      scheme: 'ietf',
      policy: name,
      limit,
      windowSeconds: bareNumber(params.get('w')),
      remaining: bareNumber(state?.get('r')),
      resetSeconds: bareNumber(state?.get('t')),
      headers: used,
    });
  }
  return limits;
}

function draft6(headers: Record<string, string>): AdvertisedLimit[] {
  const limit = int(headers['ratelimit-limit']);
  if (limit === undefined) return [];
  const policy = headers['ratelimit-policy'];
  const window = policy !== undefined ? /;\s*w=(\d+)/.exec(policy)?.[1] : undefined;
  return [
    {
      scheme: 'draft-6',
      limit,
      windowSeconds: window ? Number(window) : undefined,
      remaining: int(headers['ratelimit-remaining']),
      resetSeconds: int(headers['ratelimit-reset']),
      headers: pick(headers, ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'ratelimit-policy']),
    },
  ];
}

function xRateLimit(headers: Record<string, string>): AdvertisedLimit[] {
  const limit = int(headers['x-ratelimit-limit']);
  if (limit === undefined) return [];
  return [
    {
      scheme: 'x-ratelimit',
      policy: headers['x-ratelimit-resource'],
      limit,
      // Jira sends the window; GitHub documents one hour but does not say so in its headers
      windowSeconds: int(headers['x-ratelimit-interval-seconds']),
      remaining: int(headers['x-ratelimit-remaining']),
      resetSeconds: parseReset(headers['x-ratelimit-reset'], headers['date']),
      headers: pick(headers, [
        'x-ratelimit-limit',
        'x-ratelimit-remaining',
        'x-ratelimit-reset',
        'x-ratelimit-used',
        'x-ratelimit-resource',
        'x-ratelimit-interval-seconds',
      ]),
    },
  ];
}

function zendesk(headers: Record<string, string>): AdvertisedLimit[] {
  const limit = int(headers['x-rate-limit']);
  if (limit === undefined) return [];
  // Zendesk's limits are per minute
  return [
    {
      scheme: 'zendesk',
      limit,
      windowSeconds: 60,
      remaining: int(headers['x-rate-limit-remaining']),
      headers: pick(headers, ['x-rate-limit', 'x-rate-limit-remaining']),
    },
  ];
}

function hubspot(headers: Record<string, string>): AdvertisedLimit[] {
  const limits: AdvertisedLimit[] = [];
  const used = pick(
    headers,
    Object.keys(headers).filter((name) => name.startsWith('x-hubspot-ratelimit-')),
  );
  const max = int(headers['x-hubspot-ratelimit-max']);
  const interval = int(headers['x-hubspot-ratelimit-interval-milliseconds']);
  if (max !== undefined) {
    limits.push({
      scheme: 'hubspot',
      policy: 'burst',
      limit: max,
      windowSeconds: interval ? interval / 1000 : undefined,
      remaining: int(headers['x-hubspot-ratelimit-remaining']),
      headers: used,
    });
  }
  const secondly = int(headers['x-hubspot-ratelimit-secondly']);
  if (secondly !== undefined) {
    limits.push({
      scheme: 'hubspot',
      policy: 'secondly',
      limit: secondly,
      windowSeconds: 1,
      remaining: int(headers['x-hubspot-ratelimit-secondly-remaining']),
      headers: used,
    });
  }
  const daily = int(headers['x-hubspot-ratelimit-daily']);
  if (daily !== undefined) {
    limits.push({
      scheme: 'hubspot',
      policy: 'daily',
      limit: daily,
      windowSeconds: 86_400,
      remaining: int(headers['x-hubspot-ratelimit-daily-remaining']),
      headers: used,
    });
  }
  return limits;
}

function shopify(headers: Record<string, string>): AdvertisedLimit[] {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(headers['x-shopify-shop-api-call-limit'] ?? '');
  if (!match) return [];
  const [used, size] = [Number(match[1]), Number(match[2])];
  // a leaky bucket of `size` that drains 2 requests/s on standard plans: its sustained window is size/2 seconds
  return [
    {
      scheme: 'shopify',
      policy: 'leaky bucket',
      limit: size,
      windowSeconds: size / 2,
      remaining: size - used,
      headers: pick(headers, ['x-shopify-shop-api-call-limit']),
    },
  ];
}

function salesforce(headers: Record<string, string>): AdvertisedLimit[] {
  const match = /api-usage=(\d+)\s*\/\s*(\d+)/.exec(headers['sforce-limit-info'] ?? '');
  if (!match) return [];
  const [used, limit] = [Number(match[1]), Number(match[2])];
  // Salesforce's API request allocation is per rolling 24 hours
  return [
    {
      scheme: 'salesforce',
      policy: 'api-usage',
      limit,
      windowSeconds: 86_400,
      remaining: limit - used,
      headers: pick(headers, ['sforce-limit-info']),
    },
  ];
}

/** Every rate limit a response's headers (lower-case names) announce, in any of the common conventions. */
export function parseRateLimitHeaders(headers: Record<string, string>): AdvertisedLimit[] {
  // draft-6 sends RateLimit-Policy too (`100;w=60`), beside its RateLimit-Limit/-Remaining/-Reset
  const standard = headers['ratelimit-limit'] !== undefined ? draft6(headers) : ietf(headers);
  return [
    ...standard,
    ...xRateLimit(headers),
    ...zendesk(headers),
    ...hubspot(headers),
    ...shopify(headers),
    ...salesforce(headers),
  ];
}
