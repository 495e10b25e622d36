import type { HttpSample } from '../src/model/artifacts/http.js';
import { parseRateLimitHeaders } from './lib/rate-limit-headers.js';
import { defineCheck } from './contract.js';
import { type Evidence } from '../src/model/finding.js';
import { isSuccess, outcomeText } from './lib/answers.js';
import { exchangeEvidence, table } from './lib/evidence.js';
import { leakedStackTrace } from './lib/stack-trace.js';
import { Problems } from './lib/verdict.js';

const references = [
  { title: 'RFC 9457: Problem Details for HTTP APIs', url: 'https://www.rfc-editor.org/rfc/rfc9457' },
  { title: 'RFC 9110 §10.2.3: Retry-After', url: 'https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3' },
  {
    title: 'IETF draft: The Idempotency-Key HTTP header field',
    url: 'https://datatracker.ietf.org/doc/draft-ietf-httpapi-idempotency-key-header/',
  },
];

const isJson = (sample: HttpSample) => /\bjson\b/i.test(sample.headers?.['content-type'] ?? '');
const success = (sample: HttpSample | undefined) =>
  sample?.status !== undefined && sample.status >= 200 && sample.status < 300;

/** What a replayed create returned: its id when the body is JSON with one, else the whole body. */
function identity(sample: HttpSample): string | undefined {
  try {
    const body = JSON.parse(sample.bodyPreview ?? '') as { id?: unknown };
    if (body && typeof body === 'object' && (typeof body.id === 'string' || typeof body.id === 'number'))
      return String(body.id);
  } catch {
    // not JSON: compare the bodies
  }
  return sample.bodyPreview;
}

export const errorHandlingRetrySignals = defineCheck({
  id: 'error-handling.retry-signals',
  category: 'Error handling',
  basis: 'observed',
  title: 'Errors tell clients whether and when to retry',
  failureTitle: 'Errors leak internals or give clients no safe way to retry',
  description:
    '429 and 503 answers should carry Retry-After; error bodies should be machine-readable (RFC 9457 problem+json) and leak no stack traces; ' +
    'the spec should document 429/503 where limits apply; unsafe operations should honour an Idempotency-Key (same key and payload: same result, ' +
    'no duplicate; another payload: 422; no key: 400). Learn more: https://www.rfc-editor.org/rfc/rfc9457',
  requires: ['retry', 'burst', 'http', 'spec'],
  owasp: ['API8:2023'],
  appliesTo: () => true,
  judge({ retry, burst, http, spec }, system) {
    const problems = new Problems();
    const notes: string[] = [];
    const evidence: Evidence[] = [exchangeEvidence(retry.notFound, 'Request for a missing resource')];

    const errorSamples = [retry.notFound, ...http.samples].filter(
      (sample) => sample.status !== undefined && sample.status >= 400,
    );
    for (const sample of errorSamples) {
      const runtime = leakedStackTrace(sample.bodyPreview);
      if (runtime) {
        problems.fail(`${sample.status} answer to ${sample.url} leaks a ${runtime} stack trace`);
        break;
      }
    }
    const notFound = retry.notFound;
    if (isSuccess(notFound.status))
      problems.warn(
        `a request for a missing resource (${notFound.url}) answered ${notFound.status}: clients cannot tell a miss from a hit`,
      );
    if (notFound.status !== undefined && notFound.status >= 400) {
      const type = notFound.headers?.['content-type'] ?? '(none)';
      if (/application\/problem\+json/i.test(type)) notes.push('errors are problem+json');
      else if (isJson(notFound)) notes.push(`errors are JSON (${type}), not problem+json`);
      else problems.warn(`error bodies are not machine-readable (${notFound.status} as ${type})`);
    }

    if (burst.ran && burst.limited > 0) {
      evidence.push(
        table(
          'Limited answers during the burst',
          [
            { key: 'status', label: 'Status', type: 'status' },
            { key: 'retryAfter', label: 'Retry-After', type: 'code' },
            { key: 'type', label: 'Content-Type', type: 'code' },
          ],
          burst.limitedSamples.map((answer) => ({
            status: answer.status,
            retryAfter: answer.retryAfter ?? null,
            type: answer.contentType ?? null,
          })),
        ),
      );
      if (burst.limitedWithoutRetryAfter > 0) {
        problems.warn(`${burst.limitedWithoutRetryAfter} of ${burst.limited} 429/503 answers carry no Retry-After`);
      } else notes.push('429/503 answers carry Retry-After');
    }
    const limitsApply =
      (burst.ran && burst.limited > 0) ||
      http.samples.some((sample) => parseRateLimitHeaders(sample.headers ?? {}).length > 0);
    const documentsLimits = spec.operations.some((operation) =>
      operation.responses.some((response) => response.status === '429' || response.status === '503'),
    );
    if (system.spec && spec.operations.length === 0)
      notes.push(`spec not read: ${spec.problems[0]?.message ?? 'no operations'}`);
    else if (system.spec && limitsApply && !documentsLimits) {
      problems.warn('the system limits traffic but its spec documents no 429 or 503 answer');
    }

    const replay = retry.idempotency;
    if ('skipped' in replay) notes.push(`idempotency not replayed: ${replay.skipped}`);
    else {
      evidence.push(
        exchangeEvidence(replay.first, `${replay.method} ${replay.path} with an Idempotency-Key`),
        exchangeEvidence(replay.replay, 'Same key, same payload'),
      );
      if (replay.otherPayload) evidence.push(exchangeEvidence(replay.otherPayload, 'Same key, another payload'));
      if (replay.withoutKey) evidence.push(exchangeEvidence(replay.withoutKey, 'No key'));
      if (!success(replay.first))
        problems.warn(
          `the write with an Idempotency-Key answered ${replay.first.status ?? replay.first.error?.code}: replay not judged`,
        );
      else {
        if (!success(replay.replay) || identity(replay.replay) !== identity(replay.first)) {
          problems.fail(
            `replaying ${replay.method} ${replay.path} with the same key returned ${replay.replay.status} ` +
              `with a different result: a retry creates a duplicate`,
          );
        } else notes.push('a replay with the same key returns the same result');
        if (replay.otherPayload && replay.otherPayload.status !== 422) {
          problems.add({
            severity: success(replay.otherPayload) ? 'fail' : 'warn',
            text: `the same key with another payload answered ${replay.otherPayload.status}, not 422`,
          });
        }
        if (replay.withoutKey && replay.withoutKey.status !== 400) {
          problems.warn(`a write without the required key answered ${replay.withoutKey.status}, not 400`);
        }
        if (replay.concurrent) {
          const [a, b] = replay.concurrent;
          evidence.push(exchangeEvidence(a, 'Concurrent attempt 1'), exchangeEvidence(b, 'Concurrent attempt 2'));
          if (success(a) && success(b) && identity(a) !== identity(b)) {
            problems.fail(
              'two concurrent attempts with the same key created two results (409 or one shared result expected)',
            );
          } else if (a.status === 409 || b.status === 409) notes.push('a retry in flight answers 409');
        }
      }
    }

    // judged only when an error answer was read, a limit answered, or a write replayed: else nothing says it holds
    const judged = errorSamples.length > 0 || (burst.ran && burst.limited > 0) || !('skipped' in replay);
    if (problems.size === 0 && !judged)
      return {
        status: 'error',
        summary: `No error answer to judge: the request for a missing resource got ${outcomeText(notFound)}`,
        evidence,
      };
    return problems.verdict({
      pass: notes.join('; '),
      evidence,
      remediation:
        'Answer errors as application/problem+json without internals, send Retry-After with every 429 and 503, document both in the spec, ' +
        'and store the first result of each Idempotency-Key so a retried write returns it instead of creating another.',
      references,
    });
  },
});
