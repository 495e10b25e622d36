import { join } from 'node:path';
import type { System } from '../../src/model/estate.js';
import type { ArtifactMap } from '../../src/model/artifacts/map.js';
import { gatherFrom, type GatherContext, type Gatherer } from '../../src/gather/gatherer.js';
import { specLoader } from '../../src/gather/spec.js';
import { Probe, policyFor } from '../../src/probe/probe.js';
import { DEFAULT_SETTINGS } from '../../checks/contract.js';

/** A gather context as the audit runner builds it (its own Probe, no credential), paths relative to `dir`. */
export function gatherContext<S extends System>(
  system: S,
  probe = new Probe(system, { policy: policyFor(system) }),
  dir = process.cwd(),
): GatherContext<S> {
  const signal = new AbortController().signal;
  const resolvePath = (path: string) => (/^(\/|https?:)/.test(path) ? path : join(dir, path));
  return {
    system,
    probe,
    signal,
    resolvePath,
    progress: () => {},
    loadSpec: specLoader(system, probe, resolvePath, signal),
    settings: DEFAULT_SETTINGS,
  };
}

/** Runs one gatherer for a system as the audit runner would. */
export async function gatherWith<K extends keyof ArtifactMap>(
  gatherer: Gatherer<K>,
  system: System,
  probe?: Probe,
  dir?: string,
): Promise<ArtifactMap[K]> {
  return gatherFrom(gatherer, gatherContext(system, probe, dir));
}
