import { setTimeout as sleep } from 'node:timers/promises';
import { ManagementApi } from '../broker/management.js';
import type { BrokerArtifact, BrokerSample } from '../model/artifacts/broker.js';
import type { BrokerGatherer } from './gatherer.js';

/**
 * What the broker holds, read from its management API: the overview, the queues twice (`sampleInterval` apart, so
 * growth and drain can be judged), exchanges, bindings and policies. GETs only.
 */
export const brokerGatherer: BrokerGatherer<'broker'> = {
  artifact: 'broker',
  serves: 'broker',
  timeoutMs: 90_000,
  async gather({ system, probe, signal, progress }): Promise<BrokerArtifact> {
    const api = new ManagementApi(probe, system, signal);
    progress(`reading ${system.broker.managementUrl}`);
    const [overview, user] = await Promise.all([api.overview(), api.whoami()]);
    const sample = async (): Promise<BrokerSample> => ({ at: Date.now(), queues: await api.queues() });
    const first = await sample();
    const [exchanges, bindings, policies] = await Promise.all([api.exchanges(), api.bindings(), api.policies()]);
    const wait = Math.max(0, first.at + system.broker.sampleInterval - Date.now());
    progress(`second queue sample in ${Math.round(wait / 1000)} s`);
    await sleep(wait, undefined, { signal });
    const second = await sample();
    return {
      kind: system.broker.kind,
      managementUrl: system.broker.managementUrl,
      vhost: system.broker.vhost,
      product: overview.product,
      version: overview.version,
      clusterName: overview.clusterName,
      ratesMode: overview.ratesMode,
      listeners: overview.listeners,
      user,
      samples: [first, second],
      exchanges,
      bindings,
      policies,
    };
  },
};
