import { summarizeFlows } from '../flows/summary.js';
import { flowWindow } from '../flows/window.js';
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
    // over the week up to the latest imported traffic, as `junction flows show` reads it
    return summarizeFlows(store, estate, flowWindow(store));
  },
};
