import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, test } from 'vitest';
import type { Log } from 'sarif';
import { createApiContext } from '../../src/api/context.js';
import { invoke } from '../../src/api/invoke.js';
import { initWorkspace } from '../../src/estate/workspace.js';
import type { CheckInfo } from '../../src/model/check-info.js';
import type { Finding, Status } from '../../src/model/finding.js';
import { computeScores } from '../../src/model/scores.js';
import { REPORT_FORMATS } from '../../src/report/index.js';
import { renderSarif } from '../../src/report/sarif.js';
import { storedReport } from '../../src/report/stored.js';
import { tempWorkspace } from '../helpers/estate.js';

/** The words a check had when the runs were stored: deliberately not those of today's registry. */
const THEN: CheckInfo = {
  id: 'security.https',
  category: 'Security',
  title: 'Old title: HTTPS everywhere',
  failureTitle: 'Old failure title: clear text allowed',
  description: 'Old description. Learn more: https://old.example/hsts',
  requires: ['http'],
};

const finding = (status: Status, systemId = 'orders'): Finding => ({
  checkId: THEN.id,
  systemId,
  category: 'Security',
  status,
  title: status === 'pass' ? THEN.title : THEN.failureTitle,
  summary: `https is ${status}`,
  evidence: [],
});

describe('one report path: the api and `junction report` render the same stored report', () => {
  let dir: string;
  let ctx: ReturnType<typeof createApiContext>;
  const store = (id: string, startedAt: string, status: 'finished' | 'aborted' | 'running', findings: Finding[]) => {
    const runs = ctx.store.runs;
    runs.create({
      id,
      startedAt,
      estateName: 'Estate',
      options: {},
      systems: [{ id: 'orders', name: 'Orders', baseUrl: 'https://orders.test' }],
      checks: [THEN],
    });
    if (status !== 'running') runs.finish(id, findings, computeScores(findings), status);
  };

  beforeAll(() => {
    dir = tempWorkspace('');
    rmSync(`${dir}/junction.yaml`);
    initWorkspace(dir);
    ctx = createApiContext(dir);
    store('first', '2026-11-01T10:00:00.000Z', 'finished', [finding('pass')]);
    store('aborted', '2026-11-02T10:00:00.000Z', 'aborted', [finding('warn')]);
    store('latest', '2026-11-03T10:00:00.000Z', 'finished', [finding('fail')]);
    store('running', '2026-11-04T10:00:00.000Z', 'running', []);
  });
  afterAll(() => {
    ctx.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('getReport hands back exactly what storedReport renders, for the latest and for a named run', async () => {
    for (const runId of [undefined, 'first']) {
      const report = storedReport(ctx, { runId });
      // every text format (the PDF, printed by Chromium, is compared with the CLI's in the UI journey)
      for (const format of ['html', 'md', 'json', 'sarif', 'junit'] as const) {
        const result = await invoke(ctx, 'getReport', { runId, format });
        assert.ok(result.ok, JSON.stringify(result));
        const value = result.value as { content: string; mime: string; runId: string; encoding: string };
        assert.equal(value.runId, runId ?? 'latest');
        assert.equal(value.mime, REPORT_FORMATS[format].mime);
        assert.equal(value.encoding, 'utf8');
        assert.equal(value.content, REPORT_FORMATS[format].render(report), `${format} of ${runId ?? 'latest'}`);
      }
    }
  });

  test('the previous finished run is the one compared with: not the aborted one, not a later one', async () => {
    const report = storedReport(ctx);
    assert.equal(report.comparison?.previousRun.id, 'first');
    assert.deepEqual(
      report.comparison?.changes.map(({ before, after }) => [before, after]),
      [['pass', 'fail']],
    );
    const detail = await invoke(ctx, 'getRun', {});
    assert.ok(detail.ok);
    const run = detail.value as { previousRunId?: string; changes: unknown };
    assert.equal(run.previousRunId, 'first');
    assert.deepEqual(run.changes, report.comparison?.changes, 'the Audit page and the report share one comparison');
    assert.equal(storedReport(ctx, { runId: 'first' }).comparison, undefined, 'nothing before the first');
  });

  test('a stored run renders with the words its checks had, not with the live registry', async () => {
    const report = storedReport(ctx);
    assert.deepEqual(report.checks?.['security.https'], {
      category: 'Security',
      title: THEN.title,
      failureTitle: THEN.failureTitle,
      description: THEN.description,
      requires: ['http'],
    });
    assert.match(REPORT_FORMATS.html.render(report), /<h4>Old failure title: clear text allowed<\/h4>/);
    const rule = (JSON.parse(renderSarif(report)) as Log).runs[0].tool.driver.rules![0];
    assert.equal(rule.shortDescription?.text, THEN.title);
    assert.equal(rule.helpUri, 'https://old.example/hsts');
    const detail = await invoke(ctx, 'getRun', {});
    assert.ok(detail.ok);
    assert.equal((detail.value as { checks: Record<string, CheckInfo> }).checks['security.https'].title, THEN.title);
  });

  test('run lists count each status per run', async () => {
    const listed = await invoke(ctx, 'listRuns', {});
    assert.ok(listed.ok);
    const counts = Object.fromEntries(
      (listed.value as { id: string; counts: Record<Status, number> }[]).map((run) => [run.id, run.counts]),
    );
    assert.deepEqual(counts.latest, { fail: 1, error: 0, warn: 0, pass: 0, skip: 0 });
    assert.deepEqual(counts.aborted, { fail: 0, error: 0, warn: 1, pass: 0, skip: 0 });
    assert.deepEqual(counts.running, { fail: 0, error: 0, warn: 0, pass: 0, skip: 0 });
  });

  test('an unknown run is 404, an unfinished one 409, each with the reason', async () => {
    const unknown = await invoke(ctx, 'getReport', { runId: 'nope', format: 'md' });
    assert.ok(!unknown.ok && unknown.status === 404 && /no run "nope"/.test(unknown.error));
    const running = await invoke(ctx, 'getReport', { runId: 'running', format: 'md' });
    assert.ok(!running.ok && running.status === 409 && /has not finished/.test(running.error));
  });
});
