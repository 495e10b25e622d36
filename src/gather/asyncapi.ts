import { readAsyncApi } from '../asyncapi/asyncapi.js';
import type { AsyncApiArtifact } from '../model/artifacts/broker.js';
import { SpecReadError } from '../openapi/errors.js';
import type { BrokerGatherer } from './gatherer.js';
import { probeFetcher, specReading } from './spec.js';

const unreadable = (source: string, message: string): AsyncApiArtifact => ({
  source,
  version: '',
  title: '',
  documentVersion: '',
  valid: false,
  problems: [{ message, pointer: '' }],
  channels: [],
});

/** A broker's `spec:`, read as an AsyncAPI document under the same rules as OpenAPI specs. */
export const asyncApiGatherer: BrokerGatherer<'asyncapi'> = {
  artifact: 'asyncapi',
  serves: 'broker',
  timeoutMs: 60_000,
  async gather({ system, probe, signal, resolvePath, progress }): Promise<AsyncApiArtifact> {
    if (!system.spec) return unreadable('', 'no AsyncAPI document declared (systems[].spec)');
    progress(`reading ${system.spec}`);
    try {
      const { entry, options } = specReading(system, system.spec, resolvePath, probeFetcher(probe, signal));
      return await readAsyncApi(entry, system.spec, options);
    } catch (error) {
      if (error instanceof SpecReadError) return unreadable(system.spec, `cannot be read: ${error.describe()}`);
      throw error;
    }
  },
};
