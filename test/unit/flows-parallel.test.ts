import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'vitest';
import { threadId } from 'node:worker_threads';
import { estateSchema } from '../../src/model/estate.js';
import { EdgeAggregator } from '../../src/flows/aggregate.js';
import { readOwnedLines } from '../../src/flows/file-reader.js';
import {
  bucketOf,
  encodedPercentile,
  LatencyHistogram,
  mergeEncoded,
  packSortedRanges,
  sortGroups,
  unpackHistograms,
} from '../../src/flows/histogram.js';
import { importSource, type ImportOptions } from '../../src/flows/import.js';
import type { BatchRead } from '../../src/flows/batch-read.js';
import { readLinesInParallel } from '../../src/flows/parallel-lines.js';
import { PeerMap } from '../../src/flows/peers.js';
import { openStore } from '../../src/store/store.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** A varied extended combined log over two hours, with malformed lines sprinkled in (every 997th). */
function generateLog(lines: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    if (i % 997 === 500) {
      out.push(`broken line ${i} "with a quote`);
      continue;
    }
    const second = Math.floor((i / lines) * 7200);
    const time = `26/Nov/2026:${pad(10 + Math.floor(second / 3600))}:${pad(Math.floor((second % 3600) / 60))}:${pad(second % 60)} +0000`;
    const status = i % 53 === 0 ? 502 : i % 11 === 0 ? 404 : 200;
    const upstream =
      i % 17 === 0 ? '-' : i % 13 === 0 ? `10.0.0.${i % 5}:80, 10.0.1.${i % 3}:80` : `10.0.1.${i % 3}:80`;
    const agent = i % 7 === 0 ? 'Mozilla/5.0 (X11)' : `svc-${i % 9}/1.${i % 4}`;
    out.push(
      `10.9.${i % 200}.${i % 250} - - [${time}] "GET /api/${i % 31} HTTP/1.1" ${status} ${i % 5000} "-" ` +
        `"${agent}" rt=${((i % 400) / 1000 + 0.002).toFixed(3)} urt="${((i % 400) / 1000).toFixed(3)}" ua="${upstream}"`,
    );
  }
  return `${out.join('\n')}\n`;
}

function workspace(log: string) {
  const dir = mkdtempSync(join(tmpdir(), 'junction-parallel-'));
  const file = join(dir, 'access.log');
  writeFileSync(file, log);
  const estate = estateSchema.parse({
    version: 1,
    name: 'x',
    systems: [
      { id: 'gw', name: 'Gateway', baseUrl: 'http://gw.internal' },
      { id: 'svc-1', name: 'Service 1', baseUrl: 'http://svc-1.internal' },
      { id: 'pool', name: 'Pool', baseUrl: 'http://10.0.1.1:80' },
    ],
    logSources: [{ id: 'gw-log', type: 'nginx-combined', path: file, system: 'gw', clientIdentity: 'user-agent' }],
  });
  return { dir, file, estate };
}

async function importWith(log: string, parallel: ImportOptions['parallel']) {
  const { dir, estate } = workspace(log);
  const store = openStore(dir);
  try {
    const result = await importSource(store, estate, estate.logSources[0], { resolvePath: (p) => p, parallel });
    const edges = store.flows.edges(0).map((edge) => ({
      edge: `${edge.source}>${edge.target}`,
      counts: [edge.count, edge.errors, edge.bytes, edge.firstSeen, edge.lastSeen],
      server: edge.server.percentiles([50, 95, 99]),
      client: edge.client.percentiles([50, 95, 99]),
    }));
    const series = store.flows.edgeSeries('gw', 'pool', 'http', 0, Date.UTC(2027, 0, 1));
    return {
      result,
      edges: edges.sort((a, b) => a.edge.localeCompare(b.edge)),
      series,
      cursor: store.flows.cursor('gw-log'),
    };
  } finally {
    store.close();
  }
}

test('the lines of independently read ranges cover a file exactly once, a line belonging to the range it starts in', () => {
  const dir = mkdtempSync(join(tmpdir(), 'junction-ranges-'));
  const file = join(dir, 'log');
  const text = Array.from({ length: 300 }, (_, i) => 'x'.repeat((i * 37) % 250)).join('\n') + '\npartial';
  writeFileSync(file, text);
  const size = Buffer.byteLength(text);
  const fd = openSync(file, 'r');
  try {
    for (const step of [1, 7, 64, 100, 1000, size]) {
      let joined = '';
      let expectedFrom = 0;
      for (let start = 0; start < size; start += step) {
        const owned = readOwnedLines(fd, size, start, Math.min(size, start + step));
        if (owned.to > owned.from) {
          assert.equal(owned.from, expectedFrom, `ranges of ${step} bytes meet without gap or overlap`);
          expectedFrom = owned.to;
        }
        joined += owned.bytes.toString();
      }
      assert.equal(
        joined,
        text.slice(0, text.lastIndexOf('\n') + 1),
        `ranges of ${step} bytes: every complete line once, the partial one left`,
      );
    }
  } finally {
    closeSync(fd);
  }
});

test(
  'a line reaching more than 1 MB past the end of its batch is skipped and counted as malformed, never held whole',
  { timeout: 60_000 },
  async () => {
    const good = (second: number) =>
      `10.0.0.1 - - [26/Nov/2026:10:00:0${second} +0000] "GET / HTTP/1.1" 200 5 "-" "shop/1" rt=0.010 urt="0.008" ua="10.0.1.1:80"`;
    const long = `10.0.0.1 - - [26/Nov/2026:10:00:02 +0000] "GET /${'x'.repeat(3 * 1024 * 1024)} HTTP/1.1" 200 5 "-" "-"`;
    const log = `${good(1)}\n${long}\n${good(3)}\n${'y'.repeat(2 * 1024 * 1024)}`;
    for (const parallel of [
      { workers: 0, batchBytes: 64 * 1024 },
      { workers: 1, batchBytes: 64 * 1024 },
    ]) {
      const { result, edges, cursor } = await importWith(log, parallel);
      assert.deepEqual([result.lines, result.malformed], [3, 1], JSON.stringify(parallel));
      assert.equal(result.malformedSamples[0].line, 2);
      assert.match(result.malformedSamples[0].reason, /too long/);
      assert.ok(result.malformedSamples[0].text.startsWith('10.0.0.1 - - [26/Nov/2026:10:00:02 +0000] "GET /xxx'));
      assert.equal(edges.find((edge) => edge.edge === 'gw>pool')?.counts[0], 2);
      // the unfinished 2 MB line at the end waits for its newline
      assert.equal((cursor as { offset: number }).offset, Buffer.byteLength(log) - 2 * 1024 * 1024);
    }
  },
);

test(
  'an import shared with a worker thread in small batches gives exactly what one thread gives',
  { timeout: 60_000 },
  async () => {
    const log = generateLog(30_000);
    const alone = await importWith(log, { workers: 0 });
    const shared = await importWith(log, { workers: 1, batchBytes: 64 * 1024 });
    assert.ok(Buffer.byteLength(log) / (64 * 1024) > 30, 'many batches');
    assert.equal(alone.result.lines, 30_000);
    assert.equal(alone.result.malformed, 30);
    assert.deepEqual(alone.result.malformedSamples[0], {
      line: 501,
      reason: 'not combined format (no [time])',
      text: 'broken line 500 "with a quote',
    });
    assert.deepEqual(shared.result, alone.result, 'counts and the line numbers of malformed samples');
    assert.deepEqual(shared.edges, alone.edges, 'edges, counts and latency percentiles');
    assert.deepEqual(shared.series, alone.series);
    assert.deepEqual(shared.cursor, alone.cursor);
    assert.equal((alone.cursor as { offset: number }).offset, Buffer.byteLength(log));
    const pool = alone.edges.find((edge) => edge.edge === 'gw>pool')!;
    // the pool answers lines whose last upstream is 10.0.1.1:80 and that have an upstream at all
    const expected = log.split('\n').filter((line) => /ua="(?:[^"]*, )?10\.0\.1\.1:80"/.test(line)).length;
    assert.equal(pool.counts[0], expected);
    assert.equal(readFileSync(workspace(log).file, 'utf8'), log);
  },
);

test(
  'batches go to a worker thread while this one waits, and come back in file order',
  { timeout: 60_000 },
  async () => {
    const log = generateLog(20_000);
    const { file, estate } = workspace(log);
    const source = estate.logSources[0] as Extract<(typeof estate.logSources)[number], { type: 'nginx-combined' }>;
    const batches: BatchRead[] = [];
    for await (const batch of readLinesInParallel(
      file,
      { start: 0, size: Buffer.byteLength(log) },
      source,
      estate.systems,
      { workers: 1, batchBytes: 32 * 1024 },
    )) {
      batches.push(batch);
      // the consumer is slow at first: the worker starts meanwhile and claims what is left
      if (batches.length === 1) await new Promise((resolve) => setTimeout(resolve, 3000));
    }
    assert.deepEqual(
      batches.map((batch) => batch.index),
      [...batches.keys()],
    );
    assert.ok(
      batches.some((batch) => batch.threadId !== threadId),
      'the worker read some batches',
    );
    assert.equal(
      batches.reduce((lines, batch) => lines + batch.result.lines, 0),
      20_000,
    );
    batches.slice(1).forEach((batch, i) => assert.equal(batch.from, batches[i].to, 'contiguous'));
    assert.deepEqual(
      batches.find((batch) => batch.threadId !== threadId)!.result.hours[0].histograms.constructor,
      Buffer,
    );
  },
);

test('histograms packed from sorted bucket indices, and encoded ones merged, answer as the Map-based histogram does', () => {
  const values = Array.from({ length: 5000 }, (_, i) => ((i * 7919) % 3000) / 7 + 0.5);
  const reference = new LatencyHistogram();
  for (const value of values) reference.record(value);
  const indices = Uint16Array.from([...values.map(bucketOf), 7, 3, 7]);
  const starts = Int32Array.from([0, 2500, 5000, 5003]);
  sortGroups(indices, starts);
  const [first, rest, small] = unpackHistograms(
    packSortedRanges(indices, Int32Array.from([0, 2500, 2500, 5000, 5000, 5003])),
    3,
  );
  assert.deepEqual(
    LatencyHistogram.decode(small).counts,
    new Map([
      [3, 1],
      [7, 2],
    ]),
  );
  const merged = mergeEncoded(first!, rest!);
  assert.deepEqual(merged, reference.snapshot([]).encoded);
  for (const p of [1, 50, 95, 99, 100]) assert.equal(encodedPercentile(merged, p), reference.percentile(p));
  assert.equal(encodedPercentile(Buffer.alloc(0), 95), undefined);
});

test('edge-hours: a re-import adds to the stored minutes; sources that saw the same calls are not added up', () => {
  const dir = mkdtempSync(join(tmpdir(), 'junction-edge-hours-'));
  const store = openStore(dir);
  try {
    const minute = Date.UTC(2026, 10, 26, 10, 5);
    const fold = (calls: { ts: number; protocol?: string; ms: number }[]) => {
      const aggregator = new EdgeAggregator(new PeerMap([]));
      for (const call of calls)
        aggregator.add({
          ts: call.ts,
          source: 'a',
          target: 'b',
          protocol: call.protocol ?? 'http',
          status: call.ms > 100 ? 500 : 200,
          bytes: 10,
          serverMs: call.ms,
        });
      return aggregator.take();
    };
    store.flows.transaction(() =>
      store.flows.mergeHours(
        'log',
        fold([
          { ts: minute, ms: 10 },
          { ts: minute + 1000, ms: 200 },
        ]),
      ),
    );
    store.flows.transaction(() =>
      store.flows.mergeHours(
        'log',
        fold([
          { ts: minute + 2000, ms: 30 },
          { ts: minute + 3_600_000, ms: 40 },
        ]),
      ),
    );
    // traces of the same calls, and one more protocol
    store.flows.transaction(() =>
      store.flows.mergeHours(
        'traces',
        fold([
          { ts: minute, ms: 11 },
          { ts: minute + 60_000, ms: 12 },
          { ts: minute, protocol: 'grpc', ms: 5 },
        ]),
      ),
    );
    const [http, grpc] = store.flows.edges(0);
    assert.deepEqual(
      [http.protocol, http.count, http.errors, http.bytes, http.firstSeen, http.lastSeen],
      ['http', 5, 1, 50, minute, minute + 3_600_000],
    );
    assert.deepEqual([grpc.protocol, grpc.count], ['grpc', 1]);
    assert.ok(Math.abs(http.server.percentile(100)! - 200) < 5);
    assert.deepEqual(
      store.flows
        .edgeSeries('a', 'b', undefined, 0, Date.UTC(2027, 0, 1))
        .map((point) => [point.t - minute, point.count, point.errors]),
      [
        [0, 4, 1],
        [60_000, 1, 0],
        [3_600_000, 1, 0],
      ],
      'per minute: the log (3 calls) over the traces (1), plus grpc',
    );
    assert.equal(store.flows.edges(minute + 60_000, minute + 120_000)[0].count, 1, 'a window reads only its minutes');
  } finally {
    store.close();
  }
});
