import { defineCheck } from './contract.js';
import { type Evidence } from '../src/model/finding.js';
import { isSuccess, outcomeText } from './lib/answers.js';
import { exchangeEvidence } from './lib/evidence.js';
import { Problems } from './lib/verdict.js';

const references = [
  { title: 'RFC 9111: HTTP Caching', url: 'https://www.rfc-editor.org/rfc/rfc9111' },
  { title: 'RFC 9110 §13: Conditional Requests', url: 'https://www.rfc-editor.org/rfc/rfc9110#section-13' },
];

export const cachingHttp = defineCheck({
  id: 'caching.http',
  category: 'Caching',
  basis: 'observed',
  title: 'GET responses say how to cache them and revalidate with 304',
  failureTitle: 'GET responses give clients no caching rules or validators',
  description:
    'A GET answer should carry Cache-Control (even "no-store" is a decision) and a validator (ETag or Last-Modified); ' +
    'the same GET made conditional should answer 304 Not Modified, so clients and caches do not download unchanged data. ' +
    'Learn more: https://www.rfc-editor.org/rfc/rfc9111',
  requires: ['caching'],
  appliesTo: () => true,
  judge({ caching }) {
    const evidence: Evidence[] = [];
    const problems = new Problems();
    const notes: string[] = [];
    const judged = caching.probes.filter((probe) => isSuccess(probe.first.status));
    if (judged.length === 0) {
      // caching rules on a 404 or a refused connection say nothing of how the API's answers are cached
      return {
        status: 'error',
        summary:
          caching.probes.length === 0
            ? 'No GET was made: caching not judged'
            : `No GET was answered with success, caching not judged: ${caching.probes.map((probe) => `${probe.url} ${outcomeText(probe.first)}`).join('; ')}`,
        evidence: caching.probes.map((probe) => exchangeEvidence(probe.first, 'GET')),
      };
    }
    for (const { url, first, conditional } of caching.probes) {
      evidence.push(exchangeEvidence(first, 'GET'));
      if (conditional) evidence.push(exchangeEvidence(conditional, 'Conditional GET'));
      if (!isSuccess(first.status)) {
        problems.warn(`${url} answered ${outcomeText(first)}: caching not judged there`);
        continue;
      }
      const cacheControl = first.headers?.['cache-control'];
      const validator = first.headers?.etag ? 'ETag' : first.headers?.['last-modified'] ? 'Last-Modified' : undefined;
      evidence.unshift({
        kind: 'list',
        title: url,
        items: [
          { label: 'Cache-Control', value: cacheControl ?? '(absent)' },
          { label: 'ETag', value: first.headers?.etag ?? '(absent)' },
          { label: 'Last-Modified', value: first.headers?.['last-modified'] ?? '(absent)' },
          {
            label: 'Conditional GET',
            value: conditional ? (conditional.status ?? conditional.error?.code ?? null) : 'not sent (no validator)',
          },
        ],
      });
      if (cacheControl && /\bno-store\b/i.test(cacheControl)) {
        notes.push(`${url} is explicitly not cacheable (no-store)`);
        continue;
      }
      if (!cacheControl && !validator) {
        problems.fail(`${url} has neither Cache-Control nor a validator`);
        continue;
      }
      if (!cacheControl) problems.warn(`${url} has no Cache-Control (caches guess heuristically)`);
      if (!validator) problems.warn(`${url} has no ETag or Last-Modified: every refresh downloads the whole body`);
      else if (conditional?.status !== 304) {
        problems.warn(
          `${url} sends ${validator} but a conditional GET answered ${conditional?.status ?? conditional?.error?.code}, not 304`,
        );
      } else notes.push(`${url}: Cache-Control "${cacheControl}", ${validator}, conditional GET → 304`);
    }
    return problems.verdict({
      pass: notes.join('; '),
      evidence,
      remediation:
        'Send Cache-Control on every GET (max-age for shared data, no-cache to force revalidation, no-store for private data), ' +
        'an ETag or Last-Modified, and answer If-None-Match / If-Modified-Since with 304 when nothing changed.',
      references,
    });
  },
});
