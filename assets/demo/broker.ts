import { randomBytes } from 'node:crypto';
import type { ChannelModel } from 'amqplib';
import { monitorSchema, systemSchema, type Flow, type Monitor, type System } from '../../src/model/estate.js';
import type { DemoCertificates } from './certificates.js';
import { RABBITMQ_SERVER, rabbitmqInstalled, startRabbitmq, type RunningRabbitmq } from './rabbitmq.js';

/** Where the demo's broker fits in the estate, and what it needs while the demo runs. */
export interface DemoBroker {
  rabbit: RunningRabbitmq;
  system: System;
  flows: Flow[];
  monitor: Monitor;
  /** the read-only user Junction reads the management API as (stored in the vault as `broker-monitor`) */
  monitoring: { username: string; password: string };
  /** commerce publishes orders; payments and a shipping worker consume them: publisher → consumer edges to import */
  traffic(): Promise<void>;
  stop(): Promise<void>;
}

/** Why the demo has no broker, or undefined when it can have one. */
export const demoBrokerAbsence = (): string | undefined =>
  rabbitmqInstalled()
    ? undefined
    : `RabbitMQ is not installed (${RABBITMQ_SERVER}): the demo has no message broker ` +
      '(apt-get install rabbitmq-server adds one)';

const ORDERS = 20;

/**
 * A private RabbitMQ for the demo, set up as estates often are: TLS and a plain AMQP port beside it, per-channel rates
 * on, commerce publishing orders to a topic exchange that payments and a shipping worker (no system of the estate)
 * consume from their own queues, and an audit queue nobody reads, so the Messaging checks and the broker's flows both
 * have something to say.
 */
export async function startDemoBroker(certificates: DemoCertificates): Promise<DemoBroker> {
  const rabbit = await startRabbitmq({
    tls: { ca: certificates.caCert, cert: certificates.cert, key: certificates.key },
  });
  const monitoring = { username: 'junction', password: randomBytes(12).toString('hex') };
  const connections: ChannelModel[] = [];
  try {
    await rabbit.api('PUT', `/api/users/${monitoring.username}`, { password: monitoring.password, tags: 'monitoring' });
    await rabbit.api('PUT', `/api/permissions/%2F/${monitoring.username}`, { configure: '', write: '', read: '' });
    // amqplib only when a broker runs: the rest of the demo never needs it
    const amqp = await import('amqplib');
    const connect = (name: string) =>
      amqp.connect(`amqps://${rabbit.admin.username}:${rabbit.admin.password}@127.0.0.1:${rabbit.ports.amqps}`, {
        ca: [certificates.caCert],
        clientProperties: { connection_name: name },
      });
    // the shipping worker is no system of the estate: an unknown consumer the audit names
    const [commerce, payments, shipping] = await Promise.all(['commerce', 'payments', 'shipping-worker'].map(connect));
    connections.push(commerce, payments, shipping);
    const publisher = await commerce.createChannel();
    await publisher.assertExchange('orders', 'topic', { durable: true });
    for (const [queue, key] of [
      ['payments.orders', 'order.created'],
      ['shipping.orders', 'order.*'],
      ['audit.orders', 'order.#'],
    ] as const) {
      await publisher.assertQueue(queue, { durable: true });
      await publisher.bindQueue(queue, 'orders', key);
    }
    for (const [connection, queue] of [
      [payments, 'payments.orders'],
      [shipping, 'shipping.orders'],
    ] as const) {
      const channel = await connection.createChannel();
      await channel.consume(queue, (message) => message && channel.ack(message));
    }
    const stop = async () => {
      for (const connection of connections) await connection.close().catch(() => {});
      await rabbit.stop();
    };
    return {
      rabbit,
      monitoring,
      system: systemSchema.parse({
        id: 'orders-broker',
        name: 'Order events',
        kind: 'broker',
        broker: {
          kind: 'rabbitmq',
          managementUrl: rabbit.managementUrl,
          amqpUrl: `amqps://127.0.0.1:${rabbit.ports.amqps}`,
          vhost: '/',
          sampleInterval: '2s',
          credential: 'broker-monitor',
        },
        tls: { ca: 'certs/ca.pem' },
        owner: 'platform-team',
      }),
      flows: [{ from: 'commerce', to: 'payments', protocol: 'amqp', description: 'orders to charge' }],
      monitor: monitorSchema.parse({ system: 'orders-broker', thresholds: { depth: 100, consumers: 0 } }),
      traffic: async () => {
        for (let i = 0; i < ORDERS; i++)
          publisher.publish('orders', 'order.created', Buffer.from(JSON.stringify({ order: i })), {
            persistent: true,
            timestamp: Math.floor(Date.now() / 1000),
          });
        // the management API counts every second: wait until both consumers' deliveries are in its statistics
        const deadline = Date.now() + 20_000;
        while (Date.now() < deadline) {
          const answers = await Promise.all(
            ['payments.orders', 'shipping.orders'].map((queue) => rabbit.api('GET', `/api/queues/%2F/${queue}`)),
          );
          const delivered = answers.map((answer) =>
            ((answer.body as { deliveries?: { stats: { deliver_get: number } }[] }).deliveries ?? []).reduce(
              (sum, entry) => sum + entry.stats.deliver_get,
              0,
            ),
          );
          if (delivered.every((count) => count >= ORDERS)) return;
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      },
      stop,
    };
  } catch (error) {
    for (const connection of connections) await connection.close().catch(() => {});
    await rabbit.stop();
    throw error;
  }
}
