import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { cachingHttp } from '../../checks/caching-http.js';
import { DEFAULT_SETTINGS } from '../../checks/contract.js';
import { leakedStackTrace } from '../../checks/lib/stack-trace.js';
import { scalabilitySpike } from '../../checks/scalability-spike.js';
import type { HttpSample } from '../../src/model/artifacts/http.js';
import type { SpikeArtifact, SpikeStep } from '../../src/model/artifacts/resilience.js';
import type { LatencySummary, LoadResult } from '../../src/model/load.js';
import { makeSystem } from '../helpers/estate.js';

const system = makeSystem({
  baseUrl: 'https://api.example.test',
  expectedPeakRps: 10,
  sloMs: 300,
  allow: { load: { maxRps: 100, maxRequests: 2000, maxSeconds: 20 } },
});

const latency = (p99: number): LatencySummary => ({
  count: 100,
  mean: p99 / 3,
  p50: p99 / 4,
  p90: p99 / 2,
  p95: p99 / 1.5,
  p99,
  p999: p99,
  max: p99,
});

function step(multiple: number, p99: number, failed = 0): SpikeStep {
  const load: LoadResult = {
    url: 'https://api.example.test/',
    targetRps: multiple * 10,
    connections: 4,
    durationMs: 1500,
    sent: 100,
    completed: 100,
    errors: 0,
    statuses: { '2xx': 100 - failed, ...(failed ? { '5xx': failed } : {}) },
    achievedRps: multiple * 10,
    notSentOnTime: 0,
    unsent: 0,
    serviceLatency: latency(p99),
    correctedLatency: latency(p99),
    connectionsOpened: 4,
    stoppedBy: 'duration',
    seconds: [],
  };
  return { multiple, targetRps: multiple * 10, load };
}

const spike = (
  steps: SpikeStep[],
  skipped: SpikeArtifact extends infer T ? (T extends { skippedSteps: infer S } ? S : never) : never = [],
): SpikeArtifact => ({
  ran: true,
  url: 'https://api.example.test/',
  peakRps: 10,
  peakSource: 'expectedPeakRps',
  steps,
  skippedSteps: skipped,
});

describe('scalability.spike verdicts', () => {
  it('passes when every step up to 10× meets the SLO', () => {
    const verdict = scalabilitySpike.judge(
      { spike: spike([step(1, 20), step(2, 25), step(5, 40), step(10, 120)]) },
      system,
      DEFAULT_SETTINGS,
    );
    assert.equal(verdict.status, 'pass');
  });
  it('warns when it breaks at 5× and fails when it breaks by 2×', () => {
    const at5 = scalabilitySpike.judge(
      { spike: spike([step(1, 20), step(2, 25), step(5, 400)]) },
      system,
      DEFAULT_SETTINGS,
    );
    assert.equal(at5.status, 'warn');
    assert.match(at5.summary, /at 5× \(50 rps\): p99 400 ms > 300 ms; held at 2×/);
    const at2 = scalabilitySpike.judge({ spike: spike([step(1, 20), step(2, 30, 5)]) }, system, DEFAULT_SETTINGS);
    assert.equal(at2.status, 'fail');
    assert.match(at2.summary, /5% of answers failed or were no success \(2xx: 95, 5xx: 5\)/);
  });
  it('warns when the caps stop it before 10×, and skips when load did not run', () => {
    const capped = scalabilitySpike.judge(
      { spike: spike([step(1, 20), step(2, 25)], [{ multiple: 5, reason: '50 rps exceeds allow.load.maxRps 30' }]) },
      system,
      DEFAULT_SETTINGS,
    );
    assert.equal(capped.status, 'warn');
    assert.match(capped.summary, /up to 2×.*maxRps 30/);
    assert.equal(
      scalabilitySpike.judge({ spike: { ran: false, reason: 'budget spent' } }, system, DEFAULT_SETTINGS).status,
      'skip',
    );
  });
});

describe('caching.http verdicts', () => {
  const sample = (status: number, headers: Record<string, string>): HttpSample => ({
    method: 'GET',
    url: 'https://api.example.test/',
    requestHeaders: {},
    status,
    headers,
  });
  const judge = (first: HttpSample, conditional?: HttpSample) =>
    cachingHttp.judge({ caching: { probes: [{ url: first.url, first, conditional }] } }, system, DEFAULT_SETTINGS);
  it('fails without Cache-Control or validator, warns when 304 is not honoured, passes no-store', () => {
    assert.equal(judge(sample(200, {})).status, 'fail');
    const ignored = judge(sample(200, { 'cache-control': 'max-age=60', etag: '"a"' }), sample(200, { etag: '"a"' }));
    assert.equal(ignored.status, 'warn');
    assert.match(ignored.summary, /answered 200, not 304/);
    assert.equal(judge(sample(200, { 'cache-control': 'private, no-store' })).status, 'pass');
  });
});

describe('leakedStackTrace', () => {
  it('recognises common runtimes and leaves ordinary errors alone', () => {
    assert.equal(leakedStackTrace('Error: boom\n    at handler (/srv/app.js:10:5)'), 'Node.js');
    assert.equal(leakedStackTrace('Traceback (most recent call last):\n  File "app.py", line 3'), 'Python');
    assert.equal(leakedStackTrace('java.lang.NullPointerException\n\tat com.acme.Orders.get(Orders.java:42)'), 'Java');
    assert.equal(
      leakedStackTrace('Fatal error: Uncaught Exception\nStack trace:\n#0 /var/www/index.php(3): main()'),
      'PHP',
    );
    assert.equal(leakedStackTrace("app/models/order.rb:12:in `find'"), 'Ruby');
    assert.equal(leakedStackTrace('goroutine 1 [running]:\nmain.main()'), 'Go');
    assert.equal(leakedStackTrace('{"type":"about:blank","title":"Not Found","status":404}'), undefined);
    assert.equal(leakedStackTrace('We are at lunch (back at 1:30)'), undefined);
  });
});
