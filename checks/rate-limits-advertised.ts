import { parseRateLimitHeaders, quotaRps, type AdvertisedLimit } from './lib/rate-limit-headers.js';
import { defineCheck } from './contract.js';
import { type Evidence } from '../src/model/finding.js';
import { exchangeEvidence, table } from './lib/evidence.js';
import { round1 } from './lib/stats.js';

const references = [
  {
    title: 'IETF draft: RateLimit header fields for HTTP',
    url: 'https://datatracker.ietf.org/doc/draft-ietf-httpapi-ratelimit-headers/',
  },
  { title: 'RFC 6585 §4: 429 Too Many Requests', url: 'https://www.rfc-editor.org/rfc/rfc6585#section-4' },
];

function limitsTable(limits: AdvertisedLimit[]): Evidence {
  return table(
    'Announced limits',
    [
      { key: 'scheme', label: 'Convention', type: 'text' },
      { key: 'policy', label: 'Policy', type: 'text' },
      { key: 'limit', label: 'Quota', type: 'number' },
      { key: 'window', label: 'Window (s)', type: 'number' },
      { key: 'rps', label: 'Sustained rps', type: 'number' },
      { key: 'remaining', label: 'Remaining', type: 'number' },
      { key: 'reset', label: 'Reset (s)', type: 'number' },
    ],
    limits.map((limit) => ({
      scheme: limit.scheme,
      policy: limit.policy ?? null,
      limit: limit.limit,
      window: limit.windowSeconds ?? null,
      rps: quotaRps(limit) === undefined ? null : round1(quotaRps(limit)!),
      remaining: limit.remaining ?? null,
      reset: limit.resetSeconds ?? null,
    })),
  );
}

export const rateLimitsAdvertised = defineCheck({
  id: 'rate-limits.advertised',
  category: 'Rate limits',
  basis: 'inferred',
  title: 'Rate limits are announced and leave headroom above the expected peak',
  failureTitle: 'Rate limits are unannounced or too tight for the expected peak',
  description:
    'Reads every common way an API announces its quota (IETF RateLimit-Policy/RateLimit, draft-6/7 RateLimit-*, X-RateLimit-*, ' +
    "Zendesk, HubSpot, Shopify, Salesforce) and compares the tightest sustained rate with the system's expectedPeakRps: " +
    'fail below 2× the peak, warn below 10× (a Black Friday spike). Learn more: https://datatracker.ietf.org/doc/draft-ietf-httpapi-ratelimit-headers/',
  requires: ['http'],
  owasp: ['API4:2023'],
  appliesTo: () => true,
  judge({ http }, system) {
    const answered = http.samples.filter((sample) => sample.status !== undefined);
    const last = answered.at(-1);
    if (!last)
      return {
        status: 'error',
        summary: 'The system did not answer: no headers to read',
        evidence: http.samples[0] ? [exchangeEvidence(http.samples[0])] : [],
      };
    const limits = parseRateLimitHeaders(last.headers ?? {});
    const evidence: Evidence[] = [exchangeEvidence(last, 'Baseline response')];
    if (limits.length === 0) {
      return {
        status: 'warn',
        summary:
          'No rate limit is announced in the response headers: clients cannot pace themselves before they hit a 429',
        evidence,
        remediation:
          'Announce the quota with RateLimit-Policy and RateLimit (IETF draft), or document the limits in the spec and the integration runbook.',
        references,
      };
    }
    evidence.unshift(limitsTable(limits));
    const timed = limits.filter((limit) => quotaRps(limit) !== undefined);
    const tightest = timed.sort((a, b) => quotaRps(a)! - quotaRps(b)!)[0];
    if (!tightest) {
      return {
        status: 'warn',
        summary: `Quota of ${limits[0].limit} announced (${limits[0].scheme}) without its window: headroom unknown`,
        evidence,
        remediation: 'Announce the window (RateLimit-Policy w=…) or document it.',
        references,
      };
    }
    const rps = round1(quotaRps(tightest)!);
    const described = `${tightest.limit} per ${tightest.windowSeconds} s (${rps} rps, ${tightest.scheme}${tightest.policy ? ` "${tightest.policy}"` : ''})`;
    const peak = system.expectedPeakRps;
    if (peak === undefined) {
      return {
        status: 'warn',
        summary: `Quota ${described}; expectedPeakRps is not set, so the headroom is unknown`,
        evidence,
        remediation: 'Set expectedPeakRps for this system.',
        references,
      };
    }
    evidence.unshift({
      kind: 'list',
      title: 'Headroom',
      items: [
        { label: 'Tightest quota (rps)', value: rps },
        { label: 'Expected peak (rps)', value: peak },
        { label: 'Headroom', value: `${round1(rps / peak)}×` },
      ],
    });
    const remediation =
      'Ask the provider for a higher quota, spread or batch calls, cache responses, or lower the expected peak with a queue.';
    if (rps < peak * 2)
      return {
        status: 'fail',
        summary: `Quota ${described} is under 2× the expected peak of ${peak} rps`,
        evidence,
        remediation,
        references,
      };
    if (rps < peak * 10)
      return {
        status: 'warn',
        summary: `Quota ${described} covers 2× but not 10× the expected peak of ${peak} rps`,
        evidence,
        remediation,
        references,
      };
    return {
      status: 'pass',
      summary: `Quota ${described} is ${round1(rps / peak)}× the expected peak of ${peak} rps`,
      evidence,
      references,
    };
  },
});
