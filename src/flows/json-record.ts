import {
  emitHop,
  emptyHop,
  hopPeers,
  isJunctionAgent,
  lastListed,
  NO_OPERATION,
  NO_PEER,
  OWN_PROBE,
  userAgentProduct,
  type CallSink,
  type HopContext,
} from './record.js';
import { isMethodToken, requestLine, requestTargetPath } from './request-target.js';

export interface FieldMapping {
  source?: string;
  target?: string;
  time?: string;
  latency?: string;
  status?: string;
  bytes?: string;
  protocol?: string;
  upstream?: string;
  upstreamLatency?: string;
  userAgent?: string;
  method?: string;
  /** the called path or request target (its query is dropped) */
  path?: string;
  /** the whole request line, `GET /a?b HTTP/1.1`, when method and path are not apart */
  request?: string;
}

/** What nginx's own variable names give, for `log_format … escape=json` logs. */
export const NGINX_JSON_FIELDS: Required<FieldMapping> = {
  source: 'remote_addr',
  target: 'target',
  time: 'time_iso8601',
  latency: 'request_time',
  status: 'status',
  bytes: 'body_bytes_sent',
  protocol: 'protocol',
  upstream: 'upstream_addr',
  upstreamLatency: 'upstream_response_time',
  userAgent: 'http_user_agent',
  method: 'request_method',
  path: 'request_uri',
  request: 'request',
};

const UNIT_MS = { s: 1000, ms: 1, us: 0.001 } as const;

export interface JsonRecordOptions extends HopContext {
  fields: FieldMapping;
  latencyUnit: keyof typeof UNIT_MS;
  clientIdentity: 'address' | 'user-agent';
}

function pick(record: Record<string, unknown>, path: string | undefined): unknown {
  if (path === undefined) return undefined;
  if (path in record) return record[path];
  let value: unknown = record;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string'
    ? value === '' || value === '-'
      ? undefined
      : value
    : typeof value === 'number'
      ? String(value)
      : undefined;

function number(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  const last = lastListed(text(value));
  if (last === undefined) return undefined;
  const parsed = Number(last);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** ISO-8601 text, nginx's $time_local, or epoch seconds/ms/µs/ns as numbers. */
export function parseTime(value: unknown): number | undefined {
  if (typeof value === 'number' || (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value))) {
    const n = Number(value);
    if (n < 1e11) return n * 1000;
    if (n < 1e14) return n;
    if (n < 1e17) return n / 1000;
    return n / 1e6;
  }
  if (typeof value !== 'string') return undefined;
  const local = /^(\d{2})\/(\w{3})\/(\d{4}):(\d{2}:\d{2}:\d{2}) ([+-]\d{4})$/.exec(value);
  const parsed = Date.parse(local ? `${local[2]} ${local[1]} ${local[3]} ${local[4]} GMT${local[5]}` : value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** The method and path a record names (its method and path fields, else its request line), or undefined. */
function operationOf(
  record: Record<string, unknown>,
  fields: FieldMapping,
): { method: string; path: string } | undefined {
  const method = text(pick(record, fields.method));
  const target = text(pick(record, fields.path));
  if (method !== undefined && target !== undefined) {
    const path = requestTargetPath(target);
    return path !== undefined && isMethodToken((i) => method.charCodeAt(i), 0, method.length)
      ? { method, path }
      : undefined;
  }
  const line = text(pick(record, fields.request));
  return line === undefined ? undefined : requestLine(line);
}

/** JSON log records through a field mapping, into a sink; each call returns why a record is malformed (or OWN_PROBE), or undefined. */
export function createJsonRecordReader(
  options: JsonRecordOptions,
  sink: CallSink,
): (record: unknown) => string | undefined {
  const peers = hopPeers(options, sink);
  const hop = emptyHop();
  const unit = UNIT_MS[options.latencyUnit];
  const fields = options.fields;
  const peer = (name: string | undefined) => (name === undefined ? NO_PEER : sink.peer(name));
  return (record) => {
    if (record === null || typeof record !== 'object' || Array.isArray(record)) return 'not a JSON object';
    const object = record as Record<string, unknown>;
    const ts = parseTime(pick(object, fields.time));
    if (ts === undefined) return `no readable time in "${fields.time}"`;
    const agent = text(pick(object, fields.userAgent));
    if (isJunctionAgent(agent)) return OWN_PROBE;
    const client =
      options.clientIdentity === 'user-agent' && agent ? userAgentProduct(agent) : text(pick(object, fields.source));
    if (client === undefined) return `no source in "${fields.source}"`;
    const protocol = text(pick(object, fields.protocol));
    hop.ts = ts;
    hop.client = sink.peer(client);
    hop.status = number(pick(object, fields.status)) ?? Number.NaN;
    hop.bytes = number(pick(object, fields.bytes)) ?? 0;
    hop.latencyMs = (number(pick(object, fields.latency)) ?? Number.NaN) * unit;
    hop.upstream = peer(lastListed(text(pick(object, fields.upstream))));
    hop.upstreamMs = (number(pick(object, fields.upstreamLatency)) ?? Number.NaN) * unit;
    hop.target = peer(text(pick(object, fields.target)));
    hop.protocol = protocol === undefined ? peers.http : sink.protocol(protocol);
    const operation = operationOf(object, fields);
    hop.operation = operation === undefined ? NO_OPERATION : sink.operation(operation.method, operation.path);
    emitHop(hop, peers, sink);
    return undefined;
  };
}

/** Lines of JSON through the mapping. */
export function createJsonLineParser(options: JsonRecordOptions, sink: CallSink): (line: string) => string | undefined {
  const read = createJsonRecordReader(options, sink);
  return (line) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      return 'not valid JSON';
    }
    return read(parsed);
  };
}
