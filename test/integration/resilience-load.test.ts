import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_SETTINGS } from '../../checks/contract.js';
import { scalabilitySpike } from '../../checks/scalability-spike.js';
import { errorHandlingTimeouts } from '../../checks/error-handling-timeouts.js';
import { rateLimitsEnforced } from '../../checks/rate-limits-enforced.js';
import { burstGatherer } from '../../src/gather/burst.js';
import { httpGatherer } from '../../src/gather/http.js';
import { spikeGatherer } from '../../src/gather/spike.js';
import { LoadBudget, loadBudgetFor, LoadRefused, runLoad } from '../../src/probe/load.js';
import { makeSystem } from '../helpers/estate.js';
import { gatherWith } from '../helpers/gather.js';
import { startHttpServer } from '../helpers/servers.js';

/** A server that records the arrival time and method of every request. */
async function countingServer(handle: (req: IncomingMessage, res: ServerResponse, count: number) => void) {
  const arrivals: { at: number; method: string }[] = [];
  const server = await startHttpServer((req, res) => {
    arrivals.push({ at: performance.now(), method: req.method ?? '' });
    handle(req, res, arrivals.length);
  });
  return { server, arrivals };
}

/** the most requests that arrived within any one second */
function busiestSecond(arrivals: { at: number }[]): number {
  let best = 0;
  for (let start = 0, end = 0; end < arrivals.length; end++) {
    while (arrivals[end]!.at - arrivals[start]!.at >= 1000) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

describe('load generator', () => {
  let ok: Awaited<ReturnType<typeof countingServer>>;
  let stall: Awaited<ReturnType<typeof countingServer>>;
  let failing: Awaited<ReturnType<typeof countingServer>>;
  before(async () => {
    ok = await countingServer((_req, res) => res.end('ok'));
    // the 50th request stalls 300 ms: everything queued behind it on the only connection is late
    stall = await countingServer((_req, res, count) => (count === 50 ? setTimeout(() => res.end('late'), 300) : res.end('ok')));
    failing = await countingServer((_req, res) => {
      res.statusCode = 500;
      res.end('boom');
    });
  });
  after(async () => Promise.all([ok.server.close(), stall.server.close(), failing.server.close()]));

  it('keeps an exact open-loop schedule and accounts for every request', async () => {
    ok.arrivals.length = 0;
    const ticks: number[] = [];
    const result = await runLoad({ url: `${ok.server.url}/`, rate: 200, durationMs: 1000, connections: 4, onProgress: (tick) => ticks.push(tick.sent) }, new LoadBudget({ maxRps: 500, maxRequests: 1000, maxSeconds: 5 }));
    // The schedule is exact and every request is accounted for; how much of it goes out on time depends on the CPU
    // a shared test machine gives us, so rate accuracy is measured by bench/load, not asserted here.
    assert.equal(result.sent + result.unsent, 200);
    assert.ok(result.notSentOnTime >= result.unsent);
    assert.ok(result.achievedRps <= 201, `achieved ${result.achievedRps} rps`);
    assert.equal(result.completed, result.sent);
    assert.equal(result.correctedLatency.count, result.sent);
    assert.equal(ok.arrivals.length, result.sent);
    assert.deepEqual(result.statuses, { '2xx': result.sent });
    assert.equal(ticks.reduce((sum, sent) => sum + sent, 0), result.sent, "progress covers every request");
  });

  it('never exceeds maxRps, maxRequests or the summed budget, and sends only GET', async () => {
    ok.arrivals.length = 0;
    const budget = new LoadBudget({ maxRps: 150, maxRequests: 300, maxSeconds: 10 });
    const closed = await runLoad({ url: `${ok.server.url}/`, durationMs: 1000, connections: 8 }, budget);
    assert.ok(busiestSecond(ok.arrivals) <= 150 * 1.05 + 8, `busiest second ${busiestSecond(ok.arrivals)}`);
    const second = await runLoad({ url: `${ok.server.url}/`, rate: 1000, durationMs: 8000, connections: 8 }, budget);
    assert.equal(second.stoppedBy, 'max-requests');
    assert.equal(second.targetRps, 150);
    assert.ok(busiestSecond(ok.arrivals) <= 150 * 1.05 + 8, `busiest second ${busiestSecond(ok.arrivals)}`);
    assert.equal(ok.arrivals.length, 300);
    assert.equal(closed.sent + second.sent, 300);
    assert.ok(ok.arrivals.every((arrival) => arrival.method === 'GET'));
    await assert.rejects(runLoad({ url: `${ok.server.url}/`, rate: 10, durationMs: 100, connections: 1 }, budget), LoadRefused);
  });

  it('refuses to run without allow.load and shares one budget per probe', () => {
    assert.throws(() => loadBudgetFor({}, undefined), LoadRefused);
    const owner = {};
    assert.equal(loadBudgetFor(owner, { maxRps: 1, maxRequests: 1, maxSeconds: 1 }), loadBudgetFor(owner, { maxRps: 9, maxRequests: 9, maxSeconds: 9 }));
  });

  it('corrects for coordinated omission: a stall makes queued requests late, not fast', async () => {
    const result = await runLoad({ url: `${stall.server.url}/`, rate: 200, durationMs: 800, connections: 1 }, new LoadBudget({ maxRps: 500, maxRequests: 1000, maxSeconds: 5 }));
    assert.ok(result.notSentOnTime >= 40, `${result.notSentOnTime} late`);
    assert.ok(result.correctedLatency.p95 > 150, `corrected p95 ${result.correctedLatency.p95}`);
    assert.ok(result.correctedLatency.p95 > 2 * result.serviceLatency.p95, `corrected p95 ${result.correctedLatency.p95}, service p95 ${result.serviceLatency.p95}`);
  });

  it('trips the circuit breaker on errors and stops on abort', async () => {
    const broken = await runLoad({ url: `${failing.server.url}/`, rate: 100, durationMs: 3000, connections: 2, breaker: { maxErrorRate: 0.5, maxP99Ms: 5000 } }, new LoadBudget({ maxRps: 500, maxRequests: 1000, maxSeconds: 5 }));
    assert.equal(broken.stoppedBy, 'breaker');
    assert.ok(broken.sent <= 120, `${broken.sent} sent`);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('user stop')), 200);
    const aborted = await runLoad({ url: `${ok.server.url}/`, rate: 100, durationMs: 3000, connections: 2, signal: controller.signal }, new LoadBudget({ maxRps: 500, maxRequests: 1000, maxSeconds: 5 }));
    assert.deepEqual([aborted.stoppedBy, aborted.stopDetail], ['aborted', 'user stop']);
    assert.ok(aborted.sent < 40);
  });
});

describe('spike and burst against a server that collapses above 25 requests in a second', () => {
  let collapsing: Awaited<ReturnType<typeof countingServer>>;
  before(async () => {
    collapsing = await countingServer((_req, res) => {
      const now = performance.now();
      const lastSecond = collapsing.arrivals.filter((arrival) => now - arrival.at < 1000).length;
      if (lastSecond > 60) {
        res.statusCode = 502;
        return res.end('bad gateway');
      }
      setTimeout(() => res.end('ok'), lastSecond > 25 ? 900 : 1);
    });
  });
  after(() => collapsing.server.close());

  const system = () => makeSystem({ baseUrl: collapsing.server.url, healthPath: '/', expectedPeakRps: 10, sloMs: 400, allow: { load: { maxRps: 80, maxRequests: 400, maxSeconds: 5 } } });

  it('finds the multiple where the SLO breaks, within the caps', async () => {
    collapsing.arrivals.length = 0;
    const sys = system();
    const spike = await gatherWith(spikeGatherer, sys);
    assert.ok(spike.ran);
    assert.deepEqual(spike.steps.map((step) => step.multiple), [1, 2, 5]);
    assert.match(spike.skippedSteps[0]!.reason, /exceeds allow.load.maxRps 80/);
    const verdict = scalabilitySpike.judge({ spike }, sys, DEFAULT_SETTINGS);
    assert.equal(verdict.status, 'warn', verdict.summary);
    assert.match(verdict.summary, /at 5× \(50 rps\).*held at 2×/);
    assert.ok(collapsing.arrivals.length <= 400 && busiestSecond(collapsing.arrivals) <= 80 * 1.05 + 4);
    const timeouts = errorHandlingTimeouts.judge({ spike, http: await gatherWith(httpGatherer, sys) }, sys, DEFAULT_SETTINGS);
    assert.equal(timeouts.status, 'pass', timeouts.summary);
  });

  it('a server that queues or fails instead of answering 429 fails rate-limits.enforced', async () => {
    const sys = makeSystem({ baseUrl: collapsing.server.url, healthPath: '/', allow: { load: { maxRps: 80, maxRequests: 300, maxSeconds: 3 } } });
    const burst = await gatherWith(burstGatherer, sys);
    const verdict = rateLimitsEnforced.judge({ burst }, sys, DEFAULT_SETTINGS);
    assert.equal(verdict.status, 'fail', verdict.summary);
    assert.match(verdict.summary, /server errors|queues instead of being limited/);
  });

  it('skips without allow.load', async () => {
    const sys = makeSystem({ baseUrl: collapsing.server.url });
    assert.match(String(scalabilitySpike.appliesTo(sys)), /allow.load/);
    const spike = await gatherWith(spikeGatherer, sys);
    assert.equal(spike.ran, false);
  });
});
