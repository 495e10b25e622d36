import type { System } from '../estate/schema.js';
import type { Gatherer } from './gatherer.js';
import { recordExchange } from './record.js';
import { isProtected, type AuthArtifact, type AuthProbe } from './security-artifact.js';
import type { SpecOperation } from './spec-artifact.js';

const MAX_LIVE_OPERATIONS = 2;

/**
 * The URL of an operation on the system: the path of its first server URL (e.g. /v1) joined with its path
 * template, path parameters filled from their examples; undefined when a required parameter has no example.
 */
export function operationUrl(system: System, operation: SpecOperation): string | undefined {
  const basePath = new URL(operation.servers[0] ?? '/', system.baseUrl).pathname.replace(/\/$/, '');
  let missing = false;
  const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const example = operation.parameters.find((parameter) => parameter.in === 'path' && parameter.name === name)?.example;
    if (example === undefined) missing = true;
    return encodeURIComponent(String(example ?? ''));
  });
  const query = new URLSearchParams();
  for (const parameter of operation.parameters.filter((p) => p.required && p.in !== 'path')) {
    if (parameter.example === undefined || parameter.in !== 'query') missing = true;
    else query.set(parameter.name, String(parameter.example));
  }
  if (missing) return undefined;
  const url = new URL(`${basePath}${path}`, system.baseUrl);
  url.search = query.toString();
  return url.toString();
}

export const authGatherer: Gatherer<'auth'> = {
  artifact: 'auth',
  timeoutMs: 60_000,
  async gather({ system, probe, signal, progress, loadSpec }): Promise<AuthArtifact> {
    const artifact: AuthArtifact = { credentialType: probe.credentialType, live: { reason: 'no spec names a protected operation to call' } };
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
      operations: operations.map(({ method, path, operationId, security }) => ({ method, path, operationId, security })),
    };

    const targets = operations
      .filter((operation) => (operation.method === 'GET' || operation.method === 'HEAD') && isProtected(operation))
      .map((operation) => ({ operation, url: operationUrl(system, operation) }))
      .filter((target): target is { operation: SpecOperation; url: string } => target.url !== undefined)
      .slice(0, MAX_LIVE_OPERATIONS);
    if (targets.length === 0) {
      artifact.live = { reason: 'the spec has no protected GET operation Junction can call (all need parameters without examples)' };
      return artifact;
    }
    const probes: AuthProbe[] = [];
    for (const { operation, url } of targets) {
      progress(`${operation.method} ${operation.path} without and with the credential`);
      const anonymous = await recordExchange(probe, { method: operation.method, url, authenticate: false, signal });
      const authenticated = probe.hasCredential ? await recordExchange(probe, { method: operation.method, url, signal }) : undefined;
      probes.push({ method: operation.method, path: operation.path, url: probe.redactor.text(url), anonymous, authenticated });
    }
    artifact.live = { probes };
    return artifact;
  },
};
