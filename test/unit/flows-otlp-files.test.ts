import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'vitest';
import { otlpDescriptorModule, OUTPUT } from '../../scripts/write-otlp-descriptor.js';
import { importSource } from '../../src/flows/import.js';
import { estateSchema } from '../../src/model/estate.js';
import { openStore } from '../../src/store/store.js';

/** An ExportTraceServiceRequest of `calls` client → server pairs from shop to orders, a minute apart. */
function request(calls: number, first = 0) {
  const span = (service: string, kind: number, spanId: string, parentSpanId: string | undefined, i: number) => ({
    resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
    scopeSpans: [
      {
        spans: [
          {
            traceId: (first + i + 1).toString(16).padStart(32, '0'),
            spanId,
            ...(parentSpanId ? { parentSpanId } : {}),
            kind,
            startTimeUnixNano: String(BigInt(Date.UTC(2026, 10, 1, 10, first + i)) * 1_000_000n),
            endTimeUnixNano: String(BigInt(Date.UTC(2026, 10, 1, 10, first + i) + 20) * 1_000_000n),
          },
        ],
      },
    ],
  });
  return {
    resourceSpans: Array.from({ length: calls }, (_, i) => [
      span('shop', 3, 'a'.repeat(16), undefined, i),
      span('orders', 2, 'b'.repeat(16), 'a'.repeat(16), i),
    ]).flat(),
  };
}

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'junction-otlp-file-'));
  const file = join(dir, 'traces.json');
  const estate = estateSchema.parse({
    version: 1,
    name: 'x',
    systems: [
      { id: 'shop', name: 'Shop', baseUrl: 'http://shop.internal' },
      { id: 'orders', name: 'Orders', baseUrl: 'http://orders.internal' },
    ],
    logSources: [{ id: 'traces', type: 'otlp-json', path: file }],
  });
  const store = openStore(dir);
  const run = () => importSource(store, estate, estate.logSources[0], { resolvePath: (p) => p });
  const calls = () => store.flows.edges(0).find((edge) => edge.source === 'shop')?.count ?? 0;
  return { file, store, run, calls };
}

test('one document without a final newline (json.dump, curl -o) is read, and twice imported counts once', async () => {
  const { file, store, run, calls } = setup();
  try {
    writeFileSync(file, JSON.stringify(request(5)));
    const first = await run();
    assert.deepEqual([first.lines, first.malformed, first.records, first.warnings], [1, 0, 5, []]);
    assert.equal((await run()).records, 0, 'the same whole document counts nothing twice');
    assert.equal(calls(), 5);
    appendFileSync(file, `\n${JSON.stringify(request(2, 10))}\n`);
    assert.equal((await run()).records, 2, 'JSON lines appended later are read, the document not again');
    assert.equal(calls(), 7);
  } finally {
    store.close();
  }
});

test('a pretty-printed document and a JSON array of requests are read whole', async () => {
  const { file, store, run, calls } = setup();
  try {
    writeFileSync(file, JSON.stringify(request(3), null, 2));
    const pretty = await run();
    assert.equal(pretty.records, 3);
    assert.ok(pretty.lines > 10, `${pretty.lines} lines of one document`);
    writeFileSync(file, JSON.stringify([request(2, 20), request(4, 30)], null, 1));
    assert.equal((await run()).records, 6, 'a rewritten file (another head) is read from its start');
    assert.equal(calls(), 9);
  } finally {
    store.close();
  }
});

test('a document that does not parse yet is reported and read again later; bytes that give no call say why', async () => {
  const { file, store, run, calls } = setup();
  try {
    const text = JSON.stringify(request(2), null, 2);
    writeFileSync(file, text.slice(0, 200));
    const partial = await run();
    assert.equal(partial.records, 0);
    assert.match(partial.malformedSamples[0].reason, /the document does not parse \(still being written, or broken\)/);
    assert.match(partial.warnings[0], /gave no call: every line is malformed/);
    appendFileSync(file, text.slice(200));
    assert.equal((await run()).records, 2, 'once complete, the document is read');
    assert.equal(calls(), 2);
    writeFileSync(file, JSON.stringify({ resourceSpans: [] }) + '\n');
    const empty = await run();
    assert.match(empty.warnings[0], /gave no call: the spans pair into no CLIENT → SERVER call/);
  } finally {
    store.close();
  }
});

test('the OTLP protobuf descriptor is generated from the official definitions as committed', async () => {
  assert.equal(
    readFileSync(OUTPUT, 'utf8'),
    await otlpDescriptorModule(),
    'run: npx tsx scripts/write-otlp-descriptor.ts',
  );
});
