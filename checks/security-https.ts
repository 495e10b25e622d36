import type { HttpSample } from '../src/model/artifacts/http.js';
import { defineCheck } from './contract.js';
import { type Evidence } from '../src/model/finding.js';
import { exchangeEvidence } from './lib/evidence.js';
import { hstsMaxAge } from './lib/hsts.js';
import { Problems } from './lib/verdict.js';

const ONE_YEAR = 31_536_000;
/** a refused, reset or silent plain-HTTP port serves nothing: as good as a redirect */
const CLOSED_CODES = new Set(['connection-refused', 'connection-reset', 'timeout-connect', 'protocol']);

function describePlain(sample: HttpSample): {
  verdict: 'redirect' | 'closed' | 'serves' | 'insecure-redirect';
  text: string;
} {
  if (sample.error) {
    return CLOSED_CODES.has(sample.error.code)
      ? { verdict: 'closed', text: `plain HTTP is closed (${sample.error.code})` }
      : { verdict: 'serves', text: `plain HTTP answered oddly (${sample.error.code}: ${sample.error.message})` };
  }
  const location = sample.headers?.location;
  if (sample.status! >= 300 && sample.status! < 400 && location) {
    return location.startsWith('https://')
      ? { verdict: 'redirect', text: `plain HTTP redirects (${sample.status}) to ${location}` }
      : { verdict: 'insecure-redirect', text: `plain HTTP redirects (${sample.status}) to ${location}, not to HTTPS` };
  }
  // The gatherer asks plain HTTP with a decoy Authorization header: an answer means credentials are taken in clear.
  const credentialed = sample.requestHeaders.authorization !== undefined;
  return {
    verdict: 'serves',
    text: credentialed
      ? `plain HTTP serves content (status ${sample.status}) to a request carrying an Authorization header: credentials are accepted in clear text`
      : `plain HTTP serves content (status ${sample.status})`,
  };
}

/**
 * The one owner of "does traffic stay encrypted": the base URL's scheme, what plain HTTP does with a (decoy)
 * credential, and HSTS. security.transport-headers judges CORS and banners only, so one missing header is one fail.
 */
export const securityHttps = defineCheck({
  id: 'security.https',
  category: 'Security',
  basis: 'observed',
  title: 'Traffic is HTTPS only, with HSTS',
  failureTitle: 'Traffic can travel in clear text',
  description:
    'Plain HTTP must redirect to HTTPS or be closed (never take a request carrying credentials), and HTTPS answers ' +
    'must carry Strict-Transport-Security with max-age of at least one year. ' +
    'Learn more: https://www.rfc-editor.org/rfc/rfc6797',
  requires: ['http'],
  owasp: ['API8:2023'],
  appliesTo: () => true,
  judge({ http }) {
    const references = [
      { title: 'RFC 6797: HTTP Strict Transport Security', url: 'https://www.rfc-editor.org/rfc/rfc6797' },
      {
        title: 'OWASP HSTS cheat sheet',
        url: 'https://cheatsheetseries.owasp.org/cheatsheets/HTTP_Strict_Transport_Security_Cheat_Sheet.html',
      },
    ];
    if (!http.secure) {
      return {
        status: 'fail',
        summary: `The API is served over plain HTTP (${http.baseUrl}): every credential travels in clear text`,
        evidence: http.samples[0] ? [exchangeEvidence(http.samples[0], 'Baseline request')] : [],
        remediation:
          'Serve the API over HTTPS (TLS 1.2 or later), redirect or close plain HTTP, then send Strict-Transport-Security.',
        references,
      };
    }
    const answered = http.samples.find((sample) => sample.status !== undefined);
    if (!answered) {
      return {
        status: 'error',
        summary: 'HTTPS endpoint did not answer; HSTS could not be read',
        evidence: http.samples[0] ? [exchangeEvidence(http.samples[0], 'Baseline request')] : [],
      };
    }
    const header = answered.headers?.['strict-transport-security'];
    const maxAge = hstsMaxAge(header);
    const plain = http.plain.url ? describePlain(http.plain.sample) : undefined;
    const evidence: Evidence[] = [
      {
        kind: 'list',
        title: 'Transport',
        items: [
          { label: 'Strict-Transport-Security', value: header ?? '(absent)' },
          { label: 'max-age (s)', value: maxAge ?? null },
          { label: 'includeSubDomains', value: header ? /includesubdomains/i.test(header) : false },
          { label: 'preload', value: header ? /preload/i.test(header) : false },
          {
            label: 'Plain HTTP',
            value: plain?.text ?? `not tested: ${'reason' in http.plain ? http.plain.reason : ''}`,
          },
        ],
      },
      exchangeEvidence(answered, 'HTTPS response'),
    ];
    const problems = new Problems();
    if (http.plain.url) {
      evidence.push(exchangeEvidence(http.plain.sample, 'Plain HTTP request (with a decoy Authorization header)'));
      if (plain?.verdict === 'serves' || plain?.verdict === 'insecure-redirect') problems.fail(plain.text);
    } else {
      problems.warn('plain HTTP not tested (set plainHttpUrl)');
    }
    if (maxAge === undefined) problems.fail('no Strict-Transport-Security header');
    else if (maxAge < ONE_YEAR) problems.warn(`HSTS max-age ${maxAge} s is under one year (${ONE_YEAR} s)`);

    return problems.verdict({
      pass: `HTTPS only (${plain?.text ?? 'plain HTTP not tested'}); HSTS max-age ${maxAge} s`,
      evidence,
      remediation:
        'Answer plain HTTP with a 301/308 redirect to the https:// URL (or close the port), and send ' +
        '"Strict-Transport-Security: max-age=31536000; includeSubDomains" on every HTTPS response.',
      references,
    });
  },
});
