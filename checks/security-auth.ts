import type { HttpSample } from '../src/model/artifacts/http.js';
import { isProtected, type AuthArtifact } from '../src/model/artifacts/security.js';
import type { SpecSecurityScheme } from '../src/model/artifacts/spec.js';
import { defineCheck } from './contract.js';
import { addressOf } from '../src/model/estate.js';
import { type Evidence } from '../src/model/finding.js';
import { exchangeEvidence, table } from './lib/evidence.js';
import { Problems } from './lib/verdict.js';

const REFERENCES = [
  {
    title: 'OWASP API Security Top 10: API2 Broken Authentication',
    url: 'https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/',
  },
  { title: 'RFC 6749 §4.4: OAuth 2.0 client credentials', url: 'https://www.rfc-editor.org/rfc/rfc6749#section-4.4' },
  { title: 'OpenAPI: security scheme object', url: 'https://spec.openapis.org/oas/v3.1.0#security-scheme-object' },
];
const STRONG_TYPES = new Set(['oauth2', 'openIdConnect', 'mutualTLS']);

function describeScheme(scheme: SpecSecurityScheme): string {
  if (scheme.type === 'http') return `HTTP ${scheme.scheme ?? ''}`.trim();
  if (scheme.type === 'apiKey') return `API key in ${scheme.in} "${scheme.paramName}"`;
  if (scheme.type === 'oauth2') return `OAuth 2.0${scheme.flows?.length ? ` (${scheme.flows.join(', ')})` : ''}`;
  return scheme.type === 'openIdConnect' ? 'OpenID Connect' : 'mutual TLS';
}

function judgeScheme(scheme: SpecSecurityScheme, secure: boolean, problems: Problems, strengths: string[]): void {
  if (STRONG_TYPES.has(scheme.type)) strengths.push(`${scheme.name}: ${describeScheme(scheme)}`);
  else if (scheme.type === 'apiKey' && scheme.in === 'query') {
    problems.fail(
      `${scheme.name} sends an API key in the query string ("${scheme.paramName}"): it ends up in access logs and proxies`,
    );
  } else if (scheme.type === 'http' && scheme.scheme?.toLowerCase() === 'basic') {
    if (secure) problems.warn(`${scheme.name} is HTTP basic: a long-lived password on every request`);
    else problems.fail(`${scheme.name} is HTTP basic over plain HTTP: the password travels in clear text`);
  }
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const outcome = (sample: HttpSample) =>
  sample.status !== undefined ? String(sample.status) : `${sample.error?.code}: ${sample.error?.message}`;

/** Judges the live calls; returns how many were answered at all (none answered: nothing was judged live). */
function judgeLive(
  live: AuthArtifact['live'],
  isPublic: boolean,
  problems: Problems,
  strengths: string[],
  evidence: Evidence[],
): number {
  if (!('probes' in live)) return 0;
  let answered = 0;
  for (const probe of live.probes) {
    const call = probe.baseUrl ? `GET ${probe.url} (the base URL)` : `${probe.method} ${probe.path}`;
    const status = probe.anonymous.status;
    if (status !== undefined) answered++;
    evidence.push(exchangeEvidence(probe.anonymous, `${call} without credentials`));
    if (status !== undefined && status >= 200 && status < 300) {
      // with no spec, the base URL is what the system serves: answering it to anyone is unprotected unless public
      if (probe.baseUrl && isPublic) strengths.push(`${call} answers anonymous calls (${status}): tagged public`);
      else
        problems.fail(
          `${call} answered ${status} without credentials${probe.baseUrl ? ': nothing shows it requires authentication' : ''}`,
        );
    } else if (status === 401 || status === 403) strengths.push(`${call} refuses anonymous calls (${status})`);
    else problems.warn(`${call} answered ${outcome(probe.anonymous)} without credentials: protection not confirmed`);
    if (!probe.authenticated) continue;
    evidence.push(exchangeEvidence(probe.authenticated, `${call} with the system's credential`));
    const withCredential = probe.authenticated.status;
    if (withCredential === 401) problems.fail(`${call} rejects the configured credential (401)`);
    else if (withCredential === undefined)
      problems.fail(`${call} with the credential failed: ${outcome(probe.authenticated)}`);
    else if (withCredential === 403) problems.warn(`${call} accepts the credential but forbids the call (403)`);
    else strengths.push(`${call} accepts the configured credential (${withCredential})`);
  }
  return answered;
}

export const securityAuth = defineCheck({
  id: 'security.auth',
  category: 'Security',
  basis: 'observed',
  title: 'Every operation requires strong authentication',
  failureTitle: 'Operations are unprotected or use weak authentication',
  description:
    "The spec's security schemes (OAuth 2.0, OpenID Connect or mTLS preferred; HTTP basic is weak; API keys never in the query string), " +
    'no operation without security on a non-public system, and live: a protected operation must refuse an anonymous call (401/403) ' +
    "and accept the system's credential. Learn more: https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/",
  requires: ['auth'],
  owasp: ['API2:2023'],
  appliesTo: () => true,
  judge({ auth }, system) {
    const problems = new Problems();
    const strengths: string[] = [];
    /** what the spec says about protection, before the strengths in a pass */
    const claims: string[] = [];
    const evidence: Evidence[] = [];
    const isPublic = system.tags.includes('public');

    if (auth.spec && 'error' in auth.spec) {
      problems.warn(`the spec ${auth.spec.source} could not be read (${auth.spec.error})`);
    } else if (auth.spec) {
      const secure = new URL(addressOf(system)).protocol === 'https:';
      for (const scheme of auth.spec.schemes) judgeScheme(scheme, secure, problems, strengths);
      const operations = auth.spec.operations;
      const unprotected = operations.filter((operation) => !isProtected(operation));
      const names = unprotected.slice(0, 4).map((operation) => `${operation.method} ${operation.path}`);
      const listed = `${names.join(', ')}${unprotected.length > 4 ? ', …' : ''}`;
      if (unprotected.length > 0 && !isPublic)
        problems.fail(`${unprotected.length} of ${operations.length} operations without security (${listed})`);
      else if (unprotected.length > 0)
        claims.push(
          `${unprotected.length} of ${operations.length} operations without security (${listed}): tagged public`,
        );
      else if (operations.length > 0)
        claims.push(`all ${operations.length} operations of the spec require authentication`);
      evidence.push(
        {
          kind: 'list',
          title: `Security schemes in ${auth.spec.source}`,
          items:
            auth.spec.schemes.length > 0
              ? auth.spec.schemes.map((scheme) => ({ label: scheme.name, value: describeScheme(scheme) }))
              : [{ label: 'schemes', value: 'none declared' }],
        },
        table(
          'Operations and their security',
          [
            { key: 'operation', label: 'Operation', type: 'code' },
            { key: 'security', label: 'Security', type: 'text' },
          ],
          auth.spec.operations.map((operation) => ({
            operation: `${operation.method} ${operation.path}`,
            security: isProtected(operation)
              ? operation.security.map((requirement) => Object.keys(requirement).join(' + ')).join(' or ')
              : 'none',
          })),
        ),
      );
    }
    if (auth.credentialType === 'basic' && !auth.spec) problems.warn('the configured credential is HTTP basic');
    if (auth.credentialType === 'oauth2-client-credentials') strengths.push('credential: OAuth 2.0 client credentials');
    const answered = judgeLive(auth.live, isPublic, problems, strengths, evidence);
    if (!auth.spec && !auth.credentialType) {
      problems.warn('no spec and no credential: nothing says how this system authenticates its callers');
    }
    evidence.push({
      kind: 'list',
      title: 'Live check',
      items: [
        { label: 'Credential configured', value: auth.credentialType ?? 'none' },
        {
          label: 'Called without and with the credential',
          value:
            'probes' in auth.live
              ? auth.live.probes
                  .map((probe) => (probe.baseUrl ? `${probe.url} (base URL)` : `${probe.method} ${probe.path}`))
                  .join(', ')
              : `none: ${auth.live.reason}`,
        },
      ],
    });

    // nothing read from a spec and no live answer: whatever the problems, the system's protection was not judged
    const specRead = auth.spec !== undefined && !('error' in auth.spec);
    if (!specRead && answered === 0) {
      const first = 'probes' in auth.live ? auth.live.probes[0]?.anonymous : undefined;
      return {
        status: 'error',
        summary:
          `Not judged: ${auth.spec ? `the spec ${auth.spec.source} could not be read` : 'no spec'} and ` +
          (first ? `${first.url} did not answer (${outcome(first)})` : 'no live call was made'),
        evidence,
        references: REFERENCES,
      };
    }
    const unconfirmed = 'reason' in auth.live ? `; not confirmed live: ${auth.live.reason}` : '';
    return problems.verdict({
      pass: capitalise([...claims, ...strengths].join('; ') || 'no authentication problem found') + unconfirmed,
      evidence,
      remediation:
        'Protect every operation with OAuth 2.0 (client credentials for machine callers) or mTLS, declare it in the spec (securitySchemes + security), ' +
        'send API keys only in a header, and make sure the gateway answers 401 to anonymous calls.',
      references: REFERENCES,
    });
  },
});
