import { z } from 'zod';
import { exchangeJson } from './http-json.js';

/** The newest time read (as Elasticsearch sorts it) and the ids at exactly that time. */
export interface ElasticCursor {
  time: number;
  ids: string[];
}

const pitSchema = z.object({ id: z.string() });
const searchSchema = z.object({
  pit_id: z.string().optional(),
  hits: z.object({
    hits: z.array(
      z.object({ _id: z.string(), _source: z.unknown(), sort: z.array(z.union([z.number(), z.string()])) }),
    ),
  }),
});

export interface ElasticQuery {
  /** the index URL: http://es:9200/logs-nginx */
  url: string;
  timeField: string;
  pageSize: number;
  since: number;
  until: number;
}

/**
 * Pages through `_search` the way Elasticsearch documents for deep paging: a point in time, sorted by the time field
 * with `_shard_doc` as tiebreaker, `search_after` the last hit's sort values; the point in time is closed at the end.
 */
export async function* readElasticsearch(
  query: ElasticQuery,
  cursor: ElasticCursor | undefined,
): AsyncGenerator<{ documents: unknown[]; cursor: ElasticCursor }> {
  const index = new URL(query.url);
  const origin = index.origin;
  const pit = pitSchema.parse(await exchangeJson('POST', `${query.url.replace(/\/$/, '')}/_pit?keep_alive=1m`));
  let pitId = pit.id;
  let searchAfter: (number | string)[] | undefined;
  let time = cursor?.time ?? query.since;
  let ids = new Set(cursor?.ids ?? []);
  try {
    for (;;) {
      const body = searchSchema.parse(
        await exchangeJson('POST', `${origin}/_search`, {
          size: query.pageSize,
          query: { range: { [query.timeField]: { gte: time, lte: query.until, format: 'epoch_millis' } } },
          pit: { id: pitId, keep_alive: '1m' },
          sort: [{ [query.timeField]: { order: 'asc', format: 'epoch_millis' } }, { _shard_doc: 'asc' }],
          ...(searchAfter ? { search_after: searchAfter } : {}),
          track_total_hits: false,
        }),
      );
      pitId = body.pit_id ?? pitId;
      const hits = body.hits.hits;
      if (hits.length === 0) return;
      const fresh = hits.filter((hit) => !(Number(hit.sort[0]) === cursor?.time && cursor.ids.includes(hit._id)));
      for (const hit of hits) {
        const hitTime = Number(hit.sort[0]);
        if (hitTime !== time) ids = new Set();
        time = hitTime;
        ids.add(hit._id);
      }
      searchAfter = hits[hits.length - 1].sort;
      yield { documents: fresh.map((hit) => hit._source), cursor: { time, ids: [...ids] } };
      if (hits.length < query.pageSize) return;
    }
  } finally {
    await exchangeJson('DELETE', `${origin}/_pit`, { id: pitId }).catch(() => undefined);
  }
}
