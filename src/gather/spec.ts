import type { System } from '../model/estate.js';
import type { Probe } from '../probe/probe.js';
import { diffSpecs } from '../openapi/diff.js';
import { isInsideFolder } from '../util/inside-folder.js';
import type { Fetcher, ReadOptions } from '../openapi/documents.js';
import { SpecReadError } from '../openapi/errors.js';
import { ingestSpec, type IngestedSpec } from '../openapi/ingest.js';
import { lintSpec } from '../openapi/lint.js';
import type { HttpGatherer } from './gatherer.js';
import type { SpecArtifact, SpecIndex } from '../model/artifacts/spec.js';
import { isHttpUrl } from '../model/location.js';

/**
 * Remote specs and allowed remote $refs are fetched through the system's Probe (its budget, caps and redaction apply)
 * as documents: anonymously, unless auth.origins names their origin.
 */
export function probeFetcher(probe: Probe, signal: AbortSignal): Fetcher {
  return async (url) => {
    const response = await probe.request({
      method: 'GET',
      url,
      headers: { accept: 'application/json, application/yaml;q=0.9, */*;q=0.5' },
      target: 'document',
      signal,
    });
    if (response.status !== 200) throw new SpecReadError(`HTTP ${response.status}`, url);
    return response.body;
  };
}

/** The folder a local spec's references may reach: systems[].specRoot, else the workspace for a spec inside it. */
function specRootOf(system: System, entry: string, resolvePath: (path: string) => string): string | undefined {
  if (system.specRoot) return resolvePath(system.specRoot);
  const workspace = resolvePath('.');
  return isInsideFolder(workspace, entry) ? workspace : undefined;
}

/** Where a system's spec (OpenAPI or AsyncAPI) is read from, and under which rules: its root, hosts and caps. */
export function specReading(
  system: System,
  source: string,
  resolvePath: (path: string) => string,
  fetch: Fetcher,
): { entry: string; options: ReadOptions } {
  const entry = isHttpUrl(source) ? source : resolvePath(source);
  return {
    entry,
    options: {
      allowedHosts: system.allow.remoteRefs ?? [],
      fetch,
      root: isHttpUrl(source) ? undefined : specRootOf(system, entry, resolvePath),
      hints: { root: 'systems[].specRoot', remoteRefs: 'systems[].allow.remoteRefs' },
    },
  };
}

/** Ingests one spec of a system, or says why it cannot be read. */
export async function ingestFor(
  system: System,
  source: string,
  resolvePath: (path: string) => string,
  fetch: Fetcher,
  validate = true,
): Promise<IngestedSpec | { error: string }> {
  try {
    const { entry, options } = specReading(system, source, resolvePath, fetch);
    return await ingestSpec(entry, source, { ...options, validate });
  } catch (error) {
    if (error instanceof SpecReadError) return { error: error.describe() };
    throw error;
  }
}

/** Reads the system's spec at most once, whichever gatherer asks first. */
export function specLoader(
  system: System,
  probe: Probe,
  resolvePath: (path: string) => string,
  signal: AbortSignal,
): () => Promise<IngestedSpec | { error: string }> {
  let loaded: Promise<IngestedSpec | { error: string }> | undefined;
  return () =>
    (loaded ??= system.spec
      ? ingestFor(system, system.spec, resolvePath, probeFetcher(probe, signal))
      : Promise.resolve({ error: 'no spec declared (systems[].spec)' }));
}

/** An index for a spec that is missing or could not be read: invalid, with the reason as its only problem. */
export function unreadable(source: string, reason: string): SpecIndex {
  return {
    source,
    specVersion: '',
    title: '',
    version: '',
    hash: '',
    bytes: 0,
    files: 0,
    valid: false,
    problems: [{ severity: 'error', message: reason, pointer: '' }],
    servers: [],
    paths: 0,
    operations: [],
    webhooks: 0,
    schemas: 0,
    securitySchemes: [],
    security: [],
  };
}

export const specGatherer: HttpGatherer<'spec'> = {
  artifact: 'spec',
  serves: 'http',
  timeoutMs: 60_000,
  async gather({ system, probe, signal, resolvePath, progress, loadSpec, estate }): Promise<SpecArtifact> {
    if (!system.spec) return unreadable('', 'no spec declared (systems[].spec)');
    const fetch = probeFetcher(probe, signal);
    progress(`reading ${system.spec}`);
    const current = await loadSpec();
    if ('error' in current) return unreadable(system.spec, `cannot be read: ${current.error}`);
    const artifact: SpecArtifact = { ...current.index, ...lintSpec(current, estate?.lint) };
    if (system.specPrevious) {
      progress(`reading ${system.specPrevious} and comparing`);
      const previous = await ingestFor(system, system.specPrevious, resolvePath, fetch, false);
      if ('error' in previous) artifact.previous = { source: system.specPrevious, error: previous.error };
      else {
        const { source, entry, specVersion, title, version, hash, bytes, files } = previous.index;
        artifact.previous = {
          source,
          entry,
          specVersion,
          title,
          version,
          hash,
          bytes,
          files,
          diff: diffSpecs(previous, current, { rules: estate?.diff }),
        };
      }
    }
    return artifact;
  },
};
