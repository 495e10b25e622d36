import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../checks/contract.js';
import { monitoringLatency } from '../../checks/monitoring-latency.js';
import { hstsMaxAge } from '../../checks/lib/hsts.js';
import { securityHttps } from '../../checks/security-https.js';
import type { HttpArtifact, HttpSample } from '../../src/model/artifacts/http.js';
import { makeSystem } from '../helpers/estate.js';

const system = makeSystem({ baseUrl: 'https://api.example' });

function ok(total: number, headers: Record<string, string> = {}): HttpSample {
  return {
    method: 'GET',
    url: 'https://api.example/',
    requestHeaders: {},
    status: 200,
    headers,
    timings: { dns: 0, connect: total * 0.1, tls: total * 0.2, firstByte: total * 0.6, download: total * 0.1, total },
  };
}
const refused: HttpSample = {
  method: 'GET',
  url: 'http://api.example/',
  requestHeaders: {},
  error: { code: 'connection-refused', message: 'refused', phase: 'connect' },
};
const redirect: HttpSample = {
  method: 'GET',
  url: 'http://api.example/',
  requestHeaders: {},
  status: 301,
  headers: { location: 'https://api.example/' },
  timings: ok(1).timings,
};
const servesPlain: HttpSample = {
  method: 'GET',
  url: 'http://api.example/',
  requestHeaders: {},
  status: 200,
  headers: {},
  timings: ok(1).timings,
};

const artifact = (samples: HttpSample[], plain: HttpArtifact['plain'], secure = true): HttpArtifact => ({
  baseUrl: 'https://api.example',
  secure,
  samples,
  plain,
});
const HSTS_YEAR = { 'strict-transport-security': 'max-age=31536000; includeSubDomains' };

describe('security.https', () => {
  it('passes HTTPS with a redirecting plain port and a year of HSTS', () => {
    const verdict = securityHttps.judge(
      { http: artifact([ok(10, HSTS_YEAR)], { url: 'http://api.example/', sample: redirect }) },
      system,
      DEFAULT_SETTINGS,
    );
    assert.equal(verdict.status, 'pass');
  });
  it('accepts a closed plain port as well as a redirect', () => {
    const verdict = securityHttps.judge(
      { http: artifact([ok(10, HSTS_YEAR)], { url: 'http://api.example/', sample: refused }) },
      system,
      DEFAULT_SETTINGS,
    );
    assert.equal(verdict.status, 'pass');
  });
  it('fails when plain HTTP serves content', () => {
    const verdict = securityHttps.judge(
      { http: artifact([ok(10, HSTS_YEAR)], { url: 'http://api.example/', sample: servesPlain }) },
      system,
      DEFAULT_SETTINGS,
    );
    assert.equal(verdict.status, 'fail');
    assert.match(verdict.summary, /plain HTTP serves content/);
  });
  it('warns on a short HSTS max-age and fails without HSTS', () => {
    const short = securityHttps.judge(
      {
        http: artifact([ok(10, { 'strict-transport-security': 'max-age=600' })], {
          url: 'http://x/',
          sample: redirect,
        }),
      },
      system,
      DEFAULT_SETTINGS,
    );
    assert.equal(short.status, 'warn');
    const none = securityHttps.judge(
      { http: artifact([ok(10)], { url: 'http://x/', sample: redirect }) },
      system,
      DEFAULT_SETTINGS,
    );
    assert.equal(none.status, 'fail');
  });
  it('fails an API served over plain HTTP', () => {
    const verdict = securityHttps.judge(
      { http: artifact([servesPlain], { url: 'http://api.example/', sample: servesPlain }, false) },
      system,
      DEFAULT_SETTINGS,
    );
    assert.equal(verdict.status, 'fail');
  });
  it('is an error, not a pass, when HTTPS never answered', () => {
    const verdict = securityHttps.judge({ http: artifact([refused], { reason: 'n/a' }) }, system, DEFAULT_SETTINGS);
    assert.equal(verdict.status, 'error');
  });
  it('parses HSTS max-age strictly', () => {
    assert.equal(hstsMaxAge('max-age=31536000; includeSubDomains'), 31536000);
    assert.equal(hstsMaxAge('includeSubDomains; max-age="100"'), 100);
    assert.equal(hstsMaxAge('max-age=abc'), undefined);
    assert.equal(hstsMaxAge(undefined), undefined);
  });
});

describe('monitoring.latency', () => {
  const plain = { reason: 'n/a' } as const;
  it('passes fast answers and reports per-phase percentiles', () => {
    const verdict = monitoringLatency.judge(
      { http: artifact([ok(10), ok(12), ok(14), ok(16), ok(100)], plain) },
      system,
      DEFAULT_SETTINGS,
    );
    assert.equal(verdict.status, 'pass');
    const table = verdict.evidence[0];
    assert.equal(table.kind, 'table');
    const total = table.kind === 'table' ? table.rows.find((row) => row.phase === 'Total') : undefined;
    assert.deepEqual(total, { phase: 'Total', p50: 14, p95: 100 });
  });
  it('warns above the warn threshold or the system SLO, fails above the fail threshold', () => {
    assert.equal(
      monitoringLatency.judge({ http: artifact([ok(900)], plain) }, system, DEFAULT_SETTINGS).status,
      'warn',
    );
    assert.equal(
      monitoringLatency.judge({ http: artifact([ok(5000)], plain) }, system, DEFAULT_SETTINGS).status,
      'fail',
    );
    const strict = makeSystem({ baseUrl: 'https://api.example', sloMs: 50 });
    assert.equal(
      monitoringLatency.judge({ http: artifact([ok(100)], plain) }, strict, DEFAULT_SETTINGS).status,
      'warn',
    );
  });
  it('fails an unreachable system and warns on partial failures', () => {
    const down = monitoringLatency.judge({ http: artifact([refused, refused], plain) }, system, DEFAULT_SETTINGS);
    assert.equal(down.status, 'fail');
    assert.match(down.summary, /connection-refused/);
    assert.equal(
      monitoringLatency.judge({ http: artifact([ok(10), refused], plain) }, system, DEFAULT_SETTINGS).status,
      'warn',
    );
  });
});
