import { defineCheck } from './contract.js';
import { isTransient } from '../src/model/artifacts/broker.js';
import { carriesTraffic, queuePairs } from './lib/broker.js';
import { table } from './lib/evidence.js';
import { Problems } from './lib/verdict.js';

/** How a queue survives a node's loss: quorum and streams replicate; a classic queue does only when mirrored by policy. */
function replication(type: string, policy: Record<string, unknown>): string {
  if (type === 'quorum') return 'quorum (Raft-replicated)';
  if (type === 'stream') return 'stream (replicated)';
  const mode = policy['ha-mode'];
  return typeof mode === 'string' ? `classic, mirrored (ha-mode ${mode})` : 'classic, not replicated';
}

export const messagingDurability = defineCheck({
  id: 'messaging.durability',
  category: 'Messaging',
  basis: 'inferred',
  title: 'Queues and exchanges that carry traffic survive a restart',
  failureTitle: 'Traffic goes through non-durable queues or exchanges',
  description:
    'A non-durable queue or exchange disappears when the broker restarts, with every message in it. Queues created ' +
    'for one connection (exclusive, auto-delete, server-named) are transient by design and left out. How each queue ' +
    'replicates (quorum, classic mirrored by policy, or not at all) is reported as evidence. ' +
    'Learn more: https://www.rabbitmq.com/docs/queues#durability',
  requires: ['broker'],
  appliesTo: () => true,
  judge({ broker }) {
    const problems = new Problems();
    const pairs = queuePairs(broker);
    for (const pair of pairs)
      if (!pair.now.durable && !isTransient(pair.now) && carriesTraffic(pair))
        problems.fail(`non-durable queue ${pair.name} carries traffic (${pair.now.messages} waiting)`);
    for (const exchange of broker.exchanges)
      if (!exchange.durable && !exchange.autoDelete && (exchange.publishedIn > 0 || exchange.publishInRate > 0))
        problems.fail(`non-durable exchange ${exchange.name} carries traffic (${exchange.publishedIn} published)`);
    const evidence = [
      table(
        'Queues',
        [
          { key: 'queue', label: 'Queue', type: 'code' },
          { key: 'durable', label: 'Durable', type: 'text' },
          { key: 'replication', label: 'Replication', type: 'text' },
          { key: 'traffic', label: 'Carries traffic', type: 'text' },
        ],
        pairs.map((pair) => ({
          queue: pair.name,
          durable: pair.now.durable ? 'yes' : isTransient(pair.now) ? 'no (transient by design)' : 'no',
          replication: replication(pair.now.type, pair.now.effectivePolicy),
          traffic: carriesTraffic(pair) ? 'yes' : 'no',
        })),
      ),
      table(
        'Exchanges',
        [
          { key: 'exchange', label: 'Exchange', type: 'code' },
          { key: 'type', label: 'Type', type: 'text' },
          { key: 'durable', label: 'Durable', type: 'text' },
          { key: 'published', label: 'Published in', type: 'number' },
        ],
        broker.exchanges
          .filter((exchange) => exchange.name !== '' && !exchange.name.startsWith('amq.'))
          .map((exchange) => ({
            exchange: exchange.name,
            type: exchange.type,
            durable: exchange.durable ? 'yes' : 'no',
            published: exchange.publishedIn,
          })),
      ),
    ];
    const carried =
      pairs.some(carriesTraffic) ||
      broker.exchanges.some((exchange) => exchange.publishedIn > 0 || exchange.publishInRate > 0);
    if (!carried)
      return {
        status: 'skip',
        summary: `Nothing carried traffic in vhost ${broker.vhost} between the readings: durability not judged`,
        evidence,
      };
    return problems.verdict({
      pass: 'Every queue and exchange that carries traffic is durable',
      evidence,
      remediation:
        'Declare the queues and exchanges named as durable (they must be deleted and declared again), publish persistent ' +
        'messages (delivery mode 2), and prefer quorum queues for data that must survive the loss of a node.',
    });
  },
});
