import type { System } from '../../src/estate/schema.js';
import type { ArtifactMap } from '../../src/gather/artifacts.js';
import type { Gatherer } from '../../src/gather/gatherer.js';
import { Probe, policyFor } from '../../src/probe/probe.js';

/** Runs one gatherer for a system as the audit runner would (its own Probe, no credential), paths relative to `dir`. */
export async function gatherWith<K extends keyof ArtifactMap>(gatherer: Gatherer<K>, system: System, probe = new Probe(system, { policy: policyFor(system) }), dir = process.cwd()): Promise<ArtifactMap[K]> {
  return gatherer.gather({ system, probe, signal: new AbortController().signal, resolvePath: (path) => `${dir}/${path}`, progress: () => {} });
}
