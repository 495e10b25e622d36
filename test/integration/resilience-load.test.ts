import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { LoadBudget, loadBudgetFor, LoadRefused, runLoad } from '../../src/probe/load.js';
import { busiestSecond, countingServer, type CountingServer } from '../helpers/counting-server.js';

describe('load generator', () => {
  let ok: CountingServer;
  let stall: CountingServer;
  let failing: CountingServer;
  beforeAll(async () => {
    ok = await countingServer((_req, res) => res.end('ok'));
    // the 50th request stalls 300 ms: everything queued behind it on the only connection is late
    stall = await countingServer((_req, res, count) =>
      count === 50 ? setTimeout(() => res.end('late'), 300) : res.end('ok'),
    );
    failing = await countingServer((_req, res) => {
      res.statusCode = 500;
      res.end('boom');
    });
  });
  afterAll(async () => Promise.all([ok.server.close(), stall.server.close(), failing.server.close()]));

  it('keeps an exact open-loop schedule and accounts for every request', async () => {
    ok.arrivals.length = 0;
    const ticks: number[] = [];
    const result = await runLoad(
      {
        url: `${ok.server.url}/`,
        rate: 200,
        durationMs: 1000,
        connections: 4,
        onProgress: (tick) => ticks.push(tick.sent),
      },
      new LoadBudget({ maxRps: 500, maxRequests: 1000, maxSeconds: 5 }),
    );
    // The schedule is exact and every request is accounted for; how much of it goes out on time depends on the CPU
    // a shared test machine gives us, so rate accuracy is measured by bench/load, not asserted here.
    assert.equal(result.sent + result.unsent, 200);
    assert.ok(result.notSentOnTime >= result.unsent);
    assert.ok(result.achievedRps <= 201, `achieved ${result.achievedRps} rps`);
    assert.equal(result.completed, result.sent);
    assert.equal(result.correctedLatency.count, result.sent);
    assert.equal(ok.arrivals.length, result.sent);
    assert.deepEqual(result.statuses, { '2xx': result.sent });
    assert.equal(
      ticks.reduce((sum, sent) => sum + sent, 0),
      result.sent,
      'progress covers every request',
    );
  });

  it('never exceeds maxRps, maxRequests or the summed budget, and sends only GET', async () => {
    ok.arrivals.length = 0;
    const budget = new LoadBudget({ maxRps: 150, maxRequests: 200, maxSeconds: 10 });
    const closed = await runLoad({ url: `${ok.server.url}/`, durationMs: 500, connections: 8 }, budget);
    assert.ok(busiestSecond(ok.arrivals) <= 150 * 1.05 + 8, `busiest second ${busiestSecond(ok.arrivals)}`);
    const second = await runLoad({ url: `${ok.server.url}/`, rate: 1000, durationMs: 8000, connections: 8 }, budget);
    assert.equal(second.stoppedBy, 'max-requests');
    assert.equal(second.targetRps, 150);
    assert.ok(busiestSecond(ok.arrivals) <= 150 * 1.05 + 8, `busiest second ${busiestSecond(ok.arrivals)}`);
    assert.equal(ok.arrivals.length, 200);
    assert.equal(closed.sent + second.sent, 200);
    assert.ok(ok.arrivals.every((arrival) => arrival.method === 'GET'));
    await assert.rejects(
      runLoad({ url: `${ok.server.url}/`, rate: 10, durationMs: 100, connections: 1 }, budget),
      LoadRefused,
    );
  });

  it('refuses to run without allow.load and shares one budget per probe', () => {
    assert.throws(() => loadBudgetFor({}, undefined), LoadRefused);
    const owner = {};
    assert.equal(
      loadBudgetFor(owner, { maxRps: 1, maxRequests: 1, maxSeconds: 1 }),
      loadBudgetFor(owner, { maxRps: 9, maxRequests: 9, maxSeconds: 9 }),
    );
  });

  it('corrects for coordinated omission: a stall makes queued requests late, not fast', async () => {
    const result = await runLoad(
      { url: `${stall.server.url}/`, rate: 200, durationMs: 800, connections: 1 },
      new LoadBudget({ maxRps: 500, maxRequests: 1000, maxSeconds: 5 }),
    );
    assert.ok(result.notSentOnTime >= 40, `${result.notSentOnTime} late`);
    assert.ok(result.correctedLatency.p95 > 150, `corrected p95 ${result.correctedLatency.p95}`);
    assert.ok(
      result.correctedLatency.p95 > 2 * result.serviceLatency.p95,
      `corrected p95 ${result.correctedLatency.p95}, service p95 ${result.serviceLatency.p95}`,
    );
  });

  it('trips the circuit breaker on errors and stops on abort', async () => {
    const broken = await runLoad(
      {
        url: `${failing.server.url}/`,
        rate: 100,
        durationMs: 3000,
        connections: 2,
        breaker: { maxErrorRate: 0.5, maxP99Ms: 5000 },
      },
      new LoadBudget({ maxRps: 500, maxRequests: 1000, maxSeconds: 5 }),
    );
    assert.equal(broken.stoppedBy, 'breaker');
    assert.ok(broken.sent <= 120, `${broken.sent} sent`);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('user stop')), 200);
    const aborted = await runLoad(
      { url: `${ok.server.url}/`, rate: 100, durationMs: 3000, connections: 2, signal: controller.signal },
      new LoadBudget({ maxRps: 500, maxRequests: 1000, maxSeconds: 5 }),
    );
    assert.deepEqual([aborted.stoppedBy, aborted.stopDetail], ['aborted', 'user stop']);
    assert.ok(aborted.sent < 40);
  });
});
