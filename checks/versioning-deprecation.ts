import type { HttpArtifact, HttpSample } from '../src/model/artifacts/http.js';
import type { ConformanceCall, SpecArtifact } from '../src/model/artifacts/spec.js';
import { defineCheck } from './contract.js';
import { type Evidence } from '../src/model/finding.js';
import { exchangeEvidence, table } from './lib/evidence.js';
import { httpDate, specUnread } from './lib/spec.js';
import { Problems, type Problem } from './lib/verdict.js';

const SIX_MONTHS_S = 182 * 24 * 3600;

interface Announcement {
  problems: Problem[];
  deprecation?: string;
  sunset?: string;
  link?: string;
}

/** RFC 9745's `@<epoch seconds>`, as seconds. */
const deprecationDate = (value: string | undefined): number | undefined => {
  const match = value === undefined ? null : /^@(-?\d+)$/.exec(value.trim());
  return match ? Number(match[1]) : undefined;
};

/**
 * Reads RFC 9745 Deprecation, RFC 8594 Sunset and the Link relations from one answer ("now" is the answer's Date):
 * a past sunset fails; a sunset less than 6 months after the deprecation date, a deprecation with no sunset or no
 * successor link warns. `expected` (the spec marks the operation deprecated) makes a missing Deprecation a failure.
 */
export function readAnnouncement(headers: Record<string, string>, expected = true): Announcement {
  const problems: Announcement['problems'] = [];
  const deprecation = headers['deprecation'];
  const sunset = headers['sunset'];
  const link = headers['link'];
  const since = deprecationDate(deprecation);
  if (!deprecation) {
    if (expected) problems.push({ severity: 'fail', text: 'no Deprecation header (RFC 9745)' });
  } else if (since === undefined)
    problems.push({
      severity: 'warn',
      text: `Deprecation "${deprecation}" is not an RFC 9745 date (@<epoch seconds>)`,
    });
  if (!sunset) problems.push({ severity: 'warn', text: 'no Sunset header (RFC 8594)' });
  else {
    const at = httpDate(sunset);
    const now = httpDate(headers['date']);
    if (at === undefined) problems.push({ severity: 'warn', text: `Sunset "${sunset}" is not an HTTP-date` });
    else if (now !== undefined && at <= now) problems.push({ severity: 'fail', text: `Sunset ${sunset} has passed` });
    else if (since !== undefined && at - since < SIX_MONTHS_S) {
      problems.push({
        severity: 'warn',
        text: `Sunset ${sunset} comes ${Math.max(0, Math.round((at - since) / 86400))} days after the deprecation (less than 6 months)`,
      });
    }
  }
  if (!link || !/rel="?[^"]*\b(deprecation|successor-version|sunset|latest-version)\b/i.test(link)) {
    problems.push({ severity: 'warn', text: 'no Link with rel="deprecation" or rel="successor-version"' });
  }
  return { problems, deprecation, sunset, link };
}

/** The first baseline answer that announces a deprecation or a sunset: live facts, with or without a spec. */
function liveAnnouncement(http: HttpArtifact): { sample: HttpSample; announcement: Announcement } | undefined {
  const sample = http.samples.find((candidate) => candidate.headers?.['deprecation'] || candidate.headers?.['sunset']);
  return sample?.headers && { sample, announcement: readAnnouncement(sample.headers) };
}

function removedWithoutDeprecation(spec: SpecArtifact): string[] {
  const previous = spec.previous;
  if (!previous || !('diff' in previous)) return [];
  return previous.diff.changes
    .filter((change) => change.id === 'operation-removed-without-deprecation')
    .map((change) => change.message);
}

export const versioningDeprecation = defineCheck({
  id: 'versioning.deprecation',
  category: 'Versioning',
  basis: 'inferred',
  title: 'Deprecations are announced before removal',
  failureTitle: 'Deprecations are not announced',
  description:
    'A deprecated API must say so on the wire: a Deprecation header (RFC 9745), a Sunset date (RFC 8594) at ' +
    'least 6 months after the deprecation and a Link to the successor or the deprecation notice. The headers ' +
    'are judged from the live answers, with or without a spec; a spec adds its operations marked deprecated, and ' +
    'nothing may be removed from it without having been deprecated first. ' +
    'Learn more: https://www.rfc-editor.org/rfc/rfc9745',
  requires: ['http', 'spec', 'conformance'],
  owasp: ['API9:2023'],
  appliesTo: () => true,
  judge({ http, spec, conformance }) {
    const references = [
      { title: 'RFC 9745: The Deprecation HTTP Response Header Field', url: 'https://www.rfc-editor.org/rfc/rfc9745' },
      { title: 'RFC 8594: The Sunset HTTP Header Field', url: 'https://www.rfc-editor.org/rfc/rfc8594' },
    ];
    const deprecated = spec.operations.filter((operation) => operation.deprecated);
    const removed = removedWithoutDeprecation(spec);
    const evidence: Evidence[] = [];
    const problems = new Problems();
    if (removed.length > 0) {
      evidence.push({
        kind: 'list',
        title: `Removed since ${spec.previous?.source ?? 'the previous spec'} without deprecation`,
        items: removed.map((message) => ({ label: message, value: 'removed' })),
      });
      problems.fail(
        `${removed.length} operation${removed.length === 1 ? ' was' : 's were'} removed without being deprecated first`,
      );
    }
    const live = liveAnnouncement(http);
    if (live) {
      evidence.push(exchangeEvidence(live.sample, `Baseline answer of ${live.sample.url}`));
      for (const problem of live.announcement.problems)
        problems.add({ severity: problem.severity, text: `${new URL(live.sample.url).pathname}: ${problem.text}` });
    }
    const verified: { call: ConformanceCall; announcement: Announcement }[] = [];
    for (const operation of deprecated) {
      const call = conformance.calls.find(
        (candidate) => candidate.method === operation.method && candidate.path === operation.path,
      );
      if (call?.sample.headers) verified.push({ call, announcement: readAnnouncement(call.sample.headers) });
    }
    if (deprecated.length > 0) {
      evidence.push(
        table(
          'Deprecated operations',
          [
            { key: 'operation', label: 'Operation', type: 'code' },
            { key: 'deprecation', label: 'Deprecation', type: 'text' },
            { key: 'sunset', label: 'Sunset', type: 'text' },
            { key: 'link', label: 'Link', type: 'text' },
            { key: 'result', label: 'Result', type: 'text' },
          ],
          deprecated.map((operation) => {
            const entry = verified.find(
              (candidate) => candidate.call.method === operation.method && candidate.call.path === operation.path,
            );
            return {
              operation: `${operation.method} ${operation.path}`,
              deprecation: entry?.announcement.deprecation ?? null,
              sunset: entry?.announcement.sunset ?? null,
              link: entry?.announcement.link ?? null,
              result: entry
                ? entry.announcement.problems.map((problem) => problem.text).join('; ') || 'announced'
                : 'not called: cannot verify the headers',
            };
          }),
        ),
      );
      for (const entry of verified) {
        for (const problem of entry.announcement.problems)
          problems.add({
            severity: problem.severity,
            text: `${entry.call.method} ${entry.call.path}: ${problem.text}`,
          });
      }
      if (verified.length === 0)
        problems.warn(
          `${deprecated.length} deprecated operation${deprecated.length === 1 ? '' : 's'}, none called: the headers are unverified`,
        );
      const shown = verified.find((entry) => entry.announcement.problems.length > 0) ?? verified[0];
      if (shown) evidence.push(exchangeEvidence(shown.call.sample, `${shown.call.method} ${shown.call.path}`));
    }
    const answered = http.samples.some((sample) => sample.status !== undefined);
    // with neither a spec read nor a baseline answer, nothing said whether anything is deprecated
    if (!live && !spec.hash && !answered) {
      const failed = http.samples.find((sample) => sample.error)?.error;
      return {
        status: 'error',
        summary:
          `Not judged: no baseline request was answered (${failed ? `${failed.code}: ${failed.message}` : 'none sent'})` +
          (spec.source ? ` and the spec ${spec.source} could not be read` : ', and no spec is declared'),
        evidence,
        references,
      };
    }
    if (spec.source && !spec.hash && !live) {
      const unread = specUnread(spec)!;
      return { ...unread, summary: `${unread.summary}; no baseline answer announces a deprecation`, references };
    }
    if (!spec.source && !live) {
      return {
        status: 'skip',
        summary: 'No Deprecation or Sunset header on the baseline answers, and no spec marks operations deprecated',
        evidence,
        references,
      };
    }
    return problems.verdict({
      pass: live
        ? `The API announces its deprecation: Deprecation ${live.announcement.deprecation ?? '—'}, Sunset ${live.announcement.sunset}, and a successor link`
        : deprecated.length === 0
          ? 'Nothing is deprecated, and nothing was removed without deprecation'
          : `${verified.length} deprecated operation${verified.length === 1 ? '' : 's'} announce Deprecation, Sunset and a successor`,
      summaryLimit: 3,
      evidence,
      remediation:
        'Mark an operation `deprecated: true` before removing it, and answer it with "Deprecation: @<epoch>", ' +
        '"Sunset: <HTTP-date at least 6 months after it>" and ' +
        '"Link: <successor>; rel=\\"successor-version\\"" until the sunset date.',
      references,
    });
  },
});
