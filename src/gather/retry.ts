import { randomBytes } from 'node:crypto';
import { planRequest } from './conformance.js';
import type { HttpGatherer, GatherContext } from './gatherer.js';
import type { HttpSystem } from '../model/estate.js';
import { recordExchange } from './record.js';
import type { IdempotencyReplay, RetryArtifact } from '../model/artifacts/resilience.js';
import { isIdempotencyKey, otherPayload, samplePayload } from './retry-spec.js';

/** Replays the first allowed write whose spec documents an Idempotency-Key: same key twice, another payload, no key. */
async function replayIdempotency(context: GatherContext<HttpSystem>): Promise<IdempotencyReplay | { skipped: string }> {
  const { system, probe, signal } = context;
  if (!system.spec) return { skipped: 'no spec: Junction replays only writes whose Idempotency-Key is documented' };
  const spec = await context.loadSpec();
  if ('error' in spec) return { skipped: `the spec cannot be read: ${spec.error}` };
  const keyed = spec.index.operations.filter((operation) => operation.parameters.some(isIdempotencyKey));
  if (keyed.length === 0) return { skipped: 'the spec documents no Idempotency-Key header' };
  const allowed = keyed.filter((operation) => probe.policy.allowedMethods.has(operation.method));
  if (allowed.length === 0)
    return {
      skipped: `${[...new Set(keyed.map((operation) => operation.method))].join(', ')} not allowed (allow.methods): no write was replayed`,
    };
  let reasons: string[] = [];
  for (const operation of allowed) {
    // conformance's planner builds the URL (server prefix, path and header examples); the key and the body are ours
    const plan = planRequest(
      system,
      {
        ...operation,
        requestBody: undefined,
        parameters: operation.parameters.filter((parameter) => !isIdempotencyKey(parameter)),
      },
      probe.policy.allowedMethods,
    );
    if ('reason' in plan) {
      reasons = [...reasons, `${operation.method} ${operation.path}: ${plan.reason}`];
      continue;
    }
    const payload = samplePayload(spec, operation);
    const body = JSON.stringify(payload ?? {});
    const other = otherPayload(payload);
    const key = `junction-${randomBytes(12).toString('hex')}`;
    const send = (text: string, idempotencyKey?: string) =>
      recordExchange(probe, {
        method: operation.method,
        url: plan.url,
        headers: {
          ...plan.headers,
          'content-type': 'application/json',
          ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
        },
        body: text,
        signal,
      });
    const first = await send(body, key);
    const replay = await send(body, key);
    const required = operation.parameters.find(isIdempotencyKey)?.required === true;
    const otherSample = other === undefined ? undefined : await send(JSON.stringify(other), key);
    const withoutKey = required ? await send(body) : undefined;
    // a client retrying while its first attempt is still in flight: one result, or 409 for the second
    const concurrentKey = `junction-${randomBytes(12).toString('hex')}`;
    const concurrent = await Promise.all([send(body, concurrentKey), send(body, concurrentKey)]);
    return {
      method: operation.method,
      path: operation.path,
      documented: true,
      first,
      replay,
      otherPayload: otherSample,
      withoutKey,
      concurrent,
    };
  }
  return { skipped: reasons.join('; ') };
}

/** How the system tells clients whether to retry: its error format, and idempotent replay of documented writes. */
export const retryGatherer: HttpGatherer<'retry'> = {
  artifact: 'retry',
  serves: 'http',
  timeoutMs: 60_000,
  async gather(context): Promise<RetryArtifact> {
    const { probe, signal, progress } = context;
    progress('error format');
    const notFound = await recordExchange(probe, {
      method: 'GET',
      url: probe.url(`/junction-missing-${randomBytes(4).toString('hex')}`),
      signal,
    });
    progress('idempotency replay');
    return { notFound, idempotency: await replayIdempotency(context) };
  },
};
