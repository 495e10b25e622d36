import type { HttpSample } from '../src/model/artifacts/http.js';
import { defineCheck } from './contract.js';
import { type Evidence } from '../src/model/finding.js';
import { exchangeEvidence } from './lib/evidence.js';
import { hstsMaxAge } from './lib/hsts.js';

const ONE_YEAR = 31_536_000;
const BANNER_HEADERS = [
  'server',
  'x-powered-by',
  'x-aspnet-version',
  'x-aspnetmvc-version',
  'x-generator',
  'x-runtime-version',
];
/** "Apache/2.2.15", "PHP/5.3.3", "4.0.30319": a product version, not just a product name */
const VERSION = /\/\s*v?\d|\b\d+\.\d+/;

const REFERENCES = [
  { title: 'RFC 6797: HTTP Strict Transport Security', url: 'https://www.rfc-editor.org/rfc/rfc6797' },
  {
    title: 'Fetch standard: CORS protocol and credentials',
    url: 'https://fetch.spec.whatwg.org/#cors-protocol-and-credentials',
  },
  {
    title: 'OWASP HTTP headers cheat sheet',
    url: 'https://cheatsheetseries.owasp.org/cheatsheets/HTTP_Headers_Cheat_Sheet.html',
  },
];

type Problem = { severity: 'fail' | 'warn'; text: string };

/** Headers that name a product version, across every answered exchange. */
function banners(samples: HttpSample[]): { header: string; value: string }[] {
  const found = new Map<string, string>();
  for (const sample of samples) {
    for (const name of BANNER_HEADERS) {
      const value = sample.headers?.[name];
      if (value && VERSION.test(value)) found.set(name, value);
    }
  }
  return [...found].map(([header, value]) => ({ header, value }));
}

/** CORS that hands credentialed responses to other sites: `*` with credentials, or any origin reflected with credentials. */
function corsProblems(sample: HttpSample, origin: string): Problem[] {
  const allowOrigin = sample.headers?.['access-control-allow-origin'];
  const credentials = sample.headers?.['access-control-allow-credentials']?.trim().toLowerCase() === 'true';
  if (!allowOrigin || !credentials) return [];
  if (allowOrigin.trim() === '*')
    return [{ severity: 'fail', text: 'CORS allows any origin (*) together with credentials' }];
  if (allowOrigin.trim() === origin)
    return [{ severity: 'fail', text: `CORS reflects an arbitrary origin (${origin}) and allows credentials` }];
  return [];
}

export const securityTransportHeaders = defineCheck({
  id: 'security.transport-headers',
  category: 'Security',
  title: 'Transport headers protect credentials: HSTS, strict CORS, no version banners',
  failureTitle: 'Transport headers expose credentials or product versions',
  description:
    'HSTS with max-age of at least a year, plain HTTP that never accepts credentials, CORS that does not hand credentialed ' +
    'responses to any origin, and no Server/X-Powered-By banners naming product versions. ' +
    'Learn more: https://cheatsheetseries.owasp.org/cheatsheets/HTTP_Headers_Cheat_Sheet.html',
  requires: ['http', 'transport'],
  appliesTo: () => true,
  judge({ http, transport }) {
    const answered = [...http.samples, transport.cors, transport.preflight].filter(
      (sample) => sample.status !== undefined,
    );
    const secureSample = http.samples.find((sample) => sample.status !== undefined);
    if (!secureSample) {
      return {
        status: 'error',
        summary: 'The system did not answer; its headers could not be read',
        evidence: [exchangeEvidence(http.samples[0], 'Baseline request')],
      };
    }
    const problems: Problem[] = [];
    const hsts = secureSample.headers?.['strict-transport-security'];
    const maxAge = hstsMaxAge(hsts);
    if (http.secure) {
      if (maxAge === undefined) problems.push({ severity: 'fail', text: 'no Strict-Transport-Security header' });
      else if (maxAge < ONE_YEAR)
        problems.push({ severity: 'warn', text: `HSTS max-age ${maxAge} s is under one year` });
    }

    const plain = transport.plainCredentials;
    let plainText: string;
    if (!http.secure) {
      plainText = 'the base URL is plain HTTP: every credential travels in clear text';
      problems.push({ severity: 'fail', text: plainText });
    } else if (plain.url === undefined) {
      plainText = `not tested: ${plain.reason}`;
    } else if (plain.sample.status === undefined) {
      plainText = `plain HTTP is closed (${plain.sample.error?.code})`;
    } else if (
      plain.sample.status >= 300 &&
      plain.sample.status < 400 &&
      plain.sample.headers?.location?.startsWith('https://')
    ) {
      plainText = `plain HTTP redirects to HTTPS (${plain.sample.status})`;
    } else {
      plainText = `plain HTTP answered ${plain.sample.status} to a request carrying an Authorization header`;
      problems.push({ severity: 'fail', text: `${plainText}: credentials are accepted in clear text` });
    }

    const cors = [transport.cors, transport.preflight].flatMap((sample) => corsProblems(sample, transport.origin));
    problems.push(...new Map(cors.map((problem) => [problem.text, problem])).values());
    const leaked = banners(answered);
    if (leaked.length > 0) {
      problems.push({
        severity: 'warn',
        text: `version banners: ${leaked.map((banner) => `${banner.header}: ${banner.value}`).join(', ')}`,
      });
    }

    const evidence: Evidence[] = [
      {
        kind: 'list',
        title: 'Transport headers',
        items: [
          { label: 'Strict-Transport-Security', value: hsts ?? '(absent)' },
          { label: 'HSTS max-age (s)', value: maxAge ?? null },
          { label: 'HSTS includeSubDomains', value: hsts ? /includesubdomains/i.test(hsts) : false },
          { label: 'HSTS preload', value: hsts ? /preload/i.test(hsts) : false },
          { label: 'Credentials over plain HTTP', value: plainText },
          {
            label: 'Access-Control-Allow-Origin',
            value:
              transport.cors.headers?.['access-control-allow-origin'] ??
              transport.preflight.headers?.['access-control-allow-origin'] ??
              '(absent)',
          },
          {
            label: 'Access-Control-Allow-Credentials',
            value:
              transport.cors.headers?.['access-control-allow-credentials'] ??
              transport.preflight.headers?.['access-control-allow-credentials'] ??
              '(absent)',
          },
          {
            label: 'Version banners',
            value: leaked.map((banner) => `${banner.header}: ${banner.value}`).join('; ') || 'none',
          },
        ],
      },
      exchangeEvidence(transport.cors, `GET with Origin: ${transport.origin}`),
    ];
    if (plain.url !== undefined)
      evidence.push(exchangeEvidence(plain.sample, 'Plain HTTP with a decoy Authorization header'));

    if (problems.length === 0) {
      return {
        status: 'pass',
        summary: `HSTS max-age ${maxAge} s; ${plainText}; CORS strict; no version banners`,
        evidence,
        references: REFERENCES,
      };
    }
    return {
      status: problems.some((problem) => problem.severity === 'fail') ? 'fail' : 'warn',
      summary: problems.map((problem) => problem.text).join('; '),
      evidence,
      remediation:
        'Send "Strict-Transport-Security: max-age=31536000; includeSubDomains", answer plain HTTP only with a redirect (or close it), ' +
        'allow credentialed CORS only for a fixed list of origins, and strip version numbers from Server and X-Powered-By ' +
        '(nginx: server_tokens off; PHP: expose_php = Off).',
      references: REFERENCES,
    };
  },
});
