import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { spikeGatherer } from '../../src/gather/spike.js';
import { gatherFrom } from '../../src/gather/gatherer.js';
import type { LoadProgressPoint } from '../../src/model/load.js';
import { countingServer, type CountingServer } from '../helpers/counting-server.js';
import { makeSystem } from '../helpers/estate.js';
import { gatherContext } from '../helpers/gather.js';

// The figures the Audit page charts live, from a real spike against a real server that fails every fourth request.
describe('a spike reports each second of each step as it runs', () => {
  let service: CountingServer;
  beforeAll(async () => {
    service = await countingServer((_req, res, count) => {
      res.statusCode = count % 4 === 0 ? 500 : 200;
      setTimeout(() => res.end('ok'), 2);
    });
  });
  afterAll(() => service.server.close());

  it('gives rates over each tick’s real length, errors counted, on one clock across the steps', async () => {
    const system = makeSystem({
      baseUrl: service.server.url,
      healthPath: '/',
      expectedPeakRps: 4,
      allow: { load: { maxRps: 50, maxRequests: 400, maxSeconds: 20 } },
    });
    const points: LoadProgressPoint[] = [];
    const lines: string[] = [];
    const spike = await gatherFrom(spikeGatherer, {
      ...gatherContext(system),
      progress: (message, load) => {
        lines.push(message);
        if (load) points.push(load);
      },
    });
    assert.ok(spike.ran);
    const ticks = spike.steps.flatMap((step) => step.load.seconds.map((tick) => ({ step, tick })));
    assert.equal(points.length, ticks.length, 'one point per second the load generator measured');
    assert.ok(lines.length > points.length, 'the CLI still gets a line per step and per second');

    for (const step of spike.steps) {
      const length = step.load.seconds.reduce((sum, tick) => sum + tick.ms, 0);
      // each second as long as it lasted, contiguous, the last ending with the sending window (the last request's
      // slot), not with its last answer
      const window = (step.load.sent * 1000) / step.targetRps;
      assert.ok(
        Math.abs(length - window) <= 50 + step.load.seconds.length,
        `${step.multiple}×: ticks cover ${length} ms, ${step.load.sent} requests at ${step.targetRps} rps take ${window} ms`,
      );
    }
    points.forEach((point, index) => {
      const { step, tick } = ticks[index];
      assert.equal(point.step, `spike ${step.multiple}×`);
      assert.equal(point.targetRps, step.targetRps);
      assert.equal(point.sentPerSecond, Math.round((tick.sent / tick.ms) * 10_000) / 10);
      assert.equal(point.errorsPerSecond, Math.round(((tick.statuses['5xx'] ?? 0) / tick.ms) * 10_000) / 10);
      assert.equal(point.p99, tick.completed > 0 ? tick.p99 : null);
      if (index > 0) assert.ok(point.atMs > points[index - 1].atMs, 'one clock, forward');
    });
    // each step sends at its rate over its seconds as a whole, even where a stalled timer made it catch up
    for (const step of spike.steps) {
      const sent = step.load.seconds.reduce((sum, tick) => sum + tick.sent, 0);
      const length = step.load.seconds.reduce((sum, tick) => sum + tick.ms, 0);
      assert.equal(sent, step.load.sent, `${step.multiple}×: every request sent is in one of its seconds`);
      assert.ok(
        Math.abs((sent * 1000) / length - step.targetRps) <= step.targetRps * 0.2 + 1000 / length,
        `${step.multiple}×: ${sent} requests over ${length} ms at ${step.targetRps} rps`,
      );
    }
    // every second runs at its step's rate, within one request over the second's length (a step's last is short),
    // where each request left on time: a late timer (a loaded machine) sends the overdue ones together, as an open
    // loop must, and that second's rate then says so
    points.forEach((point, index) => {
      const { step, tick } = ticks[index];
      if (step.load.notSentOnTime > 0) return;
      // one request more or less, and the 0.1 the figure is rounded to
      const slack = Math.max(point.targetRps! * 0.2, 1000 / tick.ms) + 0.05;
      assert.ok(
        Math.abs(point.sentPerSecond - point.targetRps!) <= slack,
        `${point.step} at ${point.atMs} ms: ${point.sentPerSecond}/s over ${tick.ms} ms`,
      );
    });
    const tenfold = points.filter((point) => point.step === 'spike 10×');
    assert.ok(
      tenfold.some((point) => point.errorsPerSecond >= 5),
      'a quarter of 40 rps fails: the 10× step shows ~10 errors a second',
    );
    const loaded = spike.steps.reduce((sum, step) => sum + step.load.durationMs, 0);
    assert.ok(points.at(-1)!.atMs >= loaded, `the clock spans the four steps' ${loaded} ms`);
  });
});
