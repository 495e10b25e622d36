/**
 * rate-limits.advertised, rate-limits.enforced, error-handling.timeouts, error-handling.retry-signals and
 * documentation.conformance judged on artifacts their gatherers recorded against real servers (nginx limit_req,
 * express-rate-limit, Node servers that shed, fail, queue, hang or refuse, Prism): test/fixtures/artifacts, written by
 * the integration tests named in each file's `recordedBy` (see test/helpers/recorded.ts). Every verdict a check can
 * give is reached, with the reason and the evidence it shows.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../checks/contract.js';
import { documentationConformance } from '../../checks/documentation-conformance.js';
import { errorHandlingRetrySignals } from '../../checks/error-handling-retry-signals.js';
import { errorHandlingTimeouts } from '../../checks/error-handling-timeouts.js';
import { rateLimitsAdvertised } from '../../checks/rate-limits-advertised.js';
import { rateLimitsEnforced } from '../../checks/rate-limits-enforced.js';
import type { Evidence, Verdict } from '../../src/model/finding.js';
import { makeSystem } from '../helpers/estate.js';
import { recordedArtifact } from '../helpers/recorded.js';

const LOAD = { maxRps: 100, maxRequests: 300, maxSeconds: 3 };
const system = (fields: Parameters<typeof makeSystem>[0] extends infer F ? Omit<F & object, 'baseUrl'> : never = {}) =>
  makeSystem({ baseUrl: 'http://127.0.0.1:8080', allow: { load: LOAD }, ...fields });

const titles = (verdict: Verdict) => verdict.evidence.map((evidence) => evidence.title ?? evidence.kind);
const titled = (verdict: Verdict, title: string): Evidence => {
  const found = verdict.evidence.find((evidence) => evidence.title === title);
  assert.ok(found, `no "${title}" evidence; got ${titles(verdict).join(', ')}`);
  return found;
};
const listItems = (evidence: Evidence) => {
  assert.equal(evidence.kind, 'list');
  return Object.fromEntries(evidence.items.map((item) => [item.label, item.value]));
};
const rows = (evidence: Evidence) => {
  assert.equal(evidence.kind, 'table');
  return evidence.rows;
};
const exchange = (evidence: Evidence) => {
  assert.equal(evidence.kind, 'http');
  return evidence;
};

describe('rate-limits.advertised on recorded baselines', () => {
  const judge = (name: string, expectedPeakRps?: number) =>
    rateLimitsAdvertised.judge({ http: recordedArtifact('http', name) }, system({ expectedPeakRps }), DEFAULT_SETTINGS);

  it("express-rate-limit's draft-8 headers: 40 per 1 s judged against the expected peak", () => {
    const pass = judge('express-draft8', 4);
    assert.equal(pass.status, 'pass', pass.summary);
    assert.equal(pass.summary, 'Quota 40 per 1 s (40 rps, ietf "40-in-1sec") is 10× the expected peak of 4 rps');
    assert.deepEqual(listItems(titled(pass, 'Headroom')), {
      'Tightest quota (rps)': 40,
      'Expected peak (rps)': 4,
      Headroom: '10×',
    });
    const [limit] = rows(titled(pass, 'Announced limits'));
    assert.deepEqual(
      [limit.scheme, limit.policy, limit.limit, limit.window, limit.rps],
      ['ietf', '40-in-1sec', 40, 1, 40],
    );
    assert.equal(exchange(titled(pass, 'Baseline response')).response?.status, 200);

    const warn = judge('express-draft8', 10);
    assert.equal(warn.status, 'warn');
    assert.match(warn.summary, /covers 2× but not 10× the expected peak of 10 rps/);
    const fail = judge('express-draft8', 25);
    assert.equal(fail.status, 'fail');
    assert.match(fail.summary, /is under 2× the expected peak of 25 rps/);
    assert.ok(fail.remediation);
    const unknown = judge('express-draft8');
    assert.equal(unknown.status, 'warn');
    assert.match(unknown.summary, /expectedPeakRps is not set, so the headroom is unknown/);
    assert.deepEqual(titles(unknown), ['Announced limits', 'Baseline response']);
  });

  it('legacy X-RateLimit-* without a window, nginx announcing nothing, and a refused port', () => {
    const legacy = judge('express-legacy', 5);
    assert.equal(legacy.status, 'warn');
    assert.equal(legacy.summary, 'Quota of 1000 announced (x-ratelimit) without its window: headroom unknown');
    assert.deepEqual(
      rows(titled(legacy, 'Announced limits')).map((row) => [row.scheme, row.limit, row.window, row.rps]),
      [['x-ratelimit', 1000, null, null]],
    );
    const silent = judge('nginx-no-limit-headers', 5);
    assert.equal(silent.status, 'warn');
    assert.match(silent.summary, /^No rate limit is announced in the response headers/);
    assert.deepEqual(titles(silent), ['Baseline response']);
    const refused = judge('refused', 5);
    assert.equal(refused.status, 'error');
    assert.equal(refused.summary, 'The system did not answer: no headers to read');
    assert.match(exchange(refused.evidence[0]).error ?? '', /^connection-refused/);
  });
});

describe('rate-limits.enforced on recorded bursts', () => {
  const judge = (name: string) =>
    rateLimitsEnforced.judge({ burst: recordedArtifact('burst', name) }, system(), DEFAULT_SETTINGS);

  it('nginx limit_req and express-rate-limit answer 429 with Retry-After and recover: pass', () => {
    for (const name of ['nginx-limit-req', 'express-draft8']) {
      const verdict = judge(name);
      assert.equal(verdict.status, 'pass', `${name}: ${verdict.summary}`);
      assert.match(
        verdict.summary,
        /^limited from request #\d+ \(\d+ ms into the burst\) with 429 and Retry-After 1 s/,
      );
      const burst = listItems(titled(verdict, 'Burst'));
      assert.match(String(burst['Limited from request']), /^#\d+ at \d+ ms \(429\)$/);
      assert.equal(burst['Without Retry-After'], 0);
      const limited = rows(titled(verdict, 'First limited answers'));
      assert.ok(limited.length > 0 && limited.every((row) => row.status === 429 && row.retryAfter === '1'));
      assert.equal(exchange(titled(verdict, 'After Retry-After')).response?.status, 200);
      assert.equal(titled(verdict, 'Burst load').kind, 'table');
    }
    assert.match(
      String(listItems(titled(judge('express-draft8'), 'Burst'))['Announced quota']),
      /^40 per 1 s \(ietf\)$/,
    );
  });

  it('a quota announced but not enforced, overload answered with 500, and a queue instead of a limit: fail', () => {
    const unenforced = judge('announced-not-enforced');
    assert.equal(unenforced.status, 'fail');
    assert.match(
      unenforced.summary,
      /^\d+ requests were accepted in \d+ ms although the announced quota allows at most \d+/,
    );
    assert.equal(listItems(titled(unenforced, 'Burst'))['Limited from request'], 'never');
    const overload = judge('overload-500');
    assert.equal(overload.status, 'fail');
    assert.match(overload.summary, /^The burst got \d+ server errors or failed connections, and no 429/);
    const queued = judge('queueing');
    assert.equal(queued.status, 'fail');
    assert.match(queued.summary, /^No 429 under the burst, but p99 rose to \d+(\.\d+)? ms/);
    for (const verdict of [unenforced, overload, queued]) assert.ok(verdict.remediation && verdict.references);
  });

  it('a bare 503 without Retry-After warns; no limit within the caps warns', () => {
    const shed = judge('shed-503');
    assert.equal(shed.status, 'warn');
    assert.match(
      shed.summary,
      /limited with 503 \(\d+×\) rather than 429; (\d+) of \1 limited answers carry no Retry-After/,
    );
    assert.ok(
      rows(titled(shed, 'First limited answers')).every((row) => row.status === 503 && row.retryAfter === null),
    );
    const unlimited = judge('unlimited');
    assert.equal(unlimited.status, 'warn');
    assert.match(
      unlimited.summary,
      /^No limit was reached within the caps \(\d+ requests to http:\/\/127\.0\.0\.1:\d+\/health/,
    );
    assert.equal(listItems(titled(unlimited, 'Burst'))['Recovery'], 'not needed');
  });

  it('a target that only answers 404, or nothing answering: error; no allow.load: skip', () => {
    const missing = judge('nginx-404');
    assert.equal(missing.status, 'error');
    assert.match(missing.summary, /answered 4xx: \d+, never a success/);
    const refused = judge('refused');
    assert.equal(refused.status, 'error');
    assert.match(
      refused.summary,
      /^The system did not answer the burst \(network errors: \d+; before it: connection-refused/,
    );
    const skipped = judge('post-not-allowed');
    assert.deepEqual([skipped.status, skipped.evidence], ['skip', []]);
    assert.match(skipped.summary, /allow\.load is absent/);
  });
});

describe('error-handling.timeouts on recorded baselines and spikes', () => {
  const judge = (name: string, fields = {}, settings = DEFAULT_SETTINGS, spike = name) =>
    errorHandlingTimeouts.judge(
      { http: recordedArtifact('http', name), spike: recordedArtifact('spike', spike) },
      system(fields),
      settings,
    );

  it('p99 of the 1× spike step within the SLO with connections kept alive: pass', () => {
    const verdict = judge('collapsing', { sloMs: 400 });
    assert.equal(verdict.status, 'pass', verdict.summary);
    assert.match(verdict.summary, /^p99 \d+(\.\d+)? ms within the 400 ms budget; connections kept alive$/);
    const latency = listItems(titled(verdict, 'Latency under normal load'));
    assert.match(String(latency.Source), /^\d+ requests at 10 rps \(1× expected peak\)$/);
    assert.equal(latency['SLO (ms)'], 400);
    assert.equal(titled(verdict, 'Normal load').kind, 'table');
  });

  it('the baseline alone (no load allowed): a fast one passes, a slow one warns or fails by the settings', () => {
    // the spike that did not run is the one recorded beside the slow baseline: load was not allowed there either
    const fast = judge('nginx-limit-req', {}, DEFAULT_SETTINGS, 'slow-250ms');
    assert.equal(fast.status, 'pass', fast.summary);
    assert.equal(
      listItems(titled(fast, 'Latency under normal load'))['Connections opened / pool size'],
      'not measured (no load allowed)',
    );
    const slow = judge('slow-250ms', { sloMs: 100 });
    assert.equal(slow.status, 'warn');
    assert.match(slow.summary, /exceeds the 100 ms SLO \(slowest phase: first-byte\)$/);
    assert.ok(rows(titled(slow, 'Slow or hanging exchanges')).every((row) => row.phase === 'first-byte'));
    const tooSlow = judge('slow-250ms', {}, { ...DEFAULT_SETTINGS, latencyFailMs: 200 });
    assert.equal(tooSlow.status, 'fail');
    assert.match(tooSlow.summary, /under normal load exceeds 200 ms: no room for a retry/);
  });

  it('connections not kept alive warn; hanging requests fail; nothing answered is an error', () => {
    const closing = judge('connection-close', { sloMs: 400 });
    assert.equal(closing.status, 'warn', closing.summary);
    assert.match(
      closing.summary,
      /^\d+ connections opened for a pool of \d+: the server does not keep connections alive/,
    );
    const hanging = judge('hanging');
    assert.equal(hanging.status, 'fail');
    assert.match(hanging.summary, /^\d request\(s\) hung: timeout-first-byte in first-byte$/);
    assert.ok(
      rows(titled(hanging, 'Slow or hanging exchanges')).every((row) => /^timeout-first-byte/.test(String(row.error))),
    );
    const refused = judge('refused');
    assert.equal(refused.status, 'error');
    assert.match(
      refused.summary,
      /^No request was answered with success, so latency is unknown: the baseline got connection-refused ×\d/,
    );
  });
});

describe('error-handling.retry-signals on recorded runs', () => {
  const judge = (name: string, spec?: string) =>
    errorHandlingRetrySignals.judge(
      {
        retry: recordedArtifact('retry', name),
        burst: recordedArtifact('burst', name),
        http: recordedArtifact('http', name),
        spec: recordedArtifact('spec', name),
      },
      system({ spec }),
      DEFAULT_SETTINGS,
    );

  it('nginx: problem+json errors and 429 with Retry-After pass; an API that honours Idempotency-Key passes', () => {
    const nginx = judge('nginx-limit-req');
    assert.equal(nginx.status, 'pass', nginx.summary);
    assert.match(
      nginx.summary,
      /^errors are problem\+json; 429\/503 answers carry Retry-After; idempotency not replayed: no spec/,
    );
    assert.equal(exchange(titled(nginx, 'Request for a missing resource')).response?.status, 404);
    assert.ok(rows(titled(nginx, 'Limited answers during the burst')).every((row) => row.retryAfter === '1'));
    const honoured = judge('idempotency-honoured', 'orders.yaml');
    assert.equal(honoured.status, 'pass', honoured.summary);
    assert.equal(
      honoured.summary,
      'errors are problem+json; a replay with the same key returns the same result; a retry in flight answers 409',
    );
    assert.deepEqual(
      ['Same key, same payload', 'Same key, another payload', 'No key'].map(
        (title) => exchange(titled(honoured, title)).response?.status,
      ),
      [201, 422, 400],
    );
    const notAllowed = judge('post-not-allowed', 'orders.yaml');
    assert.equal(notAllowed.status, 'pass');
    assert.match(notAllowed.summary, /idempotency not replayed: POST not allowed/);
  });

  it('a duplicate on replay and a leaked stack trace fail; a bare 503 and HTML errors warn', () => {
    const ignored = judge('idempotency-ignored', 'orders.yaml');
    assert.equal(ignored.status, 'fail');
    assert.match(
      ignored.summary,
      /a retry creates a duplicate.*another payload answered 201, not 422.*two concurrent attempts/,
    );
    assert.notEqual(
      exchange(titled(ignored, 'Same key, same payload')).response?.bodyPreview,
      exchange(titled(ignored, 'POST /orders with an Idempotency-Key')).response?.bodyPreview,
    );
    const leak = judge('stack-trace');
    assert.equal(leak.status, 'fail');
    assert.match(
      leak.summary,
      /^500 answer to http:\/\/127\.0\.0\.1:\d+\/junction-missing-\w+ leaks a Node\.js stack trace/,
    );
    const shed = judge('shed-503');
    assert.equal(shed.status, 'warn');
    assert.match(
      shed.summary,
      /error bodies are not machine-readable \(503 as text\/html\); (\d+) of \1 429\/503 answers carry no Retry-After/,
    );
  });

  it('a limit the spec does not document, HTML errors, and a 200 for a missing resource warn', () => {
    const undocumented = judge('express-undocumented-429', 'openapi.yaml');
    assert.equal(undocumented.status, 'warn');
    assert.match(undocumented.summary, /error bodies are not machine-readable \(404 as text\/html[^)]*\)/);
    assert.match(undocumented.summary, /the system limits traffic but its spec documents no 429 or 503 answer/);
    assert.ok(rows(titled(undocumented, 'Limited answers during the burst')).every((row) => row.status === 429));
    // the same artifacts without a spec declared: nothing to document, so only the HTML errors are left
    const specless = judge('express-undocumented-429');
    assert.doesNotMatch(specless.summary, /documents no 429/);
    const catchAll = judge('catch-all-200');
    assert.equal(catchAll.status, 'warn');
    assert.match(
      catchAll.summary,
      /^a request for a missing resource \(http:\/\/127\.0\.0\.1:\d+\/junction-missing-\w+\) answered 200: clients cannot tell a miss from a hit/,
    );
  });

  it('nothing answered: no error answer to judge', () => {
    const refused = errorHandlingRetrySignals.judge(
      {
        retry: recordedArtifact('retry', 'refused'),
        burst: recordedArtifact('burst', 'refused'),
        http: recordedArtifact('http', 'refused'),
        spec: recordedArtifact('spec', 'stack-trace'),
      },
      system(),
      DEFAULT_SETTINGS,
    );
    assert.equal(refused.status, 'error');
    assert.match(
      refused.summary,
      /^No error answer to judge: the request for a missing resource got connection-refused/,
    );
  });
});

describe('documentation.conformance on recorded calls', () => {
  const judge = (name: string, narrow?: (path: string) => boolean) => {
    const conformance = recordedArtifact('conformance', name);
    if (narrow) conformance.calls = conformance.calls.filter((call) => narrow(call.path));
    return documentationConformance.judge({ conformance }, system({ spec: 'openapi.yaml' }), DEFAULT_SETTINGS);
  };

  it('Prism serving the petstore conforms: pass, with what was not called and why', () => {
    const verdict = judge('prism-petstore');
    assert.equal(verdict.status, 'pass');
    assert.equal(verdict.summary, '1 operation called; every answer matches the spec');
    assert.deepEqual(rows(titled(verdict, 'Operations called')), [
      { operation: 'GET /pets', status: 200, documented: '200', result: 'conforms' },
    ]);
    assert.match(String(listItems(titled(verdict, 'Not called'))['GET /pets/{id}']), /has no example/);
  });

  it('a server that breaks its spec fails with each deviation; header and media-type deviations alone warn', () => {
    const verdict = judge('breaks-its-spec');
    assert.equal(verdict.status, 'fail');
    assert.equal(verdict.summary, '5 of 7 operations deviate from the spec; first: GET /boom: answered 500');
    const results = Object.fromEntries(
      rows(titled(verdict, 'Operations called')).map((row) => [row.operation, row.result]),
    );
    assert.equal(results['GET /ok'], 'conforms');
    assert.match(String(results['GET /bad-body']), /^body-invalid/);
    assert.deepEqual(Object.keys(listItems(titled(verdict, 'Schema errors: GET /bad-body'))).sort(), [
      '/',
      '/id',
      '/tags/1',
    ]);
    // the three exchanges shown are the first three deviating calls
    assert.deepEqual(
      verdict.evidence.filter((evidence) => evidence.kind === 'http').map((evidence) => evidence.title),
      ['GET /boom', 'GET /accepted', 'GET /html'],
    );
    const headersOnly = judge('breaks-its-spec', (path) => path === '/html' || path === '/no-header');
    assert.equal(headersOnly.status, 'warn', headersOnly.summary);
    assert.match(headersOnly.summary, /^2 of 2 operations deviate from the spec; first: GET \/html/);
  });

  it('nothing safe to call warns; nothing answering is an error', () => {
    const uncalled = judge('writes-only');
    assert.equal(uncalled.status, 'warn');
    assert.equal(uncalled.summary, 'No operation could be called safely (1 skipped): conformance is unknown');
    assert.deepEqual(listItems(titled(uncalled, 'Not called')), {
      'POST /items': 'POST is not allowed (allow.methods)',
    });
    const refused = judge('refused');
    assert.equal(refused.status, 'error');
    assert.match(refused.summary, /^None of the 7 operations called answered \(first: GET \/ok: connection-refused/);
  });
});
