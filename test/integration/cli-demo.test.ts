import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { reportSchema } from '../../src/report/schema.js';
import { runCli } from '../helpers/cli.js';

describe('junction demo', () => {
  it('audits the demo estate and writes a JSON report covering every system and check', async () => {
    const out = mkdtempSync(join(tmpdir(), 'junction-demo-out-'));
    const result = await runCli(['demo', '--format', 'json,md,junit', '--out', out], { timeoutMs: 90_000 });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Score \d+\/100/);
    const report = reportSchema.parse(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')));
    assert.deepEqual(report.systems.map((s) => s.id).sort(), ['commerce', 'erp', 'payments']);
    for (const system of report.systems) {
      for (const check of ['security.https', 'monitoring.latency']) {
        assert.ok(
          report.findings.some((f) => f.systemId === system.id && f.checkId === check),
          `${check} on ${system.id}`,
        );
      }
    }
    // The demo is built to show contrast: the legacy ERP fails HTTPS-only, commerce passes it.
    const https = (id: string) =>
      report.findings.find((f) => f.systemId === id && f.checkId === 'security.https')!.status;
    assert.equal(https('erp'), 'fail');
    assert.equal(https('commerce'), 'pass');
    assert.equal(https('payments'), 'warn');
    assert.match(readFileSync(join(out, 'report.md'), 'utf8'), /# Readiness report: Demo estate/);
    assert.match(readFileSync(join(out, 'junit.xml'), 'utf8'), /<testsuites /);
  });
});
