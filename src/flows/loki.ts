import { z } from 'zod';
import { exchangeJson } from './http-json.js';

/** The newest entry read (nanoseconds, as text) and the lines at exactly that instant, to skip on the next page. */
export interface LokiCursor {
  ns: string;
  seen: string[];
}

const queryRangeSchema = z.object({
  status: z.literal('success'),
  data: z.object({
    resultType: z.literal('streams'),
    result: z.array(
      z.object({
        stream: z.record(z.string(), z.string()).optional(),
        values: z.array(z.tuple([z.string(), z.string()])),
      }),
    ),
  }),
});

export interface LokiQuery {
  url: string;
  query: string;
  pageSize: number;
  /** where the first import starts, epoch ms */
  since: number;
  /** the end of the range, epoch ms */
  until: number;
}

/**
 * Pages through Loki's `query_range` (direction=forward) from the cursor on. Loki pages by time: the next page
 * starts at the last timestamp read, and entries already seen at that exact nanosecond are skipped.
 */
export async function* readLoki(
  query: LokiQuery,
  cursor: LokiCursor | undefined,
): AsyncGenerator<{ lines: string[]; cursor: LokiCursor }> {
  let start = cursor ? BigInt(cursor.ns) : BigInt(query.since) * 1_000_000n;
  let seen = new Set(cursor?.seen ?? []);
  const end = BigInt(query.until) * 1_000_000n;
  for (;;) {
    const params = new URLSearchParams({
      query: query.query,
      start: String(start),
      end: String(end),
      limit: String(query.pageSize),
      direction: 'forward',
    });
    const body = queryRangeSchema.parse(
      await exchangeJson('GET', `${query.url.replace(/\/$/, '')}/loki/api/v1/query_range?${params.toString()}`),
    );
    const entries = body.data.result
      .flatMap((stream) => stream.values)
      .sort((a, b) => (BigInt(a[0]) < BigInt(b[0]) ? -1 : BigInt(a[0]) > BigInt(b[0]) ? 1 : 0));
    const fresh = entries.filter(([ns, line]) => !(BigInt(ns) === start && seen.has(line)));
    if (entries.length === 0) return;
    const last = BigInt(entries[entries.length - 1][0]);
    const atLast = entries.filter(([ns]) => BigInt(ns) === last).map(([, line]) => line);
    seen = last === start ? new Set([...seen, ...atLast]) : new Set(atLast);
    const next = { ns: String(last), seen: [...seen] };
    yield { lines: fresh.map(([, line]) => line), cursor: next };
    if (entries.length < query.pageSize) return;
    // A whole page at one instant: step past it rather than loop forever.
    start = fresh.length === 0 ? last + 1n : last;
  }
}
