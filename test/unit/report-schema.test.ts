import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { reportJsonSchema } from '../../src/report/json-schema.js';

describe('JSON report schema document', () => {
  it('docs/report.schema.json is generated from the current zod schema', () => {
    const committed = JSON.parse(readFileSync(new URL('../../docs/report.schema.json', import.meta.url), 'utf8'));
    assert.deepEqual(
      committed,
      JSON.parse(JSON.stringify(reportJsonSchema())),
      'run: npx tsx scripts/write-report-schema.ts',
    );
  });

  it('accepts a well-formed report and rejects a wrong schemaVersion', () => {
    const validate = new Ajv2020({ strict: false }).compile(reportJsonSchema());
    const report = {
      schemaVersion: 2,
      generator: 'Junction test',
      estate: 'E',
      run: { id: 'r', startedAt: '2026-11-26T10:00:00.000Z', finishedAt: '2026-11-26T10:00:05.000Z' },
      systems: [{ id: 'a', name: 'A', baseUrl: 'https://a' }],
      findings: [
        { checkId: 'security.https', systemId: 'a', category: 'Security', status: 'pass', summary: 'ok', evidence: [] },
      ],
      scores: {
        overall: 100,
        categories: { Security: { score: 100, counts: { pass: 1, warn: 0, fail: 0, error: 0, skip: 0 } } },
      },
    };
    assert.equal(validate(report), true, JSON.stringify(validate.errors));
    assert.equal(validate({ ...report, schemaVersion: 1 }), false);
  });
});
