import { planRequest } from './conformance.js';
import type { HttpGatherer } from './gatherer.js';
import { recordExchange } from './record.js';
import { isProtected, type AuthArtifact, type AuthProbe } from '../model/artifacts/security.js';

const MAX_LIVE_OPERATIONS = 2;
/** the live auth probe reads only: a protected GET or HEAD, planned like a conformance call */
const SAFE_READS: ReadonlySet<string> = new Set(['GET', 'HEAD']);

export const authGatherer: HttpGatherer<'auth'> = {
  artifact: 'auth',
  serves: 'http',
  timeoutMs: 60_000,
  async gather({ system, probe, signal, progress, loadSpec }): Promise<AuthArtifact> {
    const artifact: AuthArtifact = {
      credentialType: probe.credentialType,
      live: { reason: 'no spec names a protected operation to call' },
    };
    if (!system.spec) return artifact;
    progress(`reading security schemes from ${system.spec}`);
    const spec = await loadSpec();
    if ('error' in spec) {
      artifact.spec = { source: system.spec, error: spec.error };
      return artifact;
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
      const anonymous = await recordExchange(probe, {
        method: operation.method,
        url,
        headers,
        authenticate: false,
        signal,
      });
      const authenticated = probe.hasCredential
        ? await recordExchange(probe, { method: operation.method, url, headers, signal })
        : undefined;
      probes.push({
        method: operation.method,
        path: operation.path,
        url: probe.redactor.text(url),
        anonymous,
        authenticated,
      });
    }
    artifact.live = { probes };
    return artifact;
  },
};
