import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseText } from '../spec/parse.js';
import type { Gatherer, GatherContext } from './gatherer.js';
import { recordExchange } from './record.js';
import type { IdempotencyReplay, RetryArtifact } from './resilience-artifact.js';
import { otherPayload, retrySpecFacts, type RetrySpecFacts } from './retry-spec.js';

function readSpec({ system, resolvePath }: GatherContext): { facts: RetrySpecFacts } | { error: string } | undefined {
  if (!system.spec) return undefined;
  if (/^https?:/i.test(system.spec)) return { error: 'remote specs are read by the spec gatherer only' };
  try {
    const file = resolvePath(system.spec);
    return { facts: retrySpecFacts(parseText(readFileSync(file, 'utf8'), file)) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

async function replayIdempotency(context: GatherContext, facts: RetrySpecFacts | undefined): Promise<IdempotencyReplay | { skipped: string }> {
  const { probe, signal } = context;
  const operation = facts?.idempotentOperations.find((candidate) => probe.policy.allowedMethods.has(candidate.method));
  if (!facts) return { skipped: 'no local OpenAPI spec names an operation taking an Idempotency-Key' };
  if (facts.idempotentOperations.length === 0) return { skipped: 'the spec documents no Idempotency-Key header' };
  if (!operation) return { skipped: `${facts.idempotentOperations.map((op) => op.method).join(', ')} not allowed (allow.methods): no write was replayed` };
  const url = probe.url(operation.path);
  const body = JSON.stringify(operation.body ?? {});
  const other = otherPayload(operation.body);
  const key = `junction-${randomBytes(12).toString('hex')}`;
  const send = (payload: string, idempotencyKey?: string) =>
    recordExchange(probe, {
      method: operation.method,
      url,
      headers: { 'content-type': 'application/json', ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
      body: payload,
      signal,
    });
  const first = await send(body, key);
  const replay = await send(body, key);
  return {
    method: operation.method,
    path: operation.path,
    documented: true,
    first,
    replay,
    otherPayload: other === undefined ? undefined : await send(JSON.stringify(other), key),
    withoutKey: operation.required ? await send(body) : undefined,
  };
}

/** How the system tells clients whether to retry: its error format, and idempotent replay of documented writes. */
export const retryGatherer: Gatherer<'retry'> = {
  artifact: 'retry',
  timeoutMs: 60_000,
  async gather(context): Promise<RetryArtifact> {
    const { probe, signal, progress } = context;
    progress('error format');
    const notFound = await recordExchange(probe, { method: 'GET', url: probe.url(`/junction-missing-${randomBytes(4).toString('hex')}`), signal });
    const spec = readSpec(context);
    progress('idempotency replay');
    const idempotency = await replayIdempotency(context, spec && 'facts' in spec ? spec.facts : undefined);
    return {
      notFound,
      spec:
        spec === undefined
          ? undefined
          : 'facts' in spec
            ? { source: context.system.spec!, documentsLimitStatuses: spec.facts.documentsLimitStatuses, idempotentOperations: spec.facts.idempotentOperations.map(({ method, path }) => ({ method, path })) }
            : { source: context.system.spec!, error: spec.error },
      idempotency,
    };
  },
};
