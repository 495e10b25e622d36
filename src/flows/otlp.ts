import { z } from 'zod';
import type { FlowRecord } from './record.js';
import { scalarText } from '../util/scalar-text.js';
import { isMethodToken, requestTargetPath } from './request-target.js';

/**
 * OTLP/HTTP JSON (ExportTraceServiceRequest). Lenient where exporters differ: ids as hex or base64, kinds and
 * status codes as integers or enum names, int64 nanoseconds as strings or numbers, `scopeSpans` or the older
 * `instrumentationLibrarySpans`.
 */
const anyValue: z.ZodType<unknown> = z.looseObject({}).optional();
const attributes = z.array(z.looseObject({ key: z.string(), value: anyValue })).optional();
const nanos = z.union([z.string().regex(/^\d+$/), z.number().nonnegative()]);
const spanSchema = z.looseObject({
  traceId: z.string().min(1),
  spanId: z.string().min(1),
  parentSpanId: z.string().optional(),
  name: z.string().optional(),
  kind: z.union([z.number().int(), z.string()]).optional(),
  startTimeUnixNano: nanos,
  endTimeUnixNano: nanos,
  attributes,
  status: z.looseObject({ code: z.union([z.number().int(), z.string()]).optional() }).optional(),
});
const scopeSpans = z.array(z.looseObject({ spans: z.array(z.unknown()).optional() })).optional();
export const exportTraceRequestSchema = z.looseObject({
  resourceSpans: z
    .array(
      z.looseObject({
        resource: z.looseObject({ attributes }).optional(),
        scopeSpans,
        instrumentationLibrarySpans: scopeSpans,
      }),
    )
    .optional(),
});
export type ExportTraceRequest = z.infer<typeof exportTraceRequestSchema>;

export type SpanKind = 'internal' | 'server' | 'client' | 'producer' | 'consumer' | 'unspecified';
const KINDS: SpanKind[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

/** The little of a span that service-graph pairing needs. */
export interface FlowSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  kind: SpanKind;
  service: string;
  /** who a CLIENT/PRODUCER span says it called */
  peer?: string;
  protocol: string;
  startMs: number;
  durationMs: number;
  error: boolean;
  /** the HTTP status the span records (http.response.status_code, or the older http.status_code) */
  httpStatus?: number;
  /** the HTTP method and path the span records (a route template when it has one); never a query */
  method?: string;
  path?: string;
}

function kindOf(kind: number | string | undefined): SpanKind {
  if (typeof kind === 'number') return KINDS[kind] ?? 'unspecified';
  if (typeof kind === 'string') {
    const name = kind.replace(/^SPAN_KIND_/, '').toLowerCase();
    return (KINDS as string[]).includes(name) ? (name as SpanKind) : 'unspecified';
  }
  return 'unspecified';
}

/** Hex as is; base64 (what protobuf-JSON mappers emit) converted to hex. */
export function normalizeId(id: string | undefined): string | undefined {
  if (!id) return undefined;
  if (/^[0-9a-fA-F]+$/.test(id) && (id.length === 16 || id.length === 32)) return id.toLowerCase();
  const hex = Buffer.from(id, 'base64').toString('hex');
  return /^0*$/.test(hex) ? undefined : hex;
}

function attributeValue(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  for (const key of ['stringValue', 'intValue', 'doubleValue', 'boolValue']) {
    if (v[key] !== undefined && v[key] !== null) return scalarText(v[key]);
  }
  return undefined;
}

function attributeMap(list: { key: string; value?: unknown }[] | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const item of list ?? []) {
    const value = attributeValue(item.value);
    if (value !== undefined) map.set(item.key, value);
  }
  return map;
}

const MESSAGING: Record<string, string> = {
  kafka: 'kafka',
  rabbitmq: 'amqp',
  activemq: 'amqp',
  aws_sqs: 'amqp',
  gcp_pubsub: 'amqp',
};

function protocolOf(attrs: Map<string, string>): string {
  const messaging = attrs.get('messaging.system');
  if (messaging) return MESSAGING[messaging] ?? messaging;
  if (attrs.get('rpc.system')) return attrs.get('rpc.system') === 'grpc' ? 'grpc' : 'rpc';
  if (attrs.get('db.system') || attrs.get('db.system.name')) return 'db';
  return 'http';
}

/** Tempo's order of preference for naming the callee of an unpaired client span. */
function peerOf(attrs: Map<string, string>): string | undefined {
  const named = attrs.get('service.peer.name') ?? attrs.get('peer.service');
  if (named) return named;
  const host = attrs.get('server.address') ?? attrs.get('net.peer.name') ?? attrs.get('net.sock.peer.addr');
  const port = attrs.get('server.port') ?? attrs.get('net.peer.port');
  if (host) return port ? `${host}:${port}` : host;
  const url = attrs.get('url.full') ?? attrs.get('http.url');
  if (url) return url;
  return (
    attrs.get('db.namespace') ??
    attrs.get('db.name') ??
    attrs.get('db.system.name') ??
    attrs.get('db.system') ??
    attrs.get('messaging.destination.name')
  );
}

/** Express-style route parameters (`/users/:id`) written as OpenAPI's (`/users/{id}`), so they match a spec. */
const routeTemplate = (route: string) => route.replace(/\/:([A-Za-z0-9_]+)/g, '/{$1}');

/**
 * The method and path of an HTTP span: `http.route` (the server's template) first, else the called path
 * (`url.path`, `http.target`, the path of `url.full`/`http.url`), whose query is dropped.
 */
function operationOf(attrs: Map<string, string>): Pick<FlowSpan, 'method' | 'path'> {
  const method = attrs.get('http.request.method') ?? attrs.get('http.method');
  if (method === undefined || !isMethodToken((i) => method.charCodeAt(i), 0, method.length)) return {};
  const route = attrs.get('http.route');
  const target = attrs.get('url.path') ?? attrs.get('http.target') ?? attrs.get('url.full') ?? attrs.get('http.url');
  const path = route?.startsWith('/') ? routeTemplate(route) : target && requestTargetPath(target);
  return path ? { method, path } : {};
}

/** A span's method and path as a record's fields, or none when it recorded no HTTP operation. */
const calledOperation = (span: FlowSpan): Pick<FlowRecord, 'method' | 'path'> =>
  span.method !== undefined && span.path !== undefined ? { method: span.method, path: span.path } : {};

const nanosToMs = (value: string | number): number =>
  typeof value === 'number' ? value / 1e6 : Number(BigInt(value) / 1000n) / 1000;

export interface SpanExtraction {
  spans: FlowSpan[];
  malformed: { reason: string; text: string }[];
}

/** The spans of one export request; a malformed span is reported, never fatal. */
export function extractSpans(request: ExportTraceRequest): SpanExtraction {
  const spans: FlowSpan[] = [];
  const malformed: SpanExtraction['malformed'] = [];
  for (const resourceSpans of request.resourceSpans ?? []) {
    const service = attributeMap(resourceSpans.resource?.attributes).get('service.name') ?? 'unknown_service';
    for (const scope of [...(resourceSpans.scopeSpans ?? []), ...(resourceSpans.instrumentationLibrarySpans ?? [])]) {
      for (const raw of scope.spans ?? []) {
        const parsed = spanSchema.safeParse(raw);
        const traceId = parsed.success ? normalizeId(parsed.data.traceId) : undefined;
        const spanId = parsed.success ? normalizeId(parsed.data.spanId) : undefined;
        if (!parsed.success || !traceId || !spanId) {
          malformed.push({
            reason: parsed.success ? 'unreadable trace or span id' : parsed.error.issues[0].message,
            text: JSON.stringify(raw).slice(0, 300),
          });
          continue;
        }
        const span = parsed.data;
        const attrs = attributeMap(span.attributes);
        const code = span.status?.code;
        const startMs = nanosToMs(span.startTimeUnixNano);
        const httpStatus = Number(attrs.get('http.response.status_code') ?? attrs.get('http.status_code'));
        spans.push({
          traceId,
          spanId,
          parentSpanId: normalizeId(span.parentSpanId),
          kind: kindOf(span.kind),
          service,
          peer: peerOf(attrs),
          protocol: protocolOf(attrs),
          startMs,
          durationMs: Math.max(0, nanosToMs(span.endTimeUnixNano) - startMs),
          error: code === 2 || code === 'STATUS_CODE_ERROR',
          ...(Number.isInteger(httpStatus) && httpStatus > 0 ? { httpStatus } : {}),
          ...operationOf(attrs),
        });
      }
    }
  }
  return { spans, malformed };
}

/** A call's status from its spans: the HTTP status one of them records, else 0 (failed) for an error, else unknown. */
const statusOf = (...spans: FlowSpan[]): number =>
  spans.find((span) => span.httpStatus !== undefined)?.httpStatus ??
  (spans.some((span) => span.error) ? 0 : Number.NaN);

const isCaller = (span: FlowSpan) => span.kind === 'client' || span.kind === 'producer';
const isCallee = (span: FlowSpan) => span.kind === 'server' || span.kind === 'consumer';

export interface Pairing {
  records: FlowRecord[];
  /** callers and callees still waiting for their other half */
  waiting: FlowSpan[];
}

/**
 * Service-graph edges as Tempo derives them: a CLIENT (PRODUCER) span and the SERVER (CONSUMER) span whose parent
 * it is make one edge client.service → server.service, with the client- and server-side latency kept apart.
 * Spans without their other half are returned as waiting: a receiver keeps them for a while, an import settles them.
 */
export function pairSpans(spans: readonly FlowSpan[]): Pairing {
  const callers = new Map<string, FlowSpan>();
  for (const span of spans) if (isCaller(span)) callers.set(`${span.traceId}:${span.spanId}`, span);
  const records: FlowRecord[] = [];
  const paired = new Set<FlowSpan>();
  for (const span of spans) {
    if (!isCallee(span) || !span.parentSpanId) continue;
    const caller = callers.get(`${span.traceId}:${span.parentSpanId}`);
    if (!caller) continue;
    paired.add(caller).add(span);
    records.push({
      ts: caller.startMs,
      source: caller.service,
      target: span.service,
      protocol: caller.protocol !== 'http' ? caller.protocol : span.protocol,
      status: statusOf(span, caller),
      bytes: 0,
      clientMs: caller.durationMs,
      serverMs: span.durationMs,
      // the server's route names the operation best; the caller's path when the server did not record one
      ...calledOperation(span.path !== undefined ? span : caller),
    });
  }
  const waiting = spans.filter(
    (span) => !paired.has(span) && (isCaller(span) || (isCallee(span) && span.parentSpanId !== undefined)),
  );
  return { records, waiting };
}

/** What is left when no other half will come: a caller becomes an edge to the peer it names; a lone callee, nothing. */
export function settleUnpaired(spans: readonly FlowSpan[]): FlowRecord[] {
  return spans
    .filter((span) => isCaller(span) && span.peer !== undefined)
    .map((span) => ({
      ts: span.startMs,
      source: span.service,
      target: span.peer!,
      protocol: span.protocol,
      status: statusOf(span),
      bytes: 0,
      clientMs: span.durationMs,
      ...calledOperation(span),
    }));
}
