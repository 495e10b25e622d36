import assert from 'node:assert/strict';
import { afterAll, test } from 'vitest';
import { startDemoEstate, type DemoEstate } from '../../assets/demo/estate.js';
import { openContext } from '../../src/estate/context.js';
import { importSource } from '../../src/flows/import.js';
import { summarizeFlows } from '../../src/flows/summary.js';
import { MonitorScheduler } from '../../src/monitor/scheduler.js';

let demo: DemoEstate | undefined;
afterAll(() => demo?.stop());

test('the demo estate talks: its access log and OTLP traces show a declared, an undocumented and a silent flow; monitors keep history and alert', async () => {
  demo = await startDemoEstate();
  await demo.traffic();
  const context = openContext(demo.dir);
  try {
    const { estate } = context.workspace;
    const results = [];
    for (const source of estate.logSources)
      results.push(await importSource(context.store, estate, source, { resolvePath: context.workspace.resolvePath }));
    assert.deepEqual(
      results.map((result) => [result.sourceId, result.malformed]),
      [
        ['payments-access', 0],
        ['traces', 0],
      ],
    );
    assert.equal(results[0].lines, 12, 'every call reached the access log');
    assert.ok(results[1].records >= 10, 'client and server spans paired from the traces');

    const summary = summarizeFlows(context.store, estate, { from: Date.now() - 3_600_000, until: Date.now() + 60_000 });
    const edge = (from: string, to: string) =>
      summary.edges.find((candidate) => candidate.from === from && candidate.to === to);
    assert.equal(edge('commerce', 'payments')?.declared, true);
    assert.equal(edge('commerce', 'payments')?.count, 6, 'seen by the log and the traces, counted once');
    assert.equal(edge('erp', 'payments')?.declared, false, 'the undocumented flow');
    assert.deepEqual(summary.unknownPeers, ['fraud-scorer']);
    assert.deepEqual(
      summary.declared.filter((flow) => !flow.seen).map((flow) => `${flow.from}>${flow.to}`),
      ['commerce>erp'],
      'the silent flow',
    );

    const scheduler = new MonitorScheduler(context.workspace, context.store, context.vault, {
      retry: { attempts: 2, baseDelayMs: 10 },
    });
    await scheduler.runRound();
    await scheduler.runRound();
    assert.deepEqual(
      context.store.samples
        .summary()
        .map((row) => [row.monitorId, row.count])
        .sort(),
      [
        ['commerce', 2],
        ['erp', 2],
        ['payments', 2],
      ],
    );
    assert.equal(
      context.store.alerts.history('erp')[0]?.rule,
      'p95',
      'the slow ERP health check breaks its 500 ms p95 threshold',
    );
    assert.equal((demo.telemetry.webhooks[0] as { junction: { monitorId: string } }).junction.monitorId, 'erp');
  } finally {
    context.close();
  }
});
