import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { parseRateLimitHeaders, parseReset, parseRetryAfter, quotaRps } from '../../checks/lib/rate-limit-headers.js';

const DATE = 'Thu, 26 Nov 2026 10:00:00 GMT';

describe('parseRateLimitHeaders', () => {
  it('reads the IETF structured form and matches RateLimit to its policy', () => {
    const [limit, ...rest] = parseRateLimitHeaders({
      'ratelimit-policy': '"default";q=100;w=10, "daily";q=1000;w=86400',
      ratelimit: '"default";r=50;t=30',
    });
    assert.deepEqual(
      { ...limit, headers: undefined },
      {
        scheme: 'ietf',
        policy: 'default',
        limit: 100,
        windowSeconds: 10,
        remaining: 50,
        resetSeconds: 30,
        headers: undefined,
      },
    );
    assert.equal(quotaRps(limit), 10);
    assert.equal(rest[0]?.policy, 'daily');
    assert.equal(rest[0]?.remaining, undefined);
  });

  it('reads express-rate-limit draft-8 (pk parameter, spaces after ;)', () => {
    const [limit] = parseRateLimitHeaders({
      'ratelimit-policy': '"100-in-1min"; q=100; w=60; pk=:ZDRmYTQ3ZjU1ZTVi:',
      ratelimit: '"100-in-1min"; r=99; t=60',
    });
    assert.equal(limit?.limit, 100);
    assert.equal(limit?.windowSeconds, 60);
    assert.equal(limit?.remaining, 99);
  });

  it('reads the draft-7 dictionary with the window from RateLimit-Policy', () => {
    const [limit] = parseRateLimitHeaders({
      'ratelimit-policy': '100;w=60',
      ratelimit: 'limit=100, remaining=50, reset=5',
    });
    assert.equal(limit?.scheme, 'draft-7');
    assert.deepEqual([limit?.limit, limit?.windowSeconds, limit?.remaining, limit?.resetSeconds], [100, 60, 50, 5]);
  });

  it('reads draft-6 separate headers', () => {
    const [limit, extra] = parseRateLimitHeaders({
      'ratelimit-limit': '60',
      'ratelimit-remaining': '59',
      'ratelimit-reset': '12',
      'ratelimit-policy': '60;w=60',
    });
    assert.equal(extra, undefined);
    assert.deepEqual(
      [limit?.scheme, limit?.limit, limit?.windowSeconds, limit?.remaining, limit?.resetSeconds],
      ['draft-6', 60, 60, 59, 12],
    );
  });

  it('reads GitHub X-RateLimit-* with an epoch reset counted from the Date header', () => {
    const now = Date.parse(DATE) / 1000;
    const [limit] = parseRateLimitHeaders({
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-reset': String(now + 3000),
      'x-ratelimit-resource': 'core',
      date: DATE,
    });
    assert.deepEqual(
      [limit?.scheme, limit?.policy, limit?.limit, limit?.remaining, limit?.resetSeconds, limit?.windowSeconds],
      ['x-ratelimit', 'core', 5000, 4999, 3000, undefined],
    );
    assert.equal(quotaRps(limit), undefined);
  });

  it('reads Zendesk, HubSpot, Shopify and Salesforce', () => {
    const limits = parseRateLimitHeaders({
      'x-rate-limit': '700',
      'x-rate-limit-remaining': '699',
      'x-hubspot-ratelimit-max': '100',
      'x-hubspot-ratelimit-remaining': '97',
      'x-hubspot-ratelimit-interval-milliseconds': '10000',
      'x-hubspot-ratelimit-daily': '250000',
      'x-hubspot-ratelimit-daily-remaining': '249000',
      'x-shopify-shop-api-call-limit': '32/40',
      'sforce-limit-info': 'api-usage=18/5000',
    });
    const byScheme = (scheme: string, policy?: string) =>
      limits.find((limit) => limit.scheme === scheme && (policy === undefined || limit.policy === policy));
    assert.equal(quotaRps(byScheme('zendesk')!)!.toFixed(2), '11.67');
    assert.equal(quotaRps(byScheme('hubspot', 'burst')!), 10);
    assert.equal(byScheme('hubspot', 'daily')?.remaining, 249000);
    assert.deepEqual(
      [byScheme('shopify')?.limit, byScheme('shopify')?.remaining, quotaRps(byScheme('shopify')!)],
      [40, 8, 2],
    );
    assert.deepEqual([byScheme('salesforce')?.limit, byScheme('salesforce')?.remaining], [5000, 4982]);
  });

  it('finds nothing where nothing is announced, and survives malformed values', () => {
    assert.deepEqual(parseRateLimitHeaders({ 'content-type': 'application/json' }), []);
    assert.deepEqual(parseRateLimitHeaders({ 'ratelimit-policy': '"default";q=', 'x-ratelimit-limit': 'many' }), []);
  });
});

describe('parseRetryAfter and parseReset', () => {
  it('reads delay-seconds and HTTP-dates relative to Date', () => {
    assert.equal(parseRetryAfter('120'), 120);
    assert.equal(parseRetryAfter('Thu, 26 Nov 2026 10:01:30 GMT', DATE), 90);
    assert.equal(parseRetryAfter('Thu, 26 Nov 2026 10:01:30 GMT'), undefined);
    assert.equal(parseRetryAfter('soon', DATE), undefined);
    assert.equal(parseRetryAfter(undefined), undefined);
  });

  it('reads Jira ISO 8601 resets and plain deltas', () => {
    assert.equal(parseReset('2026-11-26T10:05Z', DATE), 300);
    assert.equal(parseReset('42', DATE), 42);
  });
});
