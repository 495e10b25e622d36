import { httpRequest } from '../probe/http.js';

const MAX_BYTES = 256 * 1024 * 1024;

/** One JSON exchange with a log endpoint (Loki, Elasticsearch); a non-2xx answer is an error naming the endpoint. */
export async function exchangeJson(
  method: string,
  url: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<unknown> {
  const response = await httpRequest({
    method,
    url,
    headers:
      body === undefined
        ? { accept: 'application/json' }
        : { accept: 'application/json', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    maxBytes: MAX_BYTES,
    timeouts: { firstByte: 30_000, total: 120_000 },
    signal,
  });
  const text = response.body.toString('utf8');
  if (response.status < 200 || response.status >= 300) {
    throw new Error(`${method} ${new URL(url).pathname} answered ${response.status}: ${text.slice(0, 200)}`);
  }
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}
