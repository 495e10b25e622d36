import { parseRetryAfter } from './lib/rate-limit-headers.js';
import { defineCheck } from './contract.js';
import { type Evidence } from '../src/model/finding.js';
import { exchangeEvidence, table } from './lib/evidence.js';
import { Problems } from './lib/verdict.js';
import { outcomeText } from './lib/answers.js';
import { LOAD_NOT_ALLOWED, loadAnswersText, loadTable, successfulAnswers } from './lib/load.js';

const references = [
  { title: 'RFC 6585 §4: 429 Too Many Requests', url: 'https://www.rfc-editor.org/rfc/rfc6585#section-4' },
  { title: 'RFC 9110 §10.2.3: Retry-After', url: 'https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3' },
];

/** corrected p99 above this under a burst means excess requests wait in a queue instead of being refused */
const QUEUEING_P99_MS = 2000;

/** The most requests an enforced quota lets through in a burst of this length: what remained, plus each window that could roll over, with 10% slack. */
function allowedDuring(
  advertised: { limit: number; windowSeconds?: number; remaining?: number },
  durationMs: number,
): number {
  const rollovers = advertised.windowSeconds ? Math.ceil(durationMs / (advertised.windowSeconds * 1000)) : 0;
  return Math.ceil(((advertised.remaining ?? advertised.limit) + advertised.limit * rollovers) * 1.1);
}

export const rateLimitsEnforced = defineCheck({
  id: 'rate-limits.enforced',
  category: 'Rate limits',
  basis: 'observed',
  title: 'Rate limits are enforced with 429 and Retry-After, and recover',
  failureTitle: 'Excess traffic is not limited cleanly',
  description:
    'A capped burst above the announced quota (or at allow.load.maxRps): enforcement should answer 429 with Retry-After, not 5xx, ' +
    'resets or timeouts, and the limit should lift after Retry-After. Learn more: https://www.rfc-editor.org/rfc/rfc6585#section-4',
  requires: ['burst'],
  owasp: ['API4:2023'],
  appliesTo: (system) => (system.allow.load ? true : LOAD_NOT_ALLOWED),
  judge({ burst }, system) {
    if (!burst.ran) return { status: 'skip', summary: burst.reason, evidence: [] };
    const { load } = burst;
    const evidence: Evidence[] = [
      {
        kind: 'list',
        title: 'Burst',
        items: [
          { label: 'Target', value: `${burst.url}${burst.target ? ` (${burst.target})` : ''}` },
          {
            label: 'Announced quota',
            value: burst.advertised
              ? `${burst.advertised.limit}${burst.advertised.windowSeconds ? ` per ${burst.advertised.windowSeconds} s` : ''} (${burst.advertised.source})`
              : 'none',
          },
          {
            label: 'Limited from request',
            value: burst.firstLimited
              ? `#${burst.firstLimited.request} at ${burst.firstLimited.atMs} ms (${burst.firstLimited.status})`
              : 'never',
          },
          { label: 'Limited answers', value: burst.limited },
          { label: 'Without Retry-After', value: burst.limitedWithoutRetryAfter },
          {
            label: 'Recovery',
            value: !burst.recovery
              ? 'not needed'
              : 'skipped' in burst.recovery
                ? burst.recovery.skipped
                : `after ${burst.recovery.waitedMs} ms: ${burst.recovery.sample.status ?? burst.recovery.sample.error?.code}`,
          },
        ],
      },
      loadTable('Burst load', [{ label: 'burst', load }], system),
    ];
    if (burst.limitedSamples.length > 0) {
      evidence.push(
        table(
          'First limited answers',
          [
            { key: 'request', label: 'Request', type: 'number' },
            { key: 'at', label: 'At', type: 'ms' },
            { key: 'status', label: 'Status', type: 'status' },
            { key: 'retryAfter', label: 'Retry-After', type: 'code' },
            { key: 'type', label: 'Content-Type', type: 'code' },
          ],
          burst.limitedSamples.map((answer) => ({
            request: answer.request,
            at: answer.atMs,
            status: answer.status,
            retryAfter: answer.retryAfter,
            type: answer.contentType,
          })),
        ),
      );
    }
    if (burst.recovery && 'sample' in burst.recovery)
      evidence.push(exchangeEvidence(burst.recovery.sample, 'After Retry-After'));
    if (load.completed === load.errors && burst.before.status === undefined)
      return {
        status: 'error',
        summary: `The system did not answer the burst (${loadAnswersText(load)}; before it: ${outcomeText(burst.before)}): enforcement not judged`,
        evidence,
      };
    const serverErrors = (load.statuses['5xx'] ?? 0) + load.errors;
    const limit429 = load.statuses['429'] ?? 0;
    const limit503 = load.statuses['503'] ?? 0;
    const remediation =
      'Enforce the quota at the edge (gateway or rate limiter) and answer excess requests with 429, Retry-After and a problem+json body, ' +
      'before they reach the application; never let overload surface as 5xx, resets or timeouts.';
    if (serverErrors > 0 && limit429 === 0) {
      return {
        status: 'fail',
        summary: `The burst got ${serverErrors} server errors or failed connections${
          limit503 ? ` and ${limit503} × 503` : ''
        }, and no 429: overload is not limited`,
        evidence,
        remediation,
        references,
      };
    }
    if (!burst.firstLimited && successfulAnswers(load) === 0)
      return {
        status: 'error',
        summary:
          `The burst target ${burst.url} answered ${loadAnswersText(load)}, never a success: a limit on it would not ` +
          'show, so enforcement was not judged',
        evidence,
        remediation: 'Set allow.load.path to an operation that answers 2xx (with the credential, over HTTPS).',
        references,
      };
    if (!burst.firstLimited) {
      const accepted = load.statuses['2xx'] ?? 0;
      const allowed = burst.advertised && allowedDuring(burst.advertised, load.durationMs);
      if (allowed !== undefined && accepted > allowed) {
        return {
          status: 'fail',
          summary: `${accepted} requests were accepted in ${load.durationMs} ms although the announced quota allows at most ${allowed}: it is not enforced`,
          evidence,
          remediation,
          references,
        };
      }
      if (load.correctedLatency.p99 > QUEUEING_P99_MS) {
        return {
          status: 'fail',
          summary:
            `No 429 under the burst, but p99 rose to ${load.correctedLatency.p99} ms and ${load.notSentOnTime} ` +
            `requests could not be sent on time: overload queues instead of being limited`,
          evidence,
          remediation,
          references,
        };
      }
      return {
        status: 'warn',
        summary:
          `No limit was reached within the caps (${load.sent} requests to ${burst.url} at ${load.achievedRps} rps, ` +
          `answered ${loadAnswersText(load)}): enforcement not observed`,
        evidence,
        remediation: 'Raise allow.load caps in a test environment, or confirm the limit with the provider.',
        references,
      };
    }
    const problems = new Problems();
    if (serverErrors > 0) problems.warn(`${serverErrors} server errors or failed connections besides the 429s`);
    if (limit429 === 0) problems.warn(`limited with 503 (${limit503}×) rather than 429`);
    if (burst.limitedWithoutRetryAfter > 0)
      problems.warn(`${burst.limitedWithoutRetryAfter} of ${burst.limited} limited answers carry no Retry-After`);
    if (
      burst.recovery &&
      'sample' in burst.recovery &&
      (burst.recovery.sample.status === undefined ||
        burst.recovery.sample.status === 429 ||
        burst.recovery.sample.status >= 500)
    ) {
      problems.warn(
        `still limited after waiting Retry-After (${burst.recovery.sample.status ?? burst.recovery.sample.error?.code})`,
      );
    }
    const first = burst.firstLimited;
    const wait = parseRetryAfter(first.retryAfter, first.date);
    const where = `limited from request #${first.request} (${first.atMs} ms into the burst)`;
    return problems.verdict({
      pass: `${where} with ${first.status} and Retry-After ${wait} s; recovered after waiting`,
      summaryPrefix: where,
      evidence,
      remediation,
      references,
    });
  },
});
