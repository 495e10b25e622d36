import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'vitest';
import type { MonitorSample } from '../../src/store/sample-repository.js';
import { openStore } from '../../src/store/store.js';

const HOUR = 3_600_000;
const sample = (ts: number, total: number, ok = true): MonitorSample => ({
  monitorId: 'm',
  ts,
  ok,
  status: ok ? 200 : 503,
  timings: { dns: 0, connect: 1, tls: 0, firstByte: total - 1, download: 0, total },
});

test('samples roll up per minute and per hour across batches; retention drops what is too old', () => {
  const store = openStore(mkdtempSync(join(tmpdir(), 'junction-samples-')));
  try {
    const t0 = Date.UTC(2026, 10, 1, 10, 0, 0);
    store.samples.insertBatch([sample(t0, 10), sample(t0 + 1000, 20)]);
    // a second batch in the same minute merges into the stored rollup, histogram included
    store.samples.insertBatch([sample(t0 + 2000, 400), sample(t0 + 3000, 0, false), sample(t0 + 60_000, 30)]);
    const minutes = store.samples.chart('m', t0, t0 + HOUR, 'minute');
    assert.deepEqual(
      minutes.map((point) => [point.t, point.count, point.errors]),
      [
        [t0, 4, 1],
        [t0 + 60_000, 1, 0],
      ],
    );
    assert.ok(Math.abs(minutes[0].p95Ms! - 400) / 400 < 0.03, `p95 ${minutes[0].p95Ms}`);
    assert.equal(minutes[0].avgMs, (10 + 20 + 400) / 3);
    const hours = store.samples.chart('m', t0, t0 + HOUR, 'hour');
    assert.deepEqual(
      hours.map((point) => [point.count, point.errors]),
      [[5, 1]],
    );
    assert.equal(store.samples.window('m', t0).errors, 1);

    store.samples.applyRetention({ rawMs: HOUR, minuteMs: 2 * HOUR, hourMs: 30 * 24 * HOUR }, t0 + 90 * 60_000);
    assert.equal(store.samples.latest('m', 10).length, 0, 'raw samples older than an hour are gone');
    assert.equal(store.samples.chart('m', t0, t0 + HOUR, 'minute').length, 2, 'minute rollups are kept longer');
    store.samples.applyRetention({ rawMs: HOUR, minuteMs: HOUR, hourMs: 30 * 24 * HOUR }, t0 + 3 * HOUR);
    assert.equal(store.samples.chart('m', t0, t0 + HOUR, 'minute').length, 0);
    assert.equal(store.samples.chart('m', t0, t0 + HOUR, 'hour').length, 1);
  } finally {
    store.close();
  }
});
