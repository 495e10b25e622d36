import type { SpecArtifact, SpecOperation } from '../src/model/artifacts/spec.js';
import { defineCheck } from './contract.js';
import { type Evidence } from '../src/model/finding.js';
import { appliesToSpec, specSummaryEvidence, specUnread } from './lib/spec.js';
import { table } from './lib/evidence.js';

export type VersionScheme = 'path' | 'header' | 'query' | 'media-type';

const PATH_VERSION = /^(v\d+([.-]?(alpha|beta)?\d*)?|\d{4}-\d{2}-\d{2})$/i;
const HEADER_VERSION = /^(accept-version|(x-)?api-version|[a-z-]*-version)$/i;
const QUERY_VERSION = /^(v|version|api-version|api_version)$/i;
const MEDIA_VERSION = /(vnd\.[^;]*[.-]v\d+|;\s*version=)/i;

/** The server path in front of the operation's path, e.g. '/v1' for https://api.example.com/v1. */
function serverPath(operation: SpecOperation): string {
  const server = operation.servers[0] ?? '';
  try {
    return new URL(server, 'http://relative.invalid').pathname;
  } catch {
    return '';
  }
}

/** How one operation carries its version, and the version it names in its path. */
export function versionSchemes(operation: SpecOperation): { schemes: Set<VersionScheme>; pathVersion?: string } {
  const schemes = new Set<VersionScheme>();
  const segments = `${serverPath(operation)}/${operation.path}`.split('/').filter(Boolean);
  const pathVersion = segments.find((segment) => PATH_VERSION.test(segment));
  if (pathVersion) schemes.add('path');
  if (operation.parameters.some((parameter) => parameter.in === 'header' && HEADER_VERSION.test(parameter.name)))
    schemes.add('header');
  if (operation.parameters.some((parameter) => parameter.in === 'query' && QUERY_VERSION.test(parameter.name)))
    schemes.add('query');
  const mediaTypes = [
    ...(operation.requestBody?.content ?? []),
    ...operation.responses.flatMap((response) => response.content),
  ].map((media) => media.mediaType);
  if (mediaTypes.some((type) => MEDIA_VERSION.test(type))) schemes.add('media-type');
  return { schemes, pathVersion };
}

export function analyseVersioning(spec: SpecArtifact) {
  const perOperation = spec.operations.map((operation) => ({ operation, ...versionSchemes(operation) }));
  const counts = new Map<VersionScheme, number>();
  for (const entry of perOperation)
    for (const scheme of entry.schemes) counts.set(scheme, (counts.get(scheme) ?? 0) + 1);
  const unversioned = perOperation.filter((entry) => entry.schemes.size === 0);
  const versions = [
    ...new Set(perOperation.map((entry) => entry.pathVersion).filter((version): version is string => Boolean(version))),
  ];
  return { perOperation, counts, unversioned, versions };
}

export const versioningScheme = defineCheck({
  id: 'versioning.scheme',
  category: 'Versioning',
  basis: 'inferred',
  title: 'The API is versioned consistently',
  failureTitle: 'The API is not versioned consistently',
  description:
    'Clients must be able to pin the version they were built against: in the path (/v1), a header, the ' +
    'media type or a query parameter, the same way for every operation. ' +
    'Learn more: https://learn.microsoft.com/en-us/azure/architecture/best-practices/api-design#implement-versioning',
  requires: ['spec'],
  appliesTo: appliesToSpec,
  judge({ spec }) {
    const references = [
      {
        title: 'Azure API design: versioning',
        url: 'https://learn.microsoft.com/en-us/azure/architecture/best-practices/api-design#implement-versioning',
      },
    ];
    const unread = specUnread(spec);
    if (unread) return unread;
    if (spec.operations.length === 0)
      return { status: 'skip', summary: 'The spec declares no operations', evidence: [specSummaryEvidence(spec)] };
    const { counts, unversioned, versions } = analyseVersioning(spec);
    const evidence: Evidence[] = [
      specSummaryEvidence(spec),
      table(
        'Version schemes',
        [
          { key: 'scheme', label: 'Scheme', type: 'text' },
          { key: 'operations', label: 'Operations', type: 'number' },
        ],
        [
          ...[...counts].map(([scheme, operations]) => ({ scheme, operations })),
          { scheme: 'none', operations: unversioned.length },
        ],
      ),
    ];
    if (versions.length > 0)
      evidence.push({
        kind: 'list',
        title: 'Versions in paths',
        items: versions.map((version) => ({ label: version, value: true })),
      });
    if (unversioned.length === spec.operations.length) {
      return {
        status: 'warn',
        summary: `No operation carries a version (path, header, media type or query); only info.version "${spec.version}"`,
        evidence,
        remediation:
          'Choose one versioning scheme (a /v1 path prefix is the most visible) before go-live, so that a v2 can run beside v1.',
        references,
      };
    }
    if (unversioned.length > 0) {
      const examples = unversioned
        .slice(0, 3)
        .map((entry) => `${entry.operation.method} ${entry.operation.path}`)
        .join(', ');
      return {
        status: 'fail',
        summary: `${unversioned.length} of ${spec.operations.length} operations carry no version while the others do (e.g. ${examples})`,
        evidence,
        remediation:
          'Version every operation the same way: unversioned operations cannot evolve without breaking their clients.',
        references,
      };
    }
    const schemes = [...counts.keys()];
    if (schemes.length > 1 && !schemes.some((scheme) => counts.get(scheme) === spec.operations.length)) {
      return {
        status: 'warn',
        summary: `Operations are versioned in different ways: ${schemes.join(', ')}`,
        evidence,
        remediation: 'Use one versioning scheme for every operation.',
        references,
      };
    }
    const main = schemes.find((scheme) => counts.get(scheme) === spec.operations.length) ?? schemes[0];
    return {
      status: 'pass',
      summary: `Every operation is versioned by ${main}${versions.length > 0 ? ` (${versions.join(', ')})` : ''}`,
      evidence,
      references,
    };
  },
});
