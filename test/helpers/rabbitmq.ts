import amqp, { type ChannelModel } from 'amqplib';
import {
  rabbitmqInstalled,
  startRabbitmq,
  type RabbitmqOptions,
  type RunningRabbitmq,
} from '../../assets/demo/rabbitmq.js';
import { testCertificates } from './servers.js';

export { rabbitmqInstalled };

/** A private RabbitMQ with the test CA's localhost certificate on AMQPS and the management API. */
export async function startTestRabbitmq(options: Omit<RabbitmqOptions, 'tls'> = {}): Promise<RunningRabbitmq> {
  const { caCert, cert, key } = await testCertificates();
  return startRabbitmq({ ...options, tls: { ca: caCert, cert, key } });
}

/**
 * A user Junction reads the broker as: the monitoring tag (the management API, no administration) and a
 * permissions entry on the vhost that grants nothing, as the README recommends.
 */
export async function addMonitoringUser(rabbit: RunningRabbitmq, username: string, password: string): Promise<void> {
  await rabbit.api('PUT', `/api/users/${username}`, { password, tags: 'monitoring' });
  await rabbit.api('PUT', `/api/permissions/%2F/${username}`, { configure: '', write: '', read: '' });
}

/** An application's connection: over AMQPS by default, naming itself with the connection_name client property. */
export async function connectApp(
  rabbit: RunningRabbitmq,
  options: { name?: string; username?: string; password?: string; plain?: boolean },
): Promise<ChannelModel> {
  const username = options.username ?? rabbit.admin.username;
  const password = options.password ?? rabbit.admin.password;
  const { caCert } = await testCertificates();
  const clientProperties = options.name ? { connection_name: options.name } : {};
  return options.plain
    ? amqp.connect(`amqp://${username}:${password}@127.0.0.1:${rabbit.ports.amqp}`, { clientProperties })
    : amqp.connect(`amqps://${username}:${password}@127.0.0.1:${rabbit.ports.amqps}`, {
        ca: [caCert],
        clientProperties,
      });
}

/** Waits until the management API's statistics satisfy `done` (they are collected every second). */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting: last value ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * The junction.yaml entry of a test broker: its TLS management API and AMQPS port, trusting the test CA (ca.pem in
 * the workspace); `more` is added to the broker: block.
 */
export const brokerSystemYaml = (
  rabbit: RunningRabbitmq,
  options: { credential: string; sampleInterval: string; more?: string },
): string => `  - id: rabbit
    name: Order broker
    broker:
      kind: rabbitmq
      managementUrl: ${rabbit.managementUrl}
      amqpUrl: amqps://127.0.0.1:${rabbit.ports.amqps}
      credential: ${options.credential}
      sampleInterval: ${options.sampleInterval}
${options.more ?? ''}    tls: { ca: ca.pem }
`;
