import assert from 'node:assert/strict';
import { test } from 'vitest';
import { LatencyHistogram } from '../../src/flows/histogram.js';
import { createJsonLineParser, NGINX_JSON_FIELDS, parseTime } from '../../src/flows/json-record.js';
import { createCombinedParser, type CombinedOptions } from '../../src/flows/nginx-combined.js';
import { extractSpans, normalizeId, pairSpans, settleUnpaired } from '../../src/flows/otlp.js';
import { PeerMap } from '../../src/flows/peers.js';
import { lastListed, NO_OPERATION, NO_PEER, type CallSink, type FlowRecord } from '../../src/flows/record.js';
import { requestLine, requestTargetPath } from '../../src/flows/request-target.js';
import { makeSystem } from '../helpers/estate.js';

/** A sink that keeps every call as a record with peer names (unmeasured latencies left out) and what was called. */
class RecordingSink implements CallSink {
  readonly records: (FlowRecord & { consumer?: string })[] = [];
  private readonly names: string[] = [];
  private readonly operations: { method: string; path: string }[] = [];
  readonly operationGeneration = 0;

  /** how many operations the parser interned */
  get interned(): number {
    return this.operations.length;
  }

  operation(method: string, path: string): number {
    return this.operations.push({ method, path }) - 1;
  }

  peer(raw: string): number {
    return this.names.push(raw) - 1;
  }

  known(): boolean {
    return false;
  }

  same(a: number, b: number): boolean {
    return this.names[a] === this.names[b];
  }

  protocol(name: string): number {
    return this.peer(name);
  }

  call(
    source: number,
    target: number,
    protocol: number,
    ts: number,
    status: number,
    bytes: number,
    serverMs: number,
    clientMs: number,
    operation: number,
    consumer: number,
  ): void {
    const record: FlowRecord & { consumer?: string } = {
      ts,
      source: this.names[source],
      target: this.names[target],
      protocol: this.names[protocol],
      status,
      bytes,
    };
    if (!Number.isNaN(serverMs)) record.serverMs = serverMs;
    if (!Number.isNaN(clientMs)) record.clientMs = clientMs;
    if (operation !== NO_OPERATION) Object.assign(record, this.operations[operation]);
    if (consumer !== NO_PEER) record.consumer = this.names[consumer];
    this.records.push(record);
  }
}

type ParserOf<P> = (sink: CallSink) => P;

/** Runs one line through a text parser made for a fresh sink. */
const collect = (make: ParserOf<(line: string) => string | undefined>, line: string) => {
  const sink = new RecordingSink();
  const problem = make(sink)(line);
  return { problem, records: sink.records };
};

/** Runs one line through a combined-log parser, from its bytes as an import does. */
const collectCombined = (options: CombinedOptions, line: string) => {
  const sink = new RecordingSink();
  const parser = createCombinedParser(options, sink);
  const bytes = Buffer.from(line);
  parser.batch(bytes.toString('latin1'), bytes);
  return { problem: parser.line(0, bytes.length), records: sink.records };
};

test('the latency histogram answers quantiles within 2.5 % and merges by adding counts', () => {
  const a = new LatencyHistogram();
  const b = new LatencyHistogram();
  for (let ms = 1; ms <= 1000; ms++) (ms % 2 ? a : b).record(ms);
  const merged = LatencyHistogram.decode(a.snapshot([]).encoded).merge(LatencyHistogram.decode(b.snapshot([]).encoded));
  assert.equal(merged.total, 1000);
  for (const [p, exact] of [
    [50, 500],
    [95, 950],
    [99, 990],
  ] as const) {
    const value = merged.percentile(p)!;
    assert.ok(Math.abs(value - exact) / exact <= 0.026, `p${p} ${value} vs ${exact}`);
  }
  assert.deepEqual(merged.percentiles([50, 95, 99]), [
    merged.percentile(50),
    merged.percentile(95),
    merged.percentile(99),
  ]);
  const snapshot = merged.snapshot([50, 99]);
  assert.deepEqual(snapshot.percentiles, [merged.percentile(50), merged.percentile(99)]);
  assert.equal(LatencyHistogram.decode(snapshot.encoded).percentile(95), merged.percentile(95));
  assert.equal(new LatencyHistogram().percentile(95), undefined);
  const zero = new LatencyHistogram();
  zero.record(0);
  assert.equal(zero.percentile(50), 0);
});

test('combined lines, plain and extended, become client → gateway and gateway → upstream records', () => {
  const options: CombinedOptions = { clientIdentity: 'address', system: 'gateway', gateway: true, sourceId: 'gw' };
  const plain = collectCombined(
    options,
    '10.1.2.3 - bob [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"',
  );
  assert.equal(plain.problem, undefined);
  assert.deepEqual(plain.records, [
    {
      ts: Date.UTC(2000, 9, 10, 20, 55, 36),
      source: '10.1.2.3',
      target: 'gateway',
      protocol: 'http',
      status: 200,
      bytes: 2326,
      method: 'GET',
      path: '/apache_pb.gif',
    },
  ]);

  // a retried upstream: the last address answered, after its own latency; nginx escapes quotes as \x22, Apache as \"
  const retried = collectCombined(
    options,
    '10.1.2.3 - - [26/Nov/2026:10:00:02 +0000] "GET /q?a=\\x22b\\x22 HTTP/1.1" 502 0 "-" "svc/1" rt=0.112 urt="0.050, 0.062" ua="10.0.0.1:80, 10.0.0.2:80"',
  );
  assert.equal(retried.records.length, 2);
  assert.equal(retried.records[0].serverMs, 112);
  assert.deepEqual(
    [retried.records[1].source, retried.records[1].target, retried.records[1].clientMs, retried.records[1].status],
    ['gateway', '10.0.0.2:80', 62, 502],
  );
  const apache = collectCombined(
    options,
    '10.1.2.3 - - [26/Nov/2026:10:00:02 +0000] "GET /q?a=\\"b\\" HTTP/1.1" 200 7 "-" "svc/1"',
  );
  assert.deepEqual([apache.problem, apache.records[0]?.bytes], [undefined, 7]);

  // internal redirects group retries with " : "; the extension's fields may come in any order
  const redirected = collectCombined(
    options,
    '10.1.2.3 - - [26/Nov/2026:10:00:02 +0000] "GET / HTTP/1.1" 200 1 "-" "-" ua="10.0.0.1:80 : 10.0.0.3:80" urt="0.020 : 0.030" rt=0.040',
  );
  assert.deepEqual(
    redirected.records.map((r) => [r.target, r.serverMs ?? r.clientMs]),
    [
      ['gateway', 40],
      ['10.0.0.3:80', 30],
    ],
  );

  const noUpstream = collectCombined(
    options,
    '10.1.2.3 - - [26/Nov/2026:10:00:03 +0000] "GET / HTTP/1.1" 404 - "-" "-" rt=0.001 urt="-" ua="-"',
  );
  assert.equal(noUpstream.records.length, 1);
  assert.equal(noUpstream.records[0].bytes, 0);

  const byAgent = { ...options, clientIdentity: 'user-agent' } as const;
  assert.equal(
    collectCombined(
      byAgent,
      '10.1.2.3 - - [26/Nov/2026:10:00:03 +0000] "GET / HTTP/1.1" 200 1 "-" "billing/2.1 (linux)"',
    ).records[0].source,
    'billing',
  );
  assert.equal(
    collectCombined(byAgent, '10.1.2.3 - - [26/Nov/2026:10:00:03 +0000] "GET / HTTP/1.1" 200 1 "-" "-"').records[0]
      .source,
    '10.1.2.3',
    'no agent: the address',
  );
  assert.equal(
    collectCombined(byAgent, '10.1.2.3 - - [26/Nov/2026:10:00:03 +0000] "GET / HTTP/1.1" 200 1 "-" "größe/1"')
      .records[0].source,
    'größe',
    'UTF-8 names survive',
  );

  for (const bad of [
    'garbage',
    '10.1.2.3 - - [not a time] "GET / HTTP/1.1" 200 1',
    '10.1.2.3 - - [26/Nov/2026:10:00:03 +0000] "GET / HTTP/1.1" abc 1',
    '10.1.2.3 - - [26/Nov/2026:10:00:03 +0000] "GET / HTTP/1.1',
  ]) {
    const result = collectCombined(options, bad);
    assert.ok(result.problem, `malformed: ${bad}`);
    assert.equal(result.records.length, 0);
  }
});

test('times of consecutive lines: a new second, a new minute, a new zone and an unreadable one are each read right', () => {
  const sink = new RecordingSink();
  const parser = createCombinedParser({ clientIdentity: 'address', system: 'gw', sourceId: 'gw' }, sink);
  const times = [
    '26/Nov/2026:10:00:03 +0000',
    '26/Nov/2026:10:00:04 +0000',
    '26/Nov/2026:10:00:04 +0000',
    '26/Nov/2026:10:01:04 +0000',
    '26/Nov/2026:10:01:04 +0100',
    '26/Nov/2026:10:01:0x +0100',
    '26/Nov/2026:10:01:05 +0100',
    '31/Dec/2026:23:59:59 +0000',
    '01/Jan/2027:00:00:00 +0000',
  ];
  const lines = times.map((time) => `10.0.0.1 - - [${time}] "GET / HTTP/1.1" 200 1 "-" "-"`);
  const bytes = Buffer.from(lines.join('\n'));
  parser.batch(bytes.toString('latin1'), bytes);
  let start = 0;
  const problems = lines.map((line) => {
    const problem = parser.line(start, start + line.length);
    start += line.length + 1;
    return problem;
  });
  assert.deepEqual(problems, [
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    'unreadable time',
    undefined,
    undefined,
    undefined,
  ]);
  const minute = Date.UTC(2026, 10, 26, 10, 0);
  assert.deepEqual(
    sink.records.map((record) => record.ts),
    [
      minute + 3000,
      minute + 4000,
      minute + 4000,
      minute + 64_000,
      minute + 64_000 - 3_600_000,
      minute + 65_000 - 3_600_000,
      Date.UTC(2026, 11, 31, 23, 59, 59),
      Date.UTC(2027, 0, 1),
    ],
  );
});

test(
  'a batch of lines missing every delimiter is read in linear time (no rescans to the end of the batch)',
  { timeout: 30_000 },
  () => {
    const sink = new RecordingSink();
    const parser = createCombinedParser({ clientIdentity: 'address', system: 'gw', sourceId: 'gw' }, sink);
    // 200,000 lines with no ] and 200,000 with no ": rescanning to the batch end for each would take hours
    for (const line of ['10.0.0.1 [x', '10.0.0.1 - - [26/Nov/2026:10:00:03 +0000] GET / 200 1']) {
      const bytes = Buffer.from(`${line}\n`.repeat(200_000));
      parser.batch(bytes.toString('latin1'), bytes);
      const problems = new Set<string | undefined>();
      for (let start = 0; start < bytes.length; start += line.length + 1)
        problems.add(parser.line(start, start + line.length));
      assert.equal(problems.size, 1);
      assert.notEqual([...problems][0], undefined);
    }
    assert.equal(sink.records.length, 0);
  },
);

test('nginx JSON logs: numbers or strings, "-" and retry lists in upstream fields, time_iso8601 or $time_local', () => {
  const parse = (sink: CallSink) =>
    createJsonLineParser(
      {
        fields: NGINX_JSON_FIELDS,
        latencyUnit: 's',
        clientIdentity: 'address',
        system: 'gw',
        gateway: true,
        sourceId: 'gw',
      },
      sink,
    );
  const line = JSON.stringify({
    time_iso8601: '2026-11-26T10:00:00+00:00',
    remote_addr: '10.0.0.5',
    status: 503,
    body_bytes_sent: 12,
    request_time: 0.2,
    upstream_addr: '10.0.0.1:80, 10.0.0.2:80',
    upstream_response_time: '0.100, 0.090',
  });
  const { records } = collect(parse, line);
  assert.deepEqual(
    records.map((r) => [r.source, r.target, r.serverMs ?? r.clientMs, r.status]),
    [
      ['10.0.0.5', 'gw', 200, 503],
      ['gw', '10.0.0.2:80', 90, 503],
    ],
  );
  const dash = collect(
    parse,
    JSON.stringify({
      time_iso8601: '2026-11-26T10:00:00+00:00',
      remote_addr: '10.0.0.5',
      status: '200',
      request_time: '0.001',
      upstream_addr: '-',
      upstream_response_time: '-',
    }),
  );
  assert.equal(dash.records.length, 1);
  assert.equal(collect(parse, '{"remote_addr":"x"}').problem, 'no readable time in "time_iso8601"');
  assert.equal(collect(parse, '{not json').problem, 'not valid JSON');
  assert.equal(parseTime('10/Oct/2000:13:55:36 -0700'), Date.UTC(2000, 9, 10, 20, 55, 36));
  assert.equal(parseTime(1_700_000_000), 1_700_000_000_000);
  assert.equal(parseTime('1700000000123456789'), 1_700_000_000_123.4568);
  assert.equal(lastListed('a:1, b:2 : c:3'), 'c:3');
});

test('JSON lines through a field mapping with nested paths and a latency unit; no status is no error', () => {
  const parse = (sink: CallSink) =>
    createJsonLineParser(
      {
        fields: { source: 'src.service', target: 'dst', time: 'ts', latency: 'dur_us' },
        latencyUnit: 'us',
        clientIdentity: 'address',
        sourceId: 'app',
      },
      sink,
    );
  const { records } = collect(
    parse,
    JSON.stringify({ ts: 1_764_150_000, src: { service: 'billing' }, dst: 'ledger', dur_us: 2500 }),
  );
  assert.deepEqual(records, [
    {
      ts: 1_764_150_000_000,
      source: 'billing',
      target: 'ledger',
      protocol: 'http',
      status: Number.NaN,
      bytes: 0,
      serverMs: 2.5,
    },
  ]);
});

test('peers map to systems by alias, id, name and base-URL host:port; a host shared by several systems maps by port only', () => {
  const peers = new PeerMap([
    makeSystem({
      id: 'orders',
      name: 'Orders API',
      baseUrl: 'https://127.0.0.1:8443',
      aliases: ['orders-svc', '10.0.0.7'],
    }),
    makeSystem({ id: 'billing', name: 'Billing', baseUrl: 'http://127.0.0.1:9000' }),
    makeSystem({ id: 'crm', name: 'CRM', baseUrl: 'https://crm.example.com' }),
  ]);
  assert.equal(peers.lookup('orders-svc'), 'orders');
  assert.equal(peers.lookup('10.0.0.7:443'), 'orders');
  assert.equal(peers.lookup('Orders API'), 'orders');
  assert.equal(peers.lookup('127.0.0.1:9000'), 'billing');
  assert.equal(peers.lookup('http://127.0.0.1:9000/x'), 'billing');
  assert.equal(peers.lookup('127.0.0.1'), undefined, 'two systems live there');
  assert.equal(peers.lookup('crm.example.com'), 'crm');
  assert.equal(peers.lookup('crm.example.com:443'), 'crm');
  assert.equal(peers.resolve('mystery:1'), 'mystery:1');
});

test('OTLP JSON: lenient ids, kinds and codes; client/server pairing; unpaired clients named by their peer attributes', () => {
  const b64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');
  const trace = '0af7651916cd43dd8448eb211c80319c';
  const request = {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] },
        scopeSpans: [
          {
            spans: [
              {
                traceId: trace,
                spanId: 'b7ad6b7169203331',
                kind: 3,
                startTimeUnixNano: '1764150000000000000',
                endTimeUnixNano: '1764150000050000000',
                status: { code: 2 },
              },
              {
                traceId: b64(trace),
                spanId: b64('00f067aa0ba902b7'),
                kind: 'SPAN_KIND_CLIENT',
                startTimeUnixNano: 1764150000000000000,
                endTimeUnixNano: 1764150000010000000,
                attributes: [
                  { key: 'db.system', value: { stringValue: 'postgresql' } },
                  { key: 'server.address', value: { stringValue: 'pg' } },
                  { key: 'server.port', value: { intValue: '5432' } },
                ],
              },
            ],
          },
        ],
      },
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'orders' } }] },
        instrumentationLibrarySpans: [
          {
            spans: [
              {
                traceId: trace.toUpperCase(),
                spanId: '1111111111111111',
                parentSpanId: 'b7ad6b7169203331',
                kind: 2,
                startTimeUnixNano: '1764150000005000000',
                endTimeUnixNano: '1764150000045000000',
              },
              { traceId: 'zz', spanId: '', startTimeUnixNano: '1', endTimeUnixNano: '2' },
            ],
          },
        ],
      },
    ],
  };
  assert.equal(normalizeId(b64(trace)), trace);
  const { spans, malformed } = extractSpans(request);
  assert.equal(malformed.length, 1);
  assert.equal(spans.length, 3);
  const pairing = pairSpans(spans);
  assert.deepEqual(pairing.records, [
    {
      ts: 1_764_150_000_000,
      source: 'shop',
      target: 'orders',
      protocol: 'http',
      status: 0,
      bytes: 0,
      clientMs: 50,
      serverMs: 40,
    },
  ]);
  // int64 nanoseconds sent as JSON numbers lose precision past 2^53: durations stay right to the microsecond
  assert.deepEqual(
    settleUnpaired(pairing.waiting).map((r) => [r.source, r.target, r.protocol, Math.round(r.clientMs! * 1000) / 1000]),
    [['shop', 'pg:5432', 'db', 10]],
  );
});

test('request targets: origin, absolute and asterisk forms give a path without its query; other targets none', () => {
  assert.equal(requestTargetPath('/a/b?token=s3cret#x'), '/a/b');
  assert.equal(requestTargetPath('http://api.example:8080/v1/x?key=1'), '/v1/x');
  assert.equal(requestTargetPath('https://api.example?key=1'), '/', 'no path: the root, and the query dropped');
  assert.equal(requestTargetPath('https://api.example'), '/');
  assert.equal(requestTargetPath('*'), '*');
  for (const none of ['api.example:443', '', '**', 'ftp:/x', '1http://x/', '?q=1'])
    assert.equal(requestTargetPath(none), undefined, none);
  assert.deepEqual(requestLine('PROPFIND /dav/a?x HTTP/1.1'), { method: 'PROPFIND', path: '/dav/a' });
  assert.deepEqual(requestLine('M-SEARCH * HTTP/1.1'), { method: 'M-SEARCH', path: '*' });
  assert.deepEqual(requestLine('GET /no-version'), { method: 'GET', path: '/no-version' });
  for (const bad of ['-', '', 'GET', 'G(T / HTTP/1.1', ' / HTTP/1.1', 'CONNECT api.example:443 HTTP/1.1'])
    assert.equal(requestLine(bad), undefined, bad);
});

test('combined lines keep the method and path of $request, never the query; a line that is no request keeps its call', () => {
  const options: CombinedOptions = { clientIdentity: 'address', system: 'gw', sourceId: 'gw' };
  const called = (request: string) => {
    const { problem, records } = collectCombined(
      options,
      `10.1.2.3 - - [26/Nov/2026:10:00:02 +0000] "${request}" 200 7 "-" "svc/1"`,
    );
    assert.equal(problem, undefined, request);
    assert.equal(records.length, 1, request);
    return records[0].method === undefined ? undefined : `${records[0].method} ${records[0].path}`;
  };
  assert.equal(called('GET /orders/61033?api_key=s3cret HTTP/1.1'), 'GET /orders/61033');
  assert.equal(called('GET http://orders.internal:8080/orders/9?sig=abc HTTP/1.1'), 'GET /orders/9');
  assert.equal(called('GET http://orders.internal?sig=abc HTTP/1.1'), 'GET /');
  assert.equal(called('PROPFIND /dav/ HTTP/1.1'), 'PROPFIND /dav/');
  assert.equal(called('OPTIONS * HTTP/1.1'), 'OPTIONS *');
  assert.equal(called('GET /two-parts'), 'GET /two-parts', 'HTTP/0.9 has no version');
  // what scanners and TLS on a plain port leave: a call, but to no operation
  for (const noRequest of [
    '-',
    '\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xFC\\x03\\x03',
    'GET',
    'CONNECT a.b:443 HTTP/1.1',
  ])
    assert.equal(called(noRequest), undefined, noRequest);

  // the same line twice is one interned operation, and the second read is the same as the first
  const sink = new RecordingSink();
  const parser = createCombinedParser(options, sink);
  const lines = ['GET /a?x=1 HTTP/1.1', 'GET /a?x=2 HTTP/1.1', 'POST /a HTTP/1.1'].map(
    (request) => `10.1.2.3 - - [26/Nov/2026:10:00:02 +0000] "${request}" 200 7 "-" "-"`,
  );
  const bytes = Buffer.from(lines.join('\n'));
  parser.batch(bytes.toString('latin1'), bytes);
  let start = 0;
  for (const line of lines) {
    parser.line(start, start + line.length);
    start += line.length + 1;
  }
  assert.deepEqual(
    sink.records.map((record) => `${record.method} ${record.path}`),
    ['GET /a', 'GET /a', 'POST /a'],
  );
  assert.equal(sink.interned, 2, 'a query does not make another operation');
});

test('a gateway line gives the operation to both calls; the upstream call names the client it was relayed for', () => {
  const { records } = collectCombined(
    { clientIdentity: 'address', system: 'gw', gateway: true, sourceId: 'gw' },
    '10.1.2.3 - - [26/Nov/2026:10:00:02 +0000] "DELETE /orders/7?force=1 HTTP/1.1" 204 0 "-" "-" rt=0.010 urt="0.008" ua="10.0.0.1:80"',
  );
  assert.deepEqual(
    records.map((record) => [record.source, record.target, record.method, record.path, record.consumer]),
    [
      ['10.1.2.3', 'gw', 'DELETE', '/orders/7', undefined],
      ['gw', '10.0.0.1:80', 'DELETE', '/orders/7', '10.1.2.3'],
    ],
  );
});

test('JSON records: method and path fields, else the request line; the query dropped either way', () => {
  const options = { latencyUnit: 's', clientIdentity: 'address', system: 'gw', sourceId: 'gw' } as const;
  const nginx = (record: Record<string, unknown>) =>
    collect(
      (sink) => createJsonLineParser({ ...options, fields: NGINX_JSON_FIELDS }, sink),
      JSON.stringify({ time_iso8601: '2026-11-26T10:00:00+00:00', remote_addr: '10.0.0.5', status: 200, ...record }),
    ).records.map((r) => [r.method, r.path]);
  assert.deepEqual(nginx({ request_method: 'GET', request_uri: '/orders/5?token=x' }), [['GET', '/orders/5']]);
  assert.deepEqual(nginx({ request: 'POST /orders?dry=1 HTTP/2.0' }), [['POST', '/orders']]);
  assert.deepEqual(nginx({ request: '\\x16\\x03\\x01' }), [[undefined, undefined]], 'no request: a call, no operation');
  assert.deepEqual(nginx({ request_method: 'G T', request_uri: '/x' }), [[undefined, undefined]]);
  assert.deepEqual(nginx({}), [[undefined, undefined]]);

  const mapped = collect(
    (sink) =>
      createJsonLineParser(
        {
          ...options,
          fields: { time: 'ts', source: 'client', status: 'res.status', method: 'req.verb', path: 'req.url' },
        },
        sink,
      ),
    JSON.stringify({
      ts: '2026-11-26T10:00:00Z',
      client: 'shop',
      res: { status: 201 },
      req: { verb: 'patch', url: 'http://orders:8080/orders/5?x=1' },
    }),
  );
  assert.deepEqual(
    mapped.records.map((r) => [r.method, r.path]),
    [['patch', '/orders/5']],
    'as written: the aggregator upper-cases methods',
  );
});

test('OTLP spans: http.route first (express params as OpenAPI), else url.path or http.target without the query', () => {
  const span = (attributes: Record<string, string>) => ({
    traceId: '5b8efff798038103d269b633813fc60c',
    spanId: 'eee19b7ec3c1b174',
    kind: 2,
    startTimeUnixNano: '1764150000000000000',
    endTimeUnixNano: '1764150000040000000',
    attributes: Object.entries(attributes).map(([key, value]) => ({ key, value: { stringValue: value } })),
  });
  const operationOf = (attributes: Record<string, string>) => {
    const { spans } = extractSpans({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'orders' } }] },
          scopeSpans: [{ spans: [span(attributes)] }],
        },
      ],
    });
    return spans[0].method === undefined ? undefined : `${spans[0].method} ${spans[0].path}`;
  };
  assert.equal(
    operationOf({ 'http.request.method': 'GET', 'http.route': '/orders/:orderId', 'url.path': '/orders/5' }),
    'GET /orders/{orderId}',
  );
  assert.equal(operationOf({ 'http.request.method': 'GET', 'url.path': '/orders/5' }), 'GET /orders/5');
  assert.equal(operationOf({ 'http.method': 'POST', 'http.target': '/orders?token=s3cret' }), 'POST /orders');
  assert.equal(operationOf({ 'http.method': 'GET', 'http.url': 'http://orders:8080/orders/5?k=1' }), 'GET /orders/5');
  assert.equal(operationOf({ 'http.route': '/orders' }), undefined, 'no method: no operation');
  assert.equal(operationOf({ 'http.method': 'GET' }), undefined, 'no path: no operation');
  assert.equal(operationOf({ 'rpc.method': 'Get', 'db.statement': 'SELECT 1' }), undefined);
});
