import { defineCheck } from './contract.js';
import { isTransient } from '../src/model/artifacts/broker.js';
import { deadLetterOf, deadLetterQueues, noQueues, queuePairs } from './lib/broker.js';
import { table } from './lib/evidence.js';
import { Problems } from './lib/verdict.js';

export const messagingDeadLettering = defineCheck({
  id: 'messaging.dead-lettering',
  category: 'Messaging',
  basis: 'inferred',
  title: 'Work queues dead-letter what they cannot process, and dead letters are handled',
  failureTitle: 'Failed messages are lost, or pile up unhandled',
  description:
    'A durable work queue needs a dead-letter exchange (x-dead-letter-exchange or a policy), so a rejected or expired ' +
    'message is kept instead of dropped or redelivered forever; that exchange must exist and route somewhere, and a ' +
    'dead-letter queue that keeps growing is an incident nobody handles. ' +
    'Learn more: https://www.rabbitmq.com/docs/dlx',
  requires: ['broker'],
  appliesTo: () => true,
  judge({ broker }) {
    const problems = new Problems();
    const pairs = queuePairs(broker);
    if (pairs.length === 0) return noQueues(broker);
    const dead = deadLetterQueues(broker);
    const exchanges = new Set(broker.exchanges.map((exchange) => exchange.name));
    const routed = new Set(broker.bindings.map((binding) => binding.source));
    const work = pairs.filter(
      (pair) => pair.now.durable && !isTransient(pair.now) && !dead.has(pair.name) && pair.now.type !== 'stream',
    );
    for (const { name, now } of work) {
      const target = deadLetterOf(now);
      if (!target) problems.warn(`${name} has no dead-letter exchange`);
      else if (target.exchange !== '' && !exchanges.has(target.exchange))
        problems.fail(
          `${name} dead-letters to exchange "${target.exchange}", which does not exist: dead letters are dropped`,
        );
      else if (target.exchange !== '' && !routed.has(target.exchange))
        problems.fail(
          `${name} dead-letters to "${target.exchange}", which routes to no queue: dead letters are dropped`,
        );
    }
    for (const { name, before, now } of pairs.filter((pair) => dead.has(pair.name))) {
      if (now.messages > before.messages)
        problems.fail(`dead-letter queue ${name} is accumulating (${before.messages} → ${now.messages})`);
      else if (now.messages > 0 && now.consumers === 0)
        problems.warn(`dead-letter queue ${name} holds ${now.messages} messages nobody handles`);
    }
    const evidence = [
      table(
        'Queues and where their dead letters go',
        [
          { key: 'queue', label: 'Queue', type: 'code' },
          { key: 'role', label: 'Role', type: 'text' },
          { key: 'deadLetter', label: 'Dead-letter exchange', type: 'code' },
          { key: 'by', label: 'Set by', type: 'text' },
          { key: 'messages', label: 'Messages', type: 'number' },
        ],
        pairs.map(({ name, now }) => {
          const target = deadLetterOf(now);
          return {
            queue: name,
            role: dead.has(name) ? 'dead-letter queue' : isTransient(now) || !now.durable ? 'transient' : 'work queue',
            deadLetter: target ? target.exchange || '(default exchange)' : null,
            by: target ? (target.by === 'policy' ? `policy ${now.policy ?? ''}`.trim() : 'queue argument') : null,
            messages: now.messages,
          };
        }),
      ),
    ];
    if (work.length === 0 && problems.size === 0)
      return {
        status: 'skip',
        summary: `No durable work queue in vhost ${broker.vhost}: nothing to dead-letter`,
        evidence,
      };
    return problems.verdict({
      pass: `${work.length} work queues dead-letter to a routed exchange; no dead-letter queue is growing`,
      evidence,
      remediation:
        'Declare a dead-letter exchange and queue, and set it for every work queue by policy (rabbitmqctl set_policy DLX ' +
        '".*" \'{"dead-letter-exchange":"dlx"}\' --apply-to queues); consume or alert on the dead-letter queue.',
    });
  },
});
