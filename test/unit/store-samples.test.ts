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

test('queue readings of a broker monitor roll up per minute and hour: means, the deepest, the fewest consumers, the oldest', () => {
  const store = openStore(mkdtempSync(join(tmpdir(), 'junction-queues-')));
  const reading = (ts: number, queue: string, messages: number, consumers: number, oldestAgeMs?: number) => ({
    monitorId: 'rabbit',
    queue,
    ts,
    messages,
    ready: messages,
    unacked: 0,
    consumers,
    publishRate: messages / 10,
    deliverRate: 1,
    ...(oldestAgeMs === undefined ? {} : { oldestAgeMs }),
  });
  try {
    const t0 = Date.UTC(2026, 10, 1, 10, 0, 0);
    store.queues.insertBatch([reading(t0, 'orders', 10, 2), reading(t0, 'idle', 0, 0)]);
    // a later batch in the same minute merges into the stored rollups; an age where there was none counts
    store.queues.insertBatch([reading(t0 + 30_000, 'orders', 30, 1, 5_000), reading(t0 + 30_000, 'idle', 0, 0)]);
    store.queues.insertBatch([reading(t0 + 90_000, 'orders', 4, 3)]);
    const minutes = store.queues.chart('rabbit', t0, t0 + HOUR, 'minute');
    assert.deepEqual(
      minutes.map(({ queue, t, samples, messages, maxMessages, minConsumers, publishRate, maxAgeMs }) => ({
        queue,
        t,
        samples,
        messages,
        maxMessages,
        minConsumers,
        publishRate,
        maxAgeMs,
      })),
      [
        {
          queue: 'idle',
          t: t0,
          samples: 2,
          messages: 0,
          maxMessages: 0,
          minConsumers: 0,
          publishRate: 0,
          maxAgeMs: null,
        },
        {
          queue: 'orders',
          t: t0,
          samples: 2,
          messages: 20,
          maxMessages: 30,
          minConsumers: 1,
          publishRate: 2,
          maxAgeMs: 5000,
        },
        {
          queue: 'orders',
          t: t0 + 60_000,
          samples: 1,
          messages: 4,
          maxMessages: 4,
          minConsumers: 3,
          publishRate: 0.4,
          maxAgeMs: null,
        },
      ],
    );
    const [hourIdle, hourOrders] = store.queues.chart('rabbit', t0, t0 + HOUR, 'hour');
    assert.deepEqual(
      [hourIdle.samples, hourOrders.samples, hourOrders.maxMessages, hourOrders.maxAgeMs],
      [2, 3, 30, 5000],
    );
    assert.deepEqual(
      store.queues.latest('rabbit').map(({ queue, messages }) => [queue, messages]),
      [['orders', 4]],
      'the newest reading only',
    );
    store.queues.applyRetention({ rawMs: 60_000, minuteMs: 60_000, hourMs: 10 * HOUR }, t0 + 100_000);
    assert.deepEqual(store.queues.latest('rabbit').length, 1, 'the raw reading of 10 s ago is kept');
    assert.deepEqual(
      store.queues.chart('rabbit', t0, t0 + HOUR, 'minute').map((point) => point.t),
      [t0 + 60_000],
      'the minute 100 s ago is past a minute of retention',
    );
    assert.equal(store.queues.chart('rabbit', t0, t0 + HOUR, 'hour').length, 2, 'hours are kept 10 h');
  } finally {
    store.close();
  }
});
