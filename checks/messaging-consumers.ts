import { defineCheck } from './contract.js';
import { deadLetterQueues, noQueues, queuePairs, rate } from './lib/broker.js';
import { table } from './lib/evidence.js';
import { Problems } from './lib/verdict.js';

export const messagingConsumers = defineCheck({
  id: 'messaging.consumers',
  category: 'Messaging',
  basis: 'observed',
  title: 'Every queue holding messages has a consumer that acknowledges',
  failureTitle: 'Messages wait in queues nobody consumes, or consumers stopped acknowledging',
  description:
    'A queue holding messages with no consumer is a flow that stopped; unacknowledged messages growing while no ' +
    'acknowledgement arrives is a consumer that hangs. Judged on two readings of the queues, seconds apart. ' +
    'Learn more: https://www.rabbitmq.com/docs/confirms#consumer-acknowledgements',
  requires: ['broker'],
  appliesTo: () => true,
  judge({ broker }) {
    const problems = new Problems();
    const pairs = queuePairs(broker);
    if (pairs.length === 0) return noQueues(broker);
    // dead letters wait for a person by design: messaging.dead-lettering judges those queues
    const dead = deadLetterQueues(broker);
    for (const { name, before, now } of pairs) {
      if (now.messages > 0 && now.consumers === 0 && !dead.has(name))
        problems.fail(`${name} holds ${now.messages} messages and has no consumer`);
      else if (now.consumers > 0 && now.unacked > before.unacked && now.ackRate === 0)
        problems.fail(
          `${name}: ${now.consumers} consumer(s) stopped acknowledging (unacked ${before.unacked} → ${now.unacked}, no acks)`,
        );
    }
    const evidence = [
      table(
        `Queues of vhost ${broker.vhost}, ${Math.round(pairs[0]?.seconds ?? 0)} s apart`,
        [
          { key: 'queue', label: 'Queue', type: 'code' },
          { key: 'messages', label: 'Messages', type: 'number' },
          { key: 'consumers', label: 'Consumers', type: 'number' },
          { key: 'unacked', label: 'Unacked (then → now)', type: 'text' },
          { key: 'ackRate', label: 'Acks/s', type: 'number' },
          { key: 'deliverRate', label: 'Delivered/s', type: 'number' },
        ],
        pairs.map(({ name, before, now }) => ({
          queue: name,
          messages: now.messages,
          consumers: now.consumers,
          unacked: `${before.unacked} → ${now.unacked}`,
          ackRate: rate(now.ackRate),
          deliverRate: rate(now.deliverRate),
        })),
      ),
    ];
    return problems.verdict({
      pass: `${pairs.length} queues: every one holding messages has a consumer, and consumers acknowledge`,
      evidence,
      remediation:
        'Start (or fix) the consumer of each queue named, or delete queues no one reads; a consumer whose unacked count ' +
        'only grows is stuck: set a prefetch limit (basic.qos), acknowledge after processing, and alert on consumers: 0.',
    });
  },
});
