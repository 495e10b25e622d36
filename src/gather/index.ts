import type { ArtifactMap } from './artifacts.js';
import type { Gatherer } from './gatherer.js';
import { httpGatherer } from './http.js';
import { attestationsGatherer } from './attestations.js';

/** One gatherer per artifact kind. */
export const GATHERERS: { [K in keyof ArtifactMap]: Gatherer<K> } = {
  http: httpGatherer,
  attestations: attestationsGatherer,
};
