import type { BrokerArtifact, BrokerQueue } from '../../src/model/artifacts/broker.js';
import type { Verdict } from '../../src/model/finding.js';

/** A queue in both samples: what it was, what it is, and the seconds between. */
export interface QueuePair {
  name: string;
  before: BrokerQueue;
  now: BrokerQueue;
  seconds: number;
}

/** Queues present in both samples (a queue created or deleted between them has no trend to judge). */
export function queuePairs(broker: BrokerArtifact): QueuePair[] {
  const [first, second] = broker.samples;
  const before = new Map(first.queues.map((queue) => [queue.name, queue]));
  const seconds = Math.max(0.001, (second.at - first.at) / 1000);
  return second.queues.flatMap((now) => {
    const old = before.get(now.name);
    return old ? [{ name: now.name, before: old, now, seconds }] : [];
  });
}

/** The skip of a queue check on a vhost with no queue in both readings: nothing to judge, said so. */
export const noQueues = (broker: BrokerArtifact): Verdict => ({
  status: 'skip',
  summary: `No queue in vhost ${broker.vhost} in both readings: nothing to judge`,
  evidence: [],
});

/** A queue's dead-letter exchange and routing key, by argument or by policy (the argument wins, as in RabbitMQ). */
export function deadLetterOf(
  queue: BrokerQueue,
): { exchange: string; routingKey?: string; by: 'argument' | 'policy' } | undefined {
  const argument = queue.arguments['x-dead-letter-exchange'];
  if (typeof argument === 'string') {
    const key = queue.arguments['x-dead-letter-routing-key'];
    return { exchange: argument, routingKey: typeof key === 'string' ? key : undefined, by: 'argument' };
  }
  const policy = queue.effectivePolicy['dead-letter-exchange'];
  if (typeof policy === 'string') {
    const key = queue.effectivePolicy['dead-letter-routing-key'];
    return { exchange: policy, routingKey: typeof key === 'string' ? key : undefined, by: 'policy' };
  }
  return undefined;
}

/**
 * The queues dead letters land in: those bound to an exchange some queue dead-letters to, and, for the default
 * exchange (''), the queue its dead-letter routing key names.
 */
export function deadLetterQueues(broker: BrokerArtifact): Set<string> {
  const queues = broker.samples[1].queues;
  const targets = new Set<string>();
  for (const queue of queues) {
    const dead = deadLetterOf(queue);
    if (!dead) continue;
    if (dead.exchange === '') {
      if (dead.routingKey) targets.add(dead.routingKey);
      continue;
    }
    for (const binding of broker.bindings)
      if (binding.source === dead.exchange && binding.destinationType === 'queue') targets.add(binding.destination);
  }
  return targets;
}

/** Messages moved through a queue between the samples, or waiting in it. */
export const carriesTraffic = (pair: QueuePair): boolean =>
  pair.now.messages > 0 ||
  pair.now.published > pair.before.published ||
  pair.now.delivered > pair.before.delivered ||
  pair.now.publishRate > 0 ||
  pair.now.deliverRate > 0;

export const rate = (value: number): number => Math.round(value * 100) / 100;
