import { DEFAULT_FLOW_WINDOW_MS, summarizeFlows } from '../flows/summary.js';
import type { FlowsArtifact } from '../model/artifacts/flows.js';
import type { AnyGatherer } from './gatherer.js';

/**
 * The estate's discovered flows, log sources and monitors, read from the workspace store (what `junction flows
 * import`, the OTLP receiver and `junction monitor` wrote): no network. Estate-wide; each check judges its system's part.
 */
export const flowsGatherer: AnyGatherer<'flows'> = {
  artifact: 'flows',
  serves: 'any',
  timeoutMs: 10_000,
  gather: async ({ estate, store }): Promise<FlowsArtifact> => {
    if (!estate || !store) throw new Error('the flows artifact needs the workspace store');
    const until = Date.now();
    return summarizeFlows(store, estate, { from: until - DEFAULT_FLOW_WINDOW_MS, until });
  },
};
