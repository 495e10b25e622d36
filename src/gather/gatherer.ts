import type { BrokerSystem, Estate, HttpSystem, System } from '../model/estate.js';
import type { Probe } from '../probe/probe.js';
import type { IngestedSpec } from '../openapi/ingest.js';
import type { Store } from '../store/store.js';
import type { ArtifactMap } from '../model/artifacts/map.js';
import type { CheckSettings } from '../../checks/contract.js';
import type { LoadProgressPoint } from '../model/load.js';

export interface GatherContext<S extends System = System> {
  system: S;
  probe: Probe;
  signal: AbortSignal;
  /** absolute path of a file the estate names relative to the workspace */
  resolvePath: (path: string) => string;
  /** a line for the CLI; a load step adds each second's figures, which the Audit page charts */
  progress: (message: string, load?: LoadProgressPoint) => void;
  /** the whole estate and the workspace store, for artifacts about the estate rather than one system (flows) */
  estate?: Estate;
  store?: Store;
  /** the system's spec, read (and validated) once per audit and shared by every gatherer that needs it */
  loadSpec: () => Promise<IngestedSpec | { error: string }>;
  /** the run's check settings: a gatherer's safety stop is set from the budget the checks will judge by */
  settings: CheckSettings;
}

/** What the runner gives every gatherer of one system; each call adds its own signal and progress. */
export type SharedGatherContext = Omit<GatherContext, 'signal' | 'progress'>;

interface GathererCommon<K extends keyof ArtifactMap> {
  artifact: K;
  /** the gatherer is aborted past this */
  timeoutMs: number;
}

/** A gatherer of HTTP APIs: it is given only systems with a baseUrl. */
export type HttpGatherer<K extends keyof ArtifactMap> = GathererCommon<K> & {
  serves: 'http';
  gather(context: GatherContext<HttpSystem>): Promise<ArtifactMap[K]>;
};

/** A gatherer of message brokers: it is given only systems with a broker. */
export type BrokerGatherer<K extends keyof ArtifactMap> = GathererCommon<K> & {
  serves: 'broker';
  gather(context: GatherContext<BrokerSystem>): Promise<ArtifactMap[K]>;
};

/** A gatherer for any system (attestations, the estate-wide flows). */
export type AnyGatherer<K extends keyof ArtifactMap> = GathererCommon<K> & {
  serves: 'any';
  gather(context: GatherContext): Promise<ArtifactMap[K]>;
};

/**
 * Collects one kind of evidence for one system; the only layer of the audit that touches the network. `serves` says
 * which systems it can gather from, so its `gather` receives exactly that shape; a check needing an artifact its
 * system cannot give is skipped by the runner (see `servesSystem`).
 */
export type Gatherer<K extends keyof ArtifactMap = keyof ArtifactMap> =
  HttpGatherer<K> | BrokerGatherer<K> | AnyGatherer<K>;

/** true when the gatherer can gather from this system, else why not (the skip reason of the checks that need it). */
export function servesSystem(gatherer: Gatherer, system: System): true | string {
  if (gatherer.serves === 'any') return true;
  if (gatherer.serves === 'http')
    return system.broker
      ? `${system.id} is a message broker: HTTP API checks do not apply (messaging.* audit it)`
      : true;
  return system.broker ? true : `${system.id} is not a message broker (no broker: in junction.yaml)`;
}

/** Runs a gatherer on a system it serves (the shape is checked here, once, so `gather` can trust its type). */
export function gatherFrom<K extends keyof ArtifactMap>(
  gatherer: Gatherer<K>,
  context: GatherContext,
): Promise<ArtifactMap[K]> {
  const serves = servesSystem(gatherer, context.system);
  if (serves !== true) return Promise.reject(new Error(serves));
  return (gatherer as AnyGatherer<K>).gather(context);
}
