import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../checks/contract.js';
import { errorHandlingTimeouts } from '../../checks/error-handling-timeouts.js';
import { rateLimitsEnforced } from '../../checks/rate-limits-enforced.js';
import { scalabilitySpike } from '../../checks/scalability-spike.js';
import { burstGatherer } from '../../src/gather/burst.js';
import { httpGatherer } from '../../src/gather/http.js';
import { spikeGatherer } from '../../src/gather/spike.js';
import { busiestSecond, countingServer, type CountingServer } from '../helpers/counting-server.js';
import { makeSystem } from '../helpers/estate.js';
import { gatherWith } from '../helpers/gather.js';
import { startHttpServer } from '../helpers/servers.js';
import { recordArtifact } from '../helpers/recorded.js';

describe('spike and burst against a server that collapses above 25 requests in a second', () => {
  let collapsing: CountingServer;
  beforeAll(async () => {
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
  afterAll(() => collapsing.server.close());

  const system = () =>
    makeSystem({
      baseUrl: collapsing.server.url,
      healthPath: '/',
      expectedPeakRps: 10,
      sloMs: 400,
      allow: { load: { maxRps: 80, maxRequests: 400, maxSeconds: 5 } },
    });

  it('finds the multiple where the SLO breaks, within the caps', async () => {
    collapsing.arrivals.length = 0;
    const sys = system();
    const spike = recordArtifact('spike', 'collapsing', await gatherWith(spikeGatherer, sys));
    assert.ok(spike.ran);
    assert.deepEqual(
      spike.steps.map((step) => step.multiple),
      [1, 2, 5],
    );
    assert.match(spike.skippedSteps[0].reason, /exceeds allow.load.maxRps 80/);
    const verdict = scalabilitySpike.judge({ spike }, sys, DEFAULT_SETTINGS);
    assert.equal(verdict.status, 'warn', verdict.summary);
    assert.match(verdict.summary, /at 5× \(50 rps\).*held at 2×/);
    assert.ok(collapsing.arrivals.length <= 400 && busiestSecond(collapsing.arrivals) <= 80 * 1.05 + 4);
    const timeouts = errorHandlingTimeouts.judge(
      { spike, http: recordArtifact('http', 'collapsing', await gatherWith(httpGatherer, sys)) },
      sys,
      DEFAULT_SETTINGS,
    );
    assert.equal(timeouts.status, 'pass', timeouts.summary);
  });

  it('a server that queues or fails instead of answering 429 fails rate-limits.enforced', async () => {
    const sys = makeSystem({
      baseUrl: collapsing.server.url,
      healthPath: '/',
      allow: { load: { maxRps: 80, maxRequests: 300, maxSeconds: 3 } },
    });
    const burst = await gatherWith(burstGatherer, sys);
    const verdict = rateLimitsEnforced.judge({ burst }, sys, DEFAULT_SETTINGS);
    assert.equal(verdict.status, 'fail', verdict.summary);
    assert.match(verdict.summary, /server errors|queues instead of being limited/);
  });

  it('fails a system that breaks at 2× its peak, and passes one that holds 10×', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1000)); // let the collapsing server's last second drain
    const fragile = makeSystem({
      baseUrl: collapsing.server.url,
      healthPath: '/',
      expectedPeakRps: 18,
      sloMs: 400,
      allow: { load: { maxRps: 40, maxRequests: 200, maxSeconds: 4 } },
    });
    const broken = scalabilitySpike.judge(
      { spike: await gatherWith(spikeGatherer, fragile) },
      fragile,
      DEFAULT_SETTINGS,
    );
    assert.equal(broken.status, 'fail', broken.summary);
    assert.match(broken.summary, /at 2× \(36 rps\)/);
    const healthy = await startHttpServer((_req, res) => res.end('ok'));
    try {
      const sturdy = makeSystem({
        baseUrl: healthy.url,
        healthPath: '/',
        expectedPeakRps: 5,
        sloMs: 400,
        allow: { load: { maxRps: 60, maxRequests: 200, maxSeconds: 2.5 } },
      });
      const held = scalabilitySpike.judge({ spike: await gatherWith(spikeGatherer, sturdy) }, sturdy, DEFAULT_SETTINGS);
      assert.equal(held.status, 'pass', held.summary);
      assert.match(held.summary, /up to 10× \(50 rps/);
    } finally {
      await healthy.close();
    }
  });

  it('skips without allow.load', async () => {
    const sys = makeSystem({ baseUrl: collapsing.server.url });
    assert.match(String(scalabilitySpike.appliesTo(sys)), /allow.load/);
    const spike = await gatherWith(spikeGatherer, sys);
    assert.equal(spike.ran, false);
  });
});
