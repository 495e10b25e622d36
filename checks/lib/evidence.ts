import type { HttpSample } from '../../src/model/artifacts/http.js';
import type { Evidence, HttpExchangeEvidence } from '../../src/model/finding.js';

/** A recorded sample as an HTTP exchange for the evidence list. */
export function exchangeEvidence(sample: HttpSample, title?: string): HttpExchangeEvidence {
  return {
    kind: 'http',
    title,
    request: { method: sample.method, url: sample.url, headers: sample.requestHeaders },
    response:
      sample.status === undefined
        ? undefined
        : { status: sample.status, headers: sample.headers ?? {}, bodyPreview: sample.bodyPreview },
    error: sample.error && `${sample.error.code}: ${sample.error.message}`,
  };
}

export function samplesTable(samples: readonly HttpSample[], title = 'Baseline requests'): Evidence {
  return {
    kind: 'table',
    title,
    columns: [
      { key: 'url', label: 'URL', type: 'url' },
      { key: 'status', label: 'Status', type: 'status' },
      { key: 'total', label: 'Total', type: 'ms' },
      { key: 'error', label: 'Error', type: 'text' },
    ],
    rows: samples.map((sample) => ({
      url: sample.url,
      status: sample.status ?? null,
      total: sample.timings ? Math.round(sample.timings.total * 10) / 10 : null,
      error: sample.error ? `${sample.error.code}: ${sample.error.message}` : null,
    })),
  };
}
