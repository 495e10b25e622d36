import { planRequest } from './conformance.js';
import type { GatherContext, HttpGatherer } from './gatherer.js';
import type { HttpMethod } from '../model/artifacts/spec.js';
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

    const targets = operations
      .filter(isProtected)
      .map((operation) => ({ operation, plan: planRequest(system, operation, SAFE_READS) }))
      .flatMap(({ operation, plan }) => ('url' in plan ? [{ operation, url: plan.url, headers: plan.headers }] : []))
      .slice(0, MAX_LIVE_OPERATIONS);
    if (targets.length === 0) {
      artifact.live = {
        reason: 'the spec has no protected GET operation Junction can call (all need parameters without examples)',
      };
      return artifact;
    }
    const probes: AuthProbe[] = [];
    for (const { operation, url, headers } of targets) {
      progress(`${operation.method} ${operation.path} without and with the credential`);
      probes.push(await callBoth(context, { method: operation.method, path: operation.path, url, headers }));
    }
    artifact.live = { probes };
    return artifact;
  },
};
