import type { HttpSample } from '../../src/model/artifacts/http.js';

/**
 * What counts as an answer that proves something: a 2xx or 3xx. A 404 proves the host is there, not that the API
 * works; a 401 proves a gateway, not the operation behind it. A check that judged only other answers says what it
 * was answered, and does not pass.
 */
export const isSuccess = (status: number | undefined): boolean => status !== undefined && status >= 200 && status < 400;

/** The baseline requests that were answered with success. */
export const successes = (samples: readonly HttpSample[]): HttpSample[] =>
  samples.filter((sample) => isSuccess(sample.status));

/** What a list of exchanges got, counted: "404 ×5", "connection-refused ×2, 200 ×3". */
export function answersText(samples: readonly HttpSample[]): string {
  const counts = new Map<string, number>();
  for (const sample of samples) {
    const key = sample.status !== undefined ? String(sample.status) : (sample.error?.code ?? 'no answer');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, count]) => `${key} ×${count}`).join(', ') || 'nothing';
}

/** Why a request failed or what it was answered, for a summary: "404", "connection-refused (connect ECONNREFUSED …)". */
export const outcomeText = (sample: HttpSample): string =>
  sample.status !== undefined
    ? String(sample.status)
    : sample.error
      ? `${sample.error.code} (${sample.error.message})`
      : 'no answer';
