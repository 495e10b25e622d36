import type { Estate } from '../model/estate.js';
import type { Store } from '../store/store.js';
import { EdgeAggregator } from './aggregate.js';
import type { SpecRoutes } from './operation-aggregate.js';
import { exportTraceRequestSchema, extractSpans, pairSpans, settleUnpaired, type FlowSpan } from './otlp.js';
import { PeerMap } from './peers.js';

/** How long a span waits for its other half (Tempo's service graph waits 10 s by default; exporters batch for 5 s). */
export const PENDING_SPAN_MS = 30_000;
/** The log_source under which received spans' edges are stored. */
export const OTLP_RECEIVER_SOURCE = 'otlp-receiver';

export interface OtlpReceiverContext {
  store: Store;
  estate: Estate;
  /** the spec operations of the systems that have one, which traced calls are matched to (read once per workspace load) */
  specs?: SpecRoutes;
  now?: number;
}

/** What `POST /v1/traces` answers: OTLP's ExportTraceServiceResponse, with a partial success for rejected spans. */
export interface OtlpResponse {
  status: number;
  body: { partialSuccess?: { rejectedSpans: number; errorMessage: string } } | { code: number; message: string };
}

/**
 * The receiver behind `POST /v1/traces` (OTLP/HTTP JSON): pairs the new spans with those waiting from earlier
 * exports of the same traces, stores the edges, keeps the still unpaired spans for PENDING_SPAN_MS, and settles the
 * ones that waited longer (a client span then names its peer). A pure handler: the HTTP host parses the JSON body.
 */
export function receiveOtlpTraces(body: unknown, context: OtlpReceiverContext): OtlpResponse {
  const request = exportTraceRequestSchema.safeParse(body);
  if (!request.success)
    return {
      status: 400,
      body: { code: 3, message: `not an OTLP ExportTraceServiceRequest: ${request.error.issues[0].message}` },
    };
  const now = context.now ?? Date.now();
  const { spans, malformed } = extractSpans(request.data);
  const flows = context.store.flows;
  flows.transaction(() => {
    const traceIds = [...new Set(spans.map((span) => span.traceId))];
    const earlier = flows.pendingOfTraces(traceIds).map((json) => JSON.parse(json) as FlowSpan);
    const known = new Set(spans.map((span) => `${span.traceId}:${span.spanId}`));
    const pairing = pairSpans([...earlier.filter((span) => !known.has(`${span.traceId}:${span.spanId}`)), ...spans]);
    const waiting = new Set(pairing.waiting);
    flows.removePending(earlier.filter((span) => !waiting.has(span)));
    flows.addPending(
      pairing.waiting.filter((span) => !earlier.includes(span)),
      now,
    );
    const expired = flows.takeExpired(now - PENDING_SPAN_MS).map((json) => JSON.parse(json) as FlowSpan);
    const aggregator = new EdgeAggregator(new PeerMap(context.estate.systems), context.specs);
    for (const record of [...pairing.records, ...settleUnpaired(expired)]) aggregator.add(record);
    flows.mergeHours(OTLP_RECEIVER_SOURCE, aggregator.take());
    flows.mergeOperationHours(OTLP_RECEIVER_SOURCE, aggregator.takeOperations());
  });
  return {
    status: 200,
    body:
      malformed.length === 0
        ? {}
        : { partialSuccess: { rejectedSpans: malformed.length, errorMessage: malformed[0].reason } },
  };
}

/**
 * Settles the spans that waited longer than PENDING_SPAN_MS (all of them with `everything`): a client span whose
 * server half never came names its peer from its attributes. Returns the calls it added.
 */
export function settleWaitingSpans(context: OtlpReceiverContext, everything = false): number {
  const flows = context.store.flows;
  const before = everything ? Number.MAX_SAFE_INTEGER : (context.now ?? Date.now()) - PENDING_SPAN_MS;
  return flows.transaction(() => {
    const expired = flows.takeExpired(before).map((json) => JSON.parse(json) as FlowSpan);
    const aggregator = new EdgeAggregator(new PeerMap(context.estate.systems), context.specs);
    for (const record of settleUnpaired(expired)) aggregator.add(record);
    flows.mergeHours(OTLP_RECEIVER_SOURCE, aggregator.take());
    flows.mergeOperationHours(OTLP_RECEIVER_SOURCE, aggregator.takeOperations());
    return aggregator.records;
  });
}

/**
 * While the headless host runs: settles waiting spans every `everyMs`, so edges appear even when no more traces come;
 * `stop` settles the rest. The context is read at each turn (the workspace may be reloaded meanwhile).
 */
export function startSpanSettling(
  context: () => OtlpReceiverContext,
  everyMs = PENDING_SPAN_MS / 3,
): { stop(): number } {
  const timer = setInterval(() => settleWaitingSpans(context()), everyMs);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      return settleWaitingSpans(context(), true);
    },
  };
}
