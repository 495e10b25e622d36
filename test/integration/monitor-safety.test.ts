import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { openContext } from '../../src/estate/context.js';
import { recordExchange } from '../../src/gather/record.js';
import { MonitorScheduler } from '../../src/monitor/scheduler.js';
import { Redactor } from '../../src/probe/redact.js';
import { createProbe } from '../../src/probe/system-probe.js';
import { busiestSecond, countingServer } from '../helpers/counting-server.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

function workspace(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'junction-monitor-safety-'));
  writeFileSync(join(dir, 'junction.yaml'), yaml);
  return dir;
}

describe('monitors go through the system rate cap', () => {
  it('many monitors and an audit probe of one system together never exceed limits.maxRps', async () => {
    const { server, arrivals } = await countingServer((_req, res) => res.end('ok'));
    cleanups.push(() => server.close());
    const monitors = Array.from(
      { length: 10 },
      (_, i) => `  - { id: m${i}, system: orders, path: /health, interval: 5s }`,
    );
    const dir = workspace(
      `version: 1\nname: Capped\nsystems:\n  - { id: orders, name: Orders, baseUrl: "${server.url}", limits: { maxRps: 4 } }\n` +
        `monitors:\n${monitors.join('\n')}\n`,
    );
    const context = openContext(dir);
    cleanups.push(() => context.close());
    const scheduler = new MonitorScheduler(context.workspace, context.store, context.vault, { concurrency: 10 });
    const system = context.workspace.estate.systems[0];
    // the audit's probe of the same system, in the same process (junction serve runs both)
    const audit = createProbe(context.workspace, system, { vault: context.vault }, new Redactor());
    await Promise.all([
      scheduler.runRound(),
      scheduler.runRound(),
      ...Array.from({ length: 4 }, () => recordExchange(audit, { method: 'GET', url: audit.url('/health') })),
    ]);
    assert.equal(arrivals.length, 24, 'every check and every audit request was sent');
    const busiest = busiestSecond(arrivals);
    // starts are spaced 250 ms apart; one late arrival can put a fifth into some one-second window
    assert.ok(busiest <= 5, `${busiest} requests arrived within one second at maxRps 4`);
    assert.equal(context.store.samples.latest('m0', 10).length, 2);
  });
});
