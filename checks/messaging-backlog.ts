import { defineCheck } from './contract.js';
import { noQueues, queuePairs, rate } from './lib/broker.js';
import { table } from './lib/evidence.js';
import { Problems } from './lib/verdict.js';

const seconds = (ms: number) => Math.round(ms / 1000);
/** ready messages a queue must gain between the two readings to count as growing */
const MIN_GROWTH = 2;

export const messagingBacklog = defineCheck({
  id: 'messaging.backlog',
  category: 'Messaging',
  basis: 'observed',
  title: 'Queues drain: no deep backlog, no old messages, none growing',
  failureTitle: 'Queues back up',
  description:
    'Per queue: its depth and the age of its oldest message against broker.backlog (1000 messages, 5 minutes by ' +
    'default), and whether its ready messages grew between two readings seconds apart (they arrive faster than they ' +
    'drain). The ' +
    "oldest message's age is known only when publishers set the timestamp property. " +
    'Learn more: https://www.rabbitmq.com/docs/monitoring#queue-metrics',
  requires: ['broker'],
  appliesTo: () => true,
  judge({ broker }, system) {
    const limits = system.broker?.backlog ?? { depth: 1000, age: 300_000 };
    const problems = new Problems();
    const pairs = queuePairs(broker);
    if (pairs.length === 0) return noQueues(broker);
    const at = broker.samples[1].at;
    const ageOf = (head?: number) => (head === undefined ? undefined : Math.max(0, at - head));
    for (const { name, before, now, seconds: interval } of pairs) {
      if (now.messages > limits.depth) problems.fail(`${name} holds ${now.messages} messages (limit ${limits.depth})`);
      const age = ageOf(now.headTimestamp);
      if (age !== undefined && age > limits.age)
        problems.fail(`${name}: its oldest message is ${seconds(age)} s old (limit ${seconds(limits.age)} s)`);
      // ready messages wait for a consumer (unacked ones are being worked on); one message in flight at a reading is
      // no trend, so growth counts from two
      if (now.ready - before.ready >= MIN_GROWTH)
        problems.warn(
          `${name} grew from ${before.ready} to ${now.ready} ready messages in ${Math.round(interval)} s ` +
            `(in ${rate(now.publishRate)}/s, out ${rate(now.deliverRate)}/s)`,
        );
    }
    const unknownAge = pairs.filter((pair) => pair.now.messages > 0 && pair.now.headTimestamp === undefined).length;
    const evidence = [
      table(
        `Queues of vhost ${broker.vhost}`,
        [
          { key: 'queue', label: 'Queue', type: 'code' },
          { key: 'depth', label: 'Messages', type: 'number' },
          { key: 'ready', label: 'Ready (then → now)', type: 'text' },
          { key: 'oldest', label: 'Oldest message (s)', type: 'number' },
          { key: 'publishRate', label: 'In/s', type: 'number' },
          { key: 'deliverRate', label: 'Out/s', type: 'number' },
        ],
        pairs.map(({ name, before, now }) => {
          const age = ageOf(now.headTimestamp);
          return {
            queue: name,
            depth: now.messages,
            ready: `${before.ready} → ${now.ready}`,
            oldest: age === undefined ? null : seconds(age),
            publishRate: rate(now.publishRate),
            deliverRate: rate(now.deliverRate),
          };
        }),
      ),
      {
        kind: 'list' as const,
        title: 'Limits',
        items: [
          { label: 'Depth', value: limits.depth },
          { label: 'Oldest message (s)', value: seconds(limits.age) },
          { label: 'Seconds between readings', value: Math.round(pairs[0]?.seconds ?? 0) },
          { label: 'Queues with messages of unknown age (no timestamp property)', value: unknownAge },
        ],
      },
    ];
    return problems.verdict({
      pass: `${pairs.length} queues drain: none deeper than ${limits.depth}, none older than ${seconds(limits.age)} s, none growing`,
      evidence,
      remediation:
        'Add consumers (or speed them up) for the queues named, cap queue length where losing old messages is acceptable ' +
        '(x-max-length, message TTL), and alert on depth and age with a broker monitor (thresholds depth, age).',
    });
  },
});
