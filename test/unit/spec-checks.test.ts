import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../checks/contract.js';
import { documentationLint } from '../../checks/documentation-lint.js';
import { documentationSpec } from '../../checks/documentation-spec.js';
import { versioningBreakingChanges } from '../../checks/versioning-breaking-changes.js';
import { versioningDeprecation } from '../../checks/versioning-deprecation.js';
import { versioningScheme } from '../../checks/versioning-scheme.js';
import type { HttpArtifact } from '../../src/model/artifacts/http.js';
import type { ConformanceArtifact, SpecArtifact, SpecOperation } from '../../src/model/artifacts/spec.js';
import { makeSystem } from '../helpers/estate.js';

const system = makeSystem({ baseUrl: 'https://api.example.com', spec: 'openapi.yaml', specPrevious: 'previous.yaml' });

function operation(method: SpecOperation['method'], path: string, extra: Partial<SpecOperation> = {}): SpecOperation {
  return {
    method,
    path,
    pointer: `/paths/${path.replace(/\//g, '~1')}/${method.toLowerCase()}`,
    tags: [],
    deprecated: false,
    parameters: [],
    security: [{ bearer: [] }],
    securitySource: 'document',
    responses: [{ status: '200', headers: [], content: [] }],
    servers: ['https://api.example.com'],
    ...extra,
  };
}

function spec(extra: Partial<SpecArtifact> = {}): SpecArtifact {
  return {
    source: 'openapi.yaml',
    specVersion: '3.0.3',
    title: 'Example',
    version: '1.2.0',
    hash: 'a'.repeat(64),
    bytes: 1000,
    files: 1,
    valid: true,
    problems: [],
    servers: ['https://api.example.com/v1'],
    paths: 2,
    operations: [operation('GET', '/v1/items'), operation('POST', '/v1/items')],
    webhooks: 0,
    schemas: 1,
    securitySchemes: [
      { name: 'bearer', type: 'http', scheme: 'bearer', pointer: '/components/securitySchemes/bearer' },
    ],
    security: [{ bearer: [] }],
    lint: [],
    ...extra,
  };
}

const judge = <T extends { judge: (...args: never[]) => unknown }>(check: T, artifacts: object, target = system) =>
  (
    check.judge as (
      a: object,
      s: typeof system,
      settings: typeof DEFAULT_SETTINGS,
    ) => { status: string; summary: string }
  )(artifacts, target, DEFAULT_SETTINGS);

describe('documentation.spec', () => {
  it('fails without a spec, with an unreadable or an invalid one', () => {
    assert.equal(
      judge(documentationSpec, {
        spec: spec({
          source: '',
          hash: '',
          valid: false,
          problems: [{ severity: 'error', message: 'no spec declared', pointer: '' }],
        }),
      }).status,
      'fail',
    );
    assert.match(
      judge(documentationSpec, {
        spec: spec({
          hash: '',
          valid: false,
          problems: [{ severity: 'error', message: 'cannot be read: file not found', pointer: '' }],
        }),
      }).summary,
      /file not found/,
    );
    const invalid = judge(documentationSpec, {
      spec: spec({
        valid: false,
        problems: [{ severity: 'error', message: 'missing required property "info"', pointer: '', line: 1 }],
      }),
    });
    assert.equal(invalid.status, 'fail');
    assert.match(invalid.summary, /1 error, first: missing required property "info"/);
  });
  it('warns when no server describes the audited host, passes when one does', () => {
    assert.equal(judge(documentationSpec, { spec: spec({ servers: ['https://prod.example.org/v1'] }) }).status, 'warn');
    assert.equal(judge(documentationSpec, { spec: spec() }).status, 'pass');
    assert.equal(judge(documentationSpec, { spec: spec({ servers: ['/v1'] }) }).status, 'pass');
  });
});

describe('documentation.lint', () => {
  const rule = (severity: 'error' | 'warn' | 'info') => ({
    rule: `r-${severity}`,
    source: 'junction' as const,
    severity,
    title: 't',
    fix: 'fix it',
    count: 2,
    examples: [{ pointer: '/paths', message: 'm' }],
  });
  it('fails on error rules, warns on warnings, passes on info only', () => {
    assert.equal(judge(documentationLint, { spec: spec({ lint: [rule('error'), rule('warn')] }) }).status, 'fail');
    assert.equal(judge(documentationLint, { spec: spec({ lint: [rule('warn'), rule('info')] }) }).status, 'warn');
    assert.equal(judge(documentationLint, { spec: spec({ lint: [rule('info')] }) }).status, 'pass');
  });
});

describe('versioning.scheme', () => {
  it('passes path versioning on every operation, fails a mix of versioned and unversioned, warns when nothing is versioned', () => {
    const pass = judge(versioningScheme, { spec: spec() });
    assert.equal(pass.status, 'pass');
    assert.match(pass.summary, /path \(v1\)/);
    assert.equal(
      judge(versioningScheme, {
        spec: spec({ operations: [operation('GET', '/v1/items'), operation('GET', '/status')] }),
      }).status,
      'fail',
    );
    assert.equal(judge(versioningScheme, { spec: spec({ operations: [operation('GET', '/items')] }) }).status, 'warn');
    const header = operation('GET', '/items', {
      parameters: [{ name: 'Api-Version', in: 'header', required: true, deprecated: false }],
    });
    assert.match(judge(versioningScheme, { spec: spec({ operations: [header] }) }).summary, /by header/);
  });
});

describe('versioning.deprecation', () => {
  const deprecated = operation('GET', '/v1/items', { deprecated: true });
  /** the baseline answers of the health path, with these headers */
  const baseline = (headers: Record<string, string> = {}): HttpArtifact => ({
    baseUrl: 'https://api.example.com',
    secure: true,
    samples: [{ method: 'GET', url: 'https://api.example.com/v1/health', requestHeaders: {}, status: 200, headers }],
    plain: { reason: 'n/a' },
  });
  const conformance = (headers: Record<string, string>): ConformanceArtifact => ({
    specSource: 'openapi.yaml',
    specHash: 'a',
    skipped: [],
    calls: [
      {
        method: 'GET',
        path: '/v1/items',
        deprecated: true,
        problems: [],
        sample: { method: 'GET', url: 'https://api.example.com/v1/items', requestHeaders: {}, status: 200, headers },
      },
    ],
  });
  const date = 'Thu, 26 Nov 2026 10:00:00 GMT';
  it('passes RFC 9745 + RFC 8594 headers with a sunset 7 months ahead and a successor link', () => {
    const headers = {
      date,
      deprecation: '@1767225600',
      sunset: 'Wed, 30 Jun 2027 00:00:00 GMT',
      link: '</v2/items>; rel="successor-version"',
    };
    assert.equal(
      judge(versioningDeprecation, {
        http: baseline(),
        spec: spec({ operations: [deprecated] }),
        conformance: conformance(headers),
      }).status,
      'pass',
    );
  });
  it('warns about a sunset under 6 months after the deprecation date and a missing link', () => {
    const verdict = judge(versioningDeprecation, {
      http: baseline(),
      spec: spec({ operations: [deprecated] }),
      conformance: conformance({ date, deprecation: '@1793318400', sunset: 'Mon, 01 Feb 2027 00:00:00 GMT' }),
    });
    assert.equal(verdict.status, 'warn');
    assert.match(verdict.summary, /comes 94 days after the deprecation \(less than 6 months\)/);
  });
  it('fails a deprecated operation without a Deprecation header, and operations removed without deprecation', () => {
    assert.equal(
      judge(versioningDeprecation, {
        http: baseline(),
        spec: spec({ operations: [deprecated] }),
        conformance: conformance({ date }),
      }).status,
      'fail',
    );
    const previous = {
      source: 'previous.yaml',
      specVersion: '3.0.3',
      title: 'Example',
      version: '1.1.0',
      hash: 'b',
      bytes: 1,
      files: 1,
      diff: {
        breaking: 1,
        changes: [
          {
            id: 'operation-removed-without-deprecation',
            breaking: true,
            message: 'GET /v1/old was removed without being deprecated first',
          },
        ],
      },
    };
    assert.equal(
      judge(versioningDeprecation, { http: baseline(), spec: spec({ previous }), conformance: conformance({}) }).status,
      'fail',
    );
    assert.equal(
      judge(versioningDeprecation, { http: baseline(), spec: spec(), conformance: conformance({}) }).status,
      'pass',
    );
  });
  it('judges the live headers of a system without a spec: announced passes, a past sunset fails, nothing skips', () => {
    const noSpec = spec({ source: '', operations: [] });
    const none: ConformanceArtifact = { specSource: '', specHash: '', skipped: [], calls: [] };
    const live = (headers: Record<string, string>) =>
      judge(versioningDeprecation, { http: baseline({ date, ...headers }), spec: noSpec, conformance: none });
    const announced = live({
      deprecation: '@1779148800',
      sunset: 'Sat, 01 Jan 2028 00:00:00 GMT',
      link: '<https://api.example.com/v2>; rel="successor-version"',
    });
    assert.equal(announced.status, 'pass');
    assert.match(announced.summary, /announces its deprecation: Deprecation @1779148800, Sunset Sat, 01 Jan 2028/);
    const soon = live({ deprecation: '@1793318400', sunset: 'Mon, 01 Feb 2027 00:00:00 GMT' });
    assert.equal(soon.status, 'warn', 'a sunset 94 days after the deprecation, and no successor link');
    assert.match(soon.summary, /\/v1\/health: Sunset .* comes 94 days after the deprecation.*no Link with rel=/);
    const past = live({
      deprecation: '@1700000000',
      sunset: 'Mon, 01 Jun 2026 00:00:00 GMT',
      link: '</v2>; rel="successor-version"',
    });
    assert.equal(past.status, 'fail');
    assert.match(past.summary, /Sunset Mon, 01 Jun 2026 00:00:00 GMT has passed/);
    assert.equal(live({ deprecation: '@1779148800' }).status, 'warn', 'no sunset and no successor link');
    assert.equal(live({}).status, 'skip', 'nothing announced and no spec: nothing to judge');
  });
});

describe('versioning.breaking-changes', () => {
  const previous = (version: string, breaking: boolean) => ({
    source: 'previous.yaml',
    specVersion: '3.0.3',
    title: 'Example',
    version,
    hash: 'b',
    bytes: 1,
    files: 1,
    diff: {
      breaking: breaking ? 1 : 0,
      changes: [
        {
          id: breaking ? 'operation-removed-without-deprecation' : 'operation-added',
          breaking,
          message: 'GET /v1/x changed',
          old: { pointer: '/paths/~1v1~1x/get', line: 12 },
        },
      ],
    },
  });
  it('fails breaking changes within a major version, warns across a major bump, passes compatible changes', () => {
    assert.equal(
      judge(versioningBreakingChanges, { spec: spec({ previous: previous('1.1.0', true) }) }).status,
      'fail',
    );
    assert.equal(
      judge(versioningBreakingChanges, { spec: spec({ version: '2.0.0', previous: previous('1.1.0', true) }) }).status,
      'warn',
    );
    assert.equal(
      judge(versioningBreakingChanges, { spec: spec({ previous: previous('1.1.0', false) }) }).status,
      'pass',
    );
    assert.equal(
      judge(versioningBreakingChanges, {
        spec: spec({ previous: { source: 'previous.yaml', error: 'file not found' } }),
      }).status,
      'error',
    );
  });
  it('does not apply without a previous spec', () => {
    assert.match(
      String(versioningBreakingChanges.appliesTo(makeSystem({ baseUrl: 'https://x', spec: 'a.yaml' }))),
      /specPrevious/,
    );
  });
});
