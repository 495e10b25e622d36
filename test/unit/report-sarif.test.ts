import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import type { Log } from 'sarif';
import { renderSarif } from '../../src/report/sarif.js';
import { specFile } from '../../src/model/location.js';
import { NO_SPEC } from '../../src/report/spec-state.js';
import { sampleReport } from '../helpers/report.js';
import { sarifValidator } from '../helpers/sarif.js';

describe('SARIF report', () => {
  const validate = sarifValidator();
  const log = JSON.parse(renderSarif(sampleReport())) as Log;
  const results = log.runs[0].results!;
  const resultFor = (systemId: string, checkId: string) =>
    results.find((result) => result.ruleId === checkId && result.properties?.systemId === systemId)!;

  it('validates against the SARIF 2.1.0 schema', () => {
    assert.equal(validate(log), true, JSON.stringify(validate.errors, null, 2));
  });

  it('the validator rejects a log that breaks the schema', () => {
    assert.equal(validate({ ...log, version: '2.0.0' }), false);
    const broken = structuredClone(log);
    (broken.runs[0].results![0] as { level: string }).level = 'fatal';
    assert.equal(validate(broken), false);
  });

  it('has one rule per check and one result per finding, with kind and level from the status', () => {
    const rules = log.runs[0].tool.driver.rules!;
    assert.deepEqual(rules.map((rule) => rule.id).sort(), [
      'attested.encryption-at-rest',
      'attested.owner',
      'documentation.spec-valid',
      'monitoring.latency',
      'scalability.spike',
      'security.https',
    ]);
    assert.equal(results.length, sampleReport().findings.length);
    for (const result of results) assert.equal(rules[result.ruleIndex!].id, result.ruleId);
    assert.deepEqual(
      [resultFor('orders', 'security.https').kind, resultFor('orders', 'security.https').level],
      ['fail', 'error'],
    );
    assert.deepEqual(
      [resultFor('orders', 'documentation.spec-valid').kind, resultFor('orders', 'documentation.spec-valid').level],
      ['fail', 'warning'],
    );
    assert.deepEqual(
      [resultFor('billing', 'security.https').kind, resultFor('billing', 'security.https').level],
      ['pass', 'none'],
    );
    assert.equal(resultFor('billing', 'scalability.spike').kind, 'notApplicable');
    assert.equal(resultFor('billing', 'monitoring.latency').kind, 'open');
    assert.equal(rules.find((rule) => rule.id === 'security.https')!.helpUri, 'https://www.rfc-editor.org/rfc/rfc6797');
  });

  it('points spec findings at the spec file and line the evidence names', () => {
    const locations = resultFor('orders', 'documentation.spec-valid').locations!.map(
      (location) => location.physicalLocation!,
    );
    assert.deepEqual(
      locations.map((location) => [
        location.artifactLocation!.uri,
        location.artifactLocation!.uriBaseId,
        location.region!.startLine,
      ]),
      [
        ['specs/orders.yaml', 'WORKSPACE', 42],
        ['specs/schemas/order.yaml', 'WORKSPACE', 7],
      ],
    );
  });

  it('points other findings at the system entry in junction.yaml, and names the system', () => {
    const location = resultFor('billing', 'security.https').locations![0];
    assert.equal(location.physicalLocation!.artifactLocation!.uri, 'junction.yaml');
    assert.equal(location.physicalLocation!.region!.startLine, 14);
    assert.equal(location.logicalLocations![0].name, 'billing');
  });

  it('marks attested results as attested, measured ones as measured', () => {
    assert.equal(resultFor('orders', 'attested.encryption-at-rest').properties!.source, 'attested');
    assert.equal(resultFor('orders', 'security.https').properties!.source, 'measured');
  });

  it('gives each system and check a stable fingerprint', () => {
    const again = JSON.parse(
      renderSarif(
        sampleReport({
          run: { id: 'other', startedAt: '2026-11-27T10:00:00.000Z', finishedAt: '2026-11-27T10:00:05.000Z' },
        }),
      ),
    ) as Log;
    assert.deepEqual(
      again.runs[0].results!.map((result) => result.partialFingerprints),
      results.map((result) => result.partialFingerprints),
    );
    assert.equal(
      new Set(results.map((result) => result.partialFingerprints!['junctionFinding/v1'])).size,
      results.length,
    );
  });

  it('points a spec check without line evidence at the spec file itself', () => {
    const report = sampleReport();
    report.findings.push({
      checkId: 'documentation.spec',
      systemId: 'orders',
      category: 'Documentation',
      status: 'fail',
      summary: 'spec invalid',
      evidence: [],
    });
    const result = (JSON.parse(renderSarif(report)) as Log).runs[0].results!.find(
      (candidate) => candidate.ruleId === 'documentation.spec',
    )!;
    const location = result.locations![0].physicalLocation!;
    assert.equal(location.artifactLocation!.uri, 'specs/orders.yaml');
    assert.equal(location.region, undefined);
  });

  it('points the findings of a system without a spec at junction.yaml and its line, never at an empty uri', () => {
    const report = sampleReport();
    report.specs = [...report.specs!, { systemId: 'billing', source: '', error: NO_SPEC }];
    report.findings.push({
      checkId: 'documentation.spec',
      systemId: 'billing',
      category: 'Documentation',
      status: 'fail',
      summary: 'No OpenAPI spec is declared for this system',
      evidence: [],
    });
    const sarif = JSON.parse(renderSarif(report)) as Log;
    assert.equal(validate(sarif), true, JSON.stringify(validate.errors, null, 2));
    const uris = sarif.runs[0].results!.flatMap((result) =>
      (result.locations ?? []).map((location) => location.physicalLocation!.artifactLocation!.uri),
    );
    assert.ok(!uris.includes(''), 'no empty uri');
    const location = sarif.runs[0].results!.find(
      (result) => result.ruleId === 'documentation.spec' && result.properties?.systemId === 'billing',
    )!.locations![0].physicalLocation!;
    assert.equal(location.artifactLocation!.uri, 'junction.yaml');
    assert.equal(location.region!.startLine, 14);
  });

  it("names a spec's other files as junction.yaml names the spec: from the entry's folder", () => {
    assert.equal(specFile('specs/orders/openapi.yaml', 'schemas.yaml'), 'specs/orders/schemas.yaml');
    assert.equal(specFile('specs/orders/openapi.yaml', undefined), 'specs/orders/openapi.yaml');
    assert.equal(specFile('specs/orders/openapi.yaml', '../common/errors.yaml'), 'specs/common/errors.yaml');
    assert.equal(specFile('openapi.yaml', '../shared/x.yaml'), '../shared/x.yaml');
    assert.equal(specFile('/srv/api/openapi.yaml', './paths/menu.yaml'), '/srv/api/paths/menu.yaml');
    assert.equal(
      specFile('https://example.test/v1/openapi.yaml', 'schemas.yaml'),
      'https://example.test/v1/schemas.yaml',
    );
  });

  it('places files named from the spec root (the workspace by default) beside the entry first', () => {
    // read with the workspace as root, the files are `specs/orders/openapi.yaml` and `specs/orders/schemas.yaml`
    const entry = 'specs/orders/openapi.yaml';
    assert.equal(specFile(entry, 'specs/orders/schemas.yaml', entry), 'specs/orders/schemas.yaml');
    assert.equal(specFile(entry, entry, entry), entry);
    assert.equal(specFile(entry, 'specs/common/errors.yaml', entry), 'specs/common/errors.yaml');
    // systems[].specRoot: specs, so the entry is `orders/openapi.yaml` among its files
    assert.equal(specFile(entry, 'common/errors.yaml', 'orders/openapi.yaml'), 'specs/common/errors.yaml');
    // a spec outside the workspace is read with its own folder as root: names are already beside the entry
    assert.equal(specFile('/srv/api/openapi.yaml', 'paths/menu.yaml', 'openapi.yaml'), '/srv/api/paths/menu.yaml');
  });
});
