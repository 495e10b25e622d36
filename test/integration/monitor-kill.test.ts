import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, test } from 'vitest';
import { openStore } from '../../src/store/store.js';
import { startHttpServer, type TestServer } from '../helpers/servers.js';

const BIN = fileURLToPath(new URL('../../bin/junction.js', import.meta.url));
let target: TestServer | undefined;
afterAll(() => target?.close());

test('kill -9 of "junction monitor" mid-write loses at most the batch in flight; the database opens cleanly', async () => {
  target = await startHttpServer((_req, res) => res.end('ok'));
  const dir = mkdtempSync(join(tmpdir(), 'junction-kill-'));
  // intervals are at least 5 s, so many monitors make many samples a round: 40 a round, a batch of 7 every few
  const SYSTEMS = ['a', 'b', 'c', 'd'];
  const MONITORS = SYSTEMS.flatMap((system) => Array.from({ length: 10 }, (_, i) => [system, `${system}-health-${i}`]));
  writeFileSync(
    join(dir, 'junction.yaml'),
    `version: 1
name: Killed
systems:
${SYSTEMS.map((id) => `  - { id: ${id}, name: ${id}, baseUrl: "${target!.url}" }`).join('\n')}
monitors:
${MONITORS.map(([system, id]) => `  - { id: ${id}, system: ${system}, path: /${id}, interval: 5s }`).join('\n')}
`,
  );
  const BATCH = 7;
  const child = spawn(process.execPath, [BIN, 'monitor', dir, '--batch-size', String(BATCH), '--flush-ms', '600000'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let reported = 0;
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no batches written in time: ${stderr}`)), 40_000);
    child.stdout.on('data', (chunk: Buffer) => {
      for (const match of chunk.toString().matchAll(/\((\d+) in all\)/g)) reported = Number(match[1]);
      if (reported >= 20 * BATCH) {
        clearTimeout(timer);
        child.kill('SIGKILL');
        resolve();
      }
    });
  });
  await new Promise((resolve) => child.once('exit', resolve));

  const store = openStore(join(dir, '.junction'));
  try {
    assert.equal(store.db.pragma('integrity_check', { simple: true }), 'ok');
    const raw = (store.db.prepare('SELECT COUNT(*) AS n FROM samples').get() as { n: number }).n;
    assert.ok(raw >= reported, `every reported batch is durable (${raw} >= ${reported})`);
    assert.equal(raw % BATCH, 0, `only whole batches are stored (${raw} samples)`);
    const hourly = (store.db.prepare('SELECT SUM(count) AS n FROM samples_hour').get() as { n: number }).n;
    const perMinute = MONITORS.map(([, id]) => id)
      .flatMap((id) => store.samples.chart(id, 0, Date.now() + 60_000, 'minute'))
      .reduce((sum, point) => sum + point.count, 0);
    assert.deepEqual([hourly, perMinute], [raw, raw], 'rollups are written in the same transaction as their samples');
  } finally {
    store.close();
  }
});
