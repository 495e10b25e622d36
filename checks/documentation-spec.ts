import { addressOf, kindOf, type System } from '../src/model/estate.js';
import type { SpecArtifact } from '../src/model/artifacts/spec.js';
import { defineCheck } from './contract.js';
import { type Evidence } from '../src/model/finding.js';
import { problemsTable, specSummaryEvidence } from './lib/spec.js';

const REFERENCES = [
  { title: 'OpenAPI Specification', url: 'https://spec.openapis.org/oas/latest.html' },
  { title: 'OpenAPI: Server Object', url: 'https://spec.openapis.org/oas/v3.1.0#server-object' },
];

/** Does one of the spec's servers describe the audited base URL? Relative servers describe any host. */
export function serversCover(spec: SpecArtifact, baseUrl: string): boolean {
  const base = new URL(baseUrl);
  return spec.servers.some((server) => {
    if (!/^[a-z]+:\/\//i.test(server)) return true;
    try {
      return new URL(server).hostname === base.hostname;
    } catch {
      return false;
    }
  });
}

export const documentationSpec = defineCheck({
  id: 'documentation.spec',
  category: 'Documentation',
  basis: 'inferred',
  title: 'An OpenAPI spec documents the API',
  failureTitle: 'The API has no valid OpenAPI spec',
  description:
    'Every integration needs a machine-readable contract: a Swagger 2.0 or OpenAPI 3.x document that ' +
    'is valid, lists its operations and whose servers describe the system audited. ' +
    'Learn more: https://spec.openapis.org/oas/latest.html',
  requires: ['spec'],
  owasp: ['API9:2023'],
  appliesTo: (system: System) =>
    kindOf(system) === 'http-api' || system.spec ? true : `a ${kindOf(system)} has no HTTP API to document`,
  judge({ spec }, system) {
    if (!spec.source) {
      return {
        status: 'fail',
        summary: 'No OpenAPI spec is declared for this system',
        evidence: [],
        remediation:
          'Publish an OpenAPI document for the API and point systems[].spec at it (a file in the workspace or a URL).',
        references: REFERENCES,
      };
    }
    const evidence: Evidence[] = [specSummaryEvidence(spec)];
    if (spec.problems.length > 0) evidence.push(problemsTable(spec.problems, spec));
    const errors = spec.problems.filter((problem) => problem.severity === 'error');
    if (!spec.hash) {
      return {
        status: 'fail',
        summary: `The spec ${spec.source} ${errors[0]?.message ?? 'cannot be read'}`,
        evidence,
        remediation: 'Fix the path or URL in systems[].spec and make the document readable.',
        references: REFERENCES,
      };
    }
    if (errors.length > 0) {
      return {
        status: 'fail',
        summary: `The spec is invalid: ${errors.length} error${errors.length === 1 ? '' : 's'}, first: ${errors[0].message}`,
        evidence,
        remediation: 'Fix each error at the pointer and line shown; `junction spec inspect <file>` lists them.',
        references: REFERENCES,
      };
    }
    const gaps: string[] = [];
    if (spec.operations.length === 0) gaps.push('it declares no operations');
    if (!serversCover(spec, addressOf(system)))
      gaps.push(`none of its servers (${spec.servers.join(', ')}) is ${new URL(addressOf(system)).hostname}`);
    const what = `${spec.specVersion.startsWith('2') ? 'Swagger' : 'OpenAPI'} ${spec.specVersion} "${spec.title}" ${spec.version}`;
    if (gaps.length > 0) {
      return {
        status: 'warn',
        summary: `${what} is valid, but ${gaps.join(' and ')}`,
        evidence,
        remediation:
          'List the environments the API is served from under `servers` (or use a relative server URL), and document every operation.',
        references: REFERENCES,
      };
    }
    return {
      status: 'pass',
      summary: `${what} is valid: ${spec.operations.length} operations`,
      evidence,
      references: REFERENCES,
    };
  },
});
