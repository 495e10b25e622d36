import type { SpecRoutes } from '../flows/operation-aggregate.js';
import type { System } from '../model/estate.js';
import { ingestFor, probeFetcher } from './spec.js';
import type { Probe } from '../probe/probe.js';
import type { Fetcher } from '../openapi/documents.js';

/** A system's spec that could not be read: its calls are then matched to inferred templates, and the user is told. */
export interface UnreadSpec {
  system: string;
  error: string;
}

/** What to tell the user of a spec that could not be read: its system's calls are matched to nothing. */
export const unreadSpecText = ({ system, error }: UnreadSpec): string =>
  `${system}: its spec cannot be read (${error}): calls to it get inferred templates, none documented`;

/**
 * The operations of each system's spec, for matching calls at import: read under the same root and host rules as
 * the audit (a remote spec through the system's probe), without the schema validation an import does not need. A spec that cannot be read is reported, and its
 * system's calls keep inferred templates.
 */
export async function loadSpecRoutes(
  systems: readonly System[],
  resolvePath: (path: string) => string,
  probeOf: (system: System) => Probe,
  signal: AbortSignal,
): Promise<{ specs: SpecRoutes; unread: UnreadSpec[] }> {
  const specs = new Map<string, SpecRoutes extends ReadonlyMap<string, infer Routes> ? Routes : never>();
  const unread: UnreadSpec[] = [];
  for (const system of systems) {
    // a broker's spec is AsyncAPI: its channels are no HTTP operations
    if (!system.spec || system.broker) continue;
    // the probe (and the vault it may open) only for a spec that is fetched
    const fetch: Fetcher = (url, maxBytes) => probeFetcher(probeOf(system), signal)(url, maxBytes);
    const ingested = await ingestFor(system, system.spec, resolvePath, fetch, false);
    if ('error' in ingested) {
      unread.push({ system: system.id, error: ingested.error });
      continue;
    }
    specs.set(
      system.id,
      ingested.index.operations.map(({ method, path, operationId, servers }) => ({
        method,
        path,
        operationId,
        servers,
      })),
    );
  }
  return { specs, unread };
}
