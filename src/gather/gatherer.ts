import type { Estate, System } from '../model/estate.js';
import type { Probe } from '../probe/probe.js';
import type { IngestedSpec } from '../openapi/ingest.js';
import type { Store } from '../store/store.js';
import type { ArtifactMap } from '../model/artifacts/map.js';

export interface GatherContext {
  system: System;
  probe: Probe;
  signal: AbortSignal;
  /** absolute path of a file the estate names relative to the workspace */
  resolvePath: (path: string) => string;
  progress: (message: string) => void;
  /** the whole estate and the workspace store, for artifacts about the estate rather than one system (flows) */
  estate?: Estate;
  store?: Store;
  /** the system's spec, read (and validated) once per audit and shared by every gatherer that needs it */
  loadSpec: () => Promise<IngestedSpec | { error: string }>;
}

/** What the runner gives every gatherer of one system; each call adds its own signal and progress. */
export type SharedGatherContext = Omit<GatherContext, 'signal' | 'progress'>;

/** Collects one kind of evidence for one system; the only layer of the audit that touches the network. */
export interface Gatherer<K extends keyof ArtifactMap = keyof ArtifactMap> {
  artifact: K;
  /** the gatherer is aborted past this */
  timeoutMs: number;
  gather(context: GatherContext): Promise<ArtifactMap[K]>;
}
