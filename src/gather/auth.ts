import { planRequest } from './conformance.js';
import type { GatherContext, HttpGatherer } from './gatherer.js';
import type { HttpMethod, SpecOperation } from '../model/artifacts/spec.js';
import type { HttpSystem } from '../model/estate.js';
import { recordExchange } from './record.js';
import { isProtected, type AuthArtifact, type AuthProbe } from '../model/artifacts/security.js';

const MAX_LIVE_OPERATIONS = 2;
/** the live auth probe reads only: a protected GET or HEAD, planned like a conformance call */
const SAFE_READS: ReadonlySet<string> = new Set(['GET', 'HEAD']);

/** One call without and (when there is one) with the system's credential. */
async function callBoth(
  { probe, signal }: GatherContext,
  call: { method: HttpMethod; path: string; url: string; headers?: Record<string, string> },
): Promise<AuthProbe> {
  const { method, url, headers } = call;
  const anonymous = await recordExchange(probe, { method, url, headers, authenticate: false, signal });
  const authenticated = probe.hasCredential ? await recordExchange(probe, { method, url, headers, signal }) : undefined;
  return { method, path: call.path, url: probe.redactor.text(url), anonymous, authenticated };
}

/**
 * With no spec to name a protected operation, the base URL is what is known to need protection: asked without
 * and with the credential, so an API that answers anyone is seen, and one that never answered is not called safe.
 */
async function callBaseUrl(artifact: AuthArtifact, context: GatherContext): Promise<AuthArtifact> {
  const url = context.probe.url();
  context.progress(`GET ${url} without and with the credential`);
  const call = await callBoth(context, { method: 'GET', path: new URL(url).pathname, url });
  return { ...artifact, live: { probes: [{ ...call, baseUrl: true }] } };
}

type Target = { operation: SpecOperation; url: string; headers: Record<string, string> };

/** Names at most three operations, and how many more there are. */
const some = (operations: readonly SpecOperation[]) =>
  operations
    .slice(0, 3)
    .map((operation) => `${operation.method} ${operation.path}`)
    .join(', ') + (operations.length > 3 ? `, … (${operations.length} in all)` : '');

/**
 * The protected safe reads the live check calls, or the true reason there is none: the spec protects none, protects
 * only operations that are not reads, or every protected read needs a value it has no example for (each named with
 * what it lacks).
 */
function liveTargets(
  system: HttpSystem,
  operations: readonly SpecOperation[],
): { targets: Target[] } | { reason: string } {
  const protectedOperations = operations.filter(isProtected);
  if (protectedOperations.length === 0) {
    const optional = operations.filter((operation) => operation.security.length > 0);
    return {
      reason:
        `the spec protects none of its ${operations.length} operation(s)` +
        (optional.length > 0 ? ` (authentication is optional on ${some(optional)})` : '') +
        ': there is no protected operation to call',
    };
  }
  const reads = protectedOperations.filter((operation) => SAFE_READS.has(operation.method));
  if (reads.length === 0) {
    return {
      reason:
        `the spec's protected operations are not reads (${some(protectedOperations)}): ` +
        'the live check calls only a protected GET or HEAD',
    };
  }
  const refused: string[] = [];
  const targets: Target[] = [];
  for (const operation of reads) {
    const plan = planRequest(system, operation, SAFE_READS);
    if ('url' in plan) targets.push({ operation, url: plan.url, headers: plan.headers });
    else refused.push(`${operation.method} ${operation.path}: ${plan.reason}`);
  }
  if (targets.length === 0) return { reason: `no protected read can be called (${refused.join('; ')})` };
  return { targets: targets.slice(0, MAX_LIVE_OPERATIONS) };
}

export const authGatherer: HttpGatherer<'auth'> = {
  artifact: 'auth',
  serves: 'http',
  timeoutMs: 60_000,
  async gather(context): Promise<AuthArtifact> {
    const { system, probe, progress, loadSpec } = context;
    const artifact: AuthArtifact = {
      credentialType: probe.credentialType,
      live: { reason: 'no spec names a protected operation to call' },
    };
    if (!system.spec) return callBaseUrl(artifact, context);
    progress(`reading security schemes from ${system.spec}`);
    const spec = await loadSpec();
    if ('error' in spec) {
      artifact.spec = { source: system.spec, error: spec.error };
      return callBaseUrl(artifact, context);
    }
    const operations = spec.index.operations;
    artifact.spec = {
      source: system.spec,
      schemes: spec.index.securitySchemes,
      operations: operations.map(({ method, path, operationId, security }) => ({
        method,
        path,
        operationId,
        security,
      })),
    };

    // a spec without operations names nothing to call: the base URL is asked, as for a system without a spec
    if (operations.length === 0) return callBaseUrl(artifact, context);
    const planned = liveTargets(system, operations);
    if ('reason' in planned) {
      artifact.live = { reason: planned.reason };
      return artifact;
    }
    const targets = planned.targets;
    const probes: AuthProbe[] = [];
    for (const { operation, url, headers } of targets) {
      progress(`${operation.method} ${operation.path} without and with the credential`);
      probes.push(await callBoth(context, { method: operation.method, path: operation.path, url, headers }));
    }
    artifact.live = { probes };
    return artifact;
  },
};
