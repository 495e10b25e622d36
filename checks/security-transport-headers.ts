import type { HttpSample } from '../src/model/artifacts/http.js';
import { defineCheck } from './contract.js';
import { type Evidence } from '../src/model/finding.js';
import { exchangeEvidence } from './lib/evidence.js';
import { Problems, type Problem } from './lib/verdict.js';

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
  {
    title: 'Fetch standard: CORS protocol and credentials',
    url: 'https://fetch.spec.whatwg.org/#cors-protocol-and-credentials',
  },
  {
    title: 'OWASP HTTP headers cheat sheet',
    url: 'https://cheatsheetseries.owasp.org/cheatsheets/HTTP_Headers_Cheat_Sheet.html',
  },
];

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

/**
 * CORS and version banners. Whether traffic stays encrypted (the base URL, plain HTTP with a credential, HSTS) is
 * security.https's judgement alone, so one missing header costs one fail, not two.
 */
export const securityTransportHeaders = defineCheck({
  id: 'security.transport-headers',
  category: 'Security',
  basis: 'observed',
  title: 'Transport headers protect credentials: strict CORS, no version banners',
  failureTitle: 'Transport headers expose credentials or product versions',
  description:
    'CORS that does not hand credentialed responses to any origin, and no Server/X-Powered-By banners naming ' +
    'product versions (HTTPS, plain HTTP and HSTS are judged by security.https). ' +
    'Learn more: https://cheatsheetseries.owasp.org/cheatsheets/HTTP_Headers_Cheat_Sheet.html',
  requires: ['http', 'transport'],
  owasp: ['API8:2023'],
  appliesTo: () => true,
  judge({ http, transport }) {
    const answered = [...http.samples, transport.cors, transport.preflight].filter(
      (sample) => sample.status !== undefined,
    );
    if (!http.samples.some((sample) => sample.status !== undefined)) {
      return {
        status: 'error',
        summary: 'The system did not answer; its headers could not be read',
        evidence: http.samples[0] ? [exchangeEvidence(http.samples[0], 'Baseline request')] : [],
      };
    }
    const problems = new Problems();
    const cors = [transport.cors, transport.preflight].flatMap((sample) => corsProblems(sample, transport.origin));
    problems.add(...new Map(cors.map((problem) => [problem.text, problem])).values());
    const leaked = banners(answered);
    if (leaked.length > 0)
      problems.warn(`version banners: ${leaked.map((banner) => `${banner.header}: ${banner.value}`).join(', ')}`);

    const evidence: Evidence[] = [
      {
        kind: 'list',
        title: 'Transport headers',
        items: [
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
      exchangeEvidence(transport.preflight, `Preflight from ${transport.origin}`),
    ];
    return problems.verdict({
      pass: 'CORS strict; no version banners',
      evidence,
      remediation:
        'Allow credentialed CORS only for a fixed list of origins, and strip version numbers from Server and X-Powered-By ' +
        '(nginx: server_tokens off; PHP: expose_php = Off).',
      references: REFERENCES,
    });
  },
});
