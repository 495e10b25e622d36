import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Channel, ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { RunningRabbitmq } from '../../assets/demo/rabbitmq.js';
import { runAudit } from '../../src/audit/runner.js';
import { openContext, type WorkspaceContext } from '../../src/estate/context.js';
import type { Finding } from '../../src/model/finding.js';
import { tempWorkspace } from '../helpers/estate.js';
import { addMonitoringUser, brokerSystemYaml, connectApp, startTestRabbitmq, until } from '../helpers/rabbitmq.js';
import { testCertificates } from '../helpers/servers.js';

const FIXTURE = new URL('../fixtures/asyncapi/orders-broker.yaml', import.meta.url).pathname;
const MESSAGING = [
  'messaging.transport',
  'messaging.default-credentials',
  'messaging.consumers',
  'messaging.backlog',
  'messaging.dead-lettering',
  'messaging.durability',
  'documentation.asyncapi',
];

/** The problems of a verdict's summary, one per "; "-separated part. */
const parts = (finding: Finding | undefined) => (finding?.summary ?? '').split('; ');

/**
 * A broker set up the way estates go wrong: plain AMQP and a plain-HTTP management API beside the TLS ones, TLS 1.1
 * still on, the guest account alive, a queue nobody consumes, a consumer that stopped acknowledging, a dead-letter
 * queue filling up, a non-durable queue in the traffic, a backlog with old messages, and an AsyncAPI document that
 * forgot one queue. The audit must say exactly that, and only read.
 */
describe('a RabbitMQ broker audited', () => {
  let rabbit: RunningRabbitmq;
  let context: WorkspaceContext;
  const connections: ChannelModel[] = [];
  let publisher: Channel;
  let ticker: NodeJS.Timeout | undefined;
  let findings: Finding[];

  beforeAll(async () => {
    rabbit = await startTestRabbitmq({ guest: true, plainManagement: true, tlsVersions: ['tlsv1.2', 'tlsv1.1'] });
    await addMonitoringUser(rabbit, 'junction', 'monitoring-secret');
    const shop = await connectApp(rabbit, { name: 'shop', plain: true });
    const billing = await connectApp(rabbit, { name: 'billing' });
    const shipping = await connectApp(rabbit, { name: 'shipping' });
    connections.push(shop, billing, shipping);
    publisher = await shop.createChannel();
    await publisher.assertExchange('orders', 'topic', { durable: true });
    await publisher.assertExchange('orders.dlx', 'fanout', { durable: true });
    await publisher.assertQueue('orders.dead', { durable: true });
    await publisher.bindQueue('orders.dead', 'orders.dlx', '');
    await publisher.assertQueue('billing.orders', { durable: true, deadLetterExchange: 'orders.dlx' });
    await publisher.bindQueue('billing.orders', 'orders', 'order.*');
    await publisher.assertQueue('audit.orders', { durable: true });
    await publisher.bindQueue('audit.orders', 'orders', 'order.#');
    await publisher.assertQueue('shipping.stuck', { durable: true, deadLetterExchange: 'orders.dlx' });
    await publisher.assertQueue('reports.old', { durable: true, deadLetterExchange: 'orders.dlx' });
    await publisher.assertQueue('scratch', { durable: false });

    // billing processes orders and rejects the malformed ones, which go to the dead-letter queue
    const billingChannel = await billing.createChannel();
    await billingChannel.consume('billing.orders', (message) => {
      if (!message) return;
      if (message.properties.headers?.bad) billingChannel.nack(message, false, false);
      else billingChannel.ack(message);
    });
    await billingChannel.consume('scratch', (message) => message && billingChannel.ack(message));
    // shipping takes deliveries and never acknowledges them
    const shippingChannel = await shipping.createChannel();
    await shippingChannel.consume('shipping.stuck', () => {});

    const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
    for (let i = 0; i < 3; i++) publisher.sendToQueue('reports.old', Buffer.from('{}'), { timestamp: tenMinutesAgo });
    let sequence = 0;
    const tick = () => {
      const now = Math.floor(Date.now() / 1000);
      publisher.publish('orders', 'order.created', Buffer.from(`{"id":"${sequence}"}`), {
        timestamp: now,
        persistent: true,
        headers: sequence % 2 === 0 ? { bad: true } : {},
      });
      publisher.sendToQueue('shipping.stuck', Buffer.from('{}'), { timestamp: now, persistent: true });
      publisher.sendToQueue('scratch', Buffer.from('{}'), { timestamp: now });
      sequence++;
    };
    ticker = setInterval(tick, 100);
    await until(
      () => rabbit.api('GET', '/api/queues/%2F/orders.dead'),
      (answer) => ((answer.body as { messages?: number }).messages ?? 0) > 0,
    );

    const dir = tempWorkspace(`version: 1
name: Broker audit
systems:
${brokerSystemYaml(rabbit, { credential: 'broker-monitor', sampleInterval: '3s', more: '      backlog: { depth: 50000 }\n' })}    spec: orders-broker.yaml
`);
    writeFileSync(join(dir, 'ca.pem'), (await testCertificates()).caCert);
    copyFileSync(FIXTURE, join(dir, 'orders-broker.yaml'));
    context = openContext(dir, { vaultKey: () => Buffer.alloc(32, 9) });
    context.vault().set('broker-monitor', { type: 'basic', username: 'junction', password: 'monitoring-secret' });
    const result = await runAudit(
      context.workspace,
      { store: context.store, vault: context.vault },
      { checks: [...MESSAGING, 'security.https', 'architecture.topology'] },
    );
    findings = result.findings;
  }, 240_000);

  afterAll(async () => {
    clearInterval(ticker);
    for (const connection of connections) await connection.close().catch(() => {});
    context?.close();
    await rabbit?.stop();
  });

  const finding = (checkId: string) => findings.find((candidate) => candidate.checkId === checkId);

  it('finds plain AMQP, the plain management API and TLS 1.1 on the transport', () => {
    const transport = finding('messaging.transport');
    assert.equal(transport?.status, 'fail');
    assert.deepEqual(parts(transport).sort(), [
      `AMQPS 127.0.0.1:${rabbit.ports.amqps} grades B (B: TLS 1.0/1.1 accepted)`,
      `management API 127.0.0.1:${rabbit.ports.managementTls} grades B (B: TLS 1.0/1.1 accepted)`,
      `plain AMQP answers on 127.0.0.1:${rabbit.ports.amqp} (RabbitMQ 3.10.8)`,
      `the management API also answers plain HTTP at http://127.0.0.1:${rabbit.ports.management}/api/overview (HTTP 401)`,
    ]);
  });

  it('finds the guest account alive', () => {
    const guest = finding('messaging.default-credentials');
    assert.equal(guest?.status, 'fail');
    assert.equal(guest?.summary, 'The management API accepts guest/guest (tags: administrator)');
  });

  it('names the queue nobody consumes and the consumer that stopped acknowledging', () => {
    const consumers = finding('messaging.consumers');
    assert.equal(consumers?.status, 'fail');
    const named = parts(consumers).map((part) => part.split(/[ :]/)[0]);
    assert.deepEqual(named.sort(), ['audit.orders', 'reports.old', 'shipping.stuck']);
    assert.match(
      consumers.summary,
      /shipping\.stuck: 1 consumer\(s\) stopped acknowledging \(unacked \d+ → \d+, no acks\)/,
    );
    assert.match(consumers.summary, /reports\.old holds 3 messages and has no consumer/);
  });

  it('finds the old messages and the queues growing between the two samples', () => {
    const backlog = finding('messaging.backlog');
    assert.equal(backlog?.status, 'fail');
    const problems = parts(backlog);
    const old = problems.filter((part) => /oldest message/.test(part));
    assert.equal(old.length, 1);
    assert.match(old[0], /^reports\.old: its oldest message is (59\d|6\d\d) s old \(limit 300 s\)$/);
    const growing = problems.filter((part) => / grew from /.test(part)).map((part) => part.split(' ')[0]);
    assert.deepEqual(growing.sort(), ['audit.orders', 'orders.dead']);
    assert.equal(problems.length, 3, problems.join('\n'));
  });

  it('finds the dead-letter queue filling up and the work queue with no dead-letter exchange', () => {
    const dead = finding('messaging.dead-lettering');
    assert.equal(dead?.status, 'fail');
    const problems = parts(dead);
    assert.equal(problems.length, 2, problems.join('\n'));
    assert.match(
      problems.find((part) => part.startsWith('dead-letter queue'))!,
      /^dead-letter queue orders\.dead is accumulating \(\d+ → \d+\)$/,
    );
    assert.ok(problems.includes('audit.orders has no dead-letter exchange'));
  });

  it('finds the non-durable queue that carries traffic', () => {
    const durability = finding('messaging.durability');
    assert.equal(durability?.status, 'fail');
    assert.match(durability.summary, /^non-durable queue scratch carries traffic \(\d+ waiting\)$/);
  });

  it('validates the AsyncAPI 3.0 document and names the one queue it forgot', () => {
    const asyncapi = finding('documentation.asyncapi');
    assert.equal(asyncapi?.status, 'warn');
    assert.equal(asyncapi?.summary, 'AsyncAPI 3.0.0 "Orders broker" 1.4.0 is valid; undocumented queue reports.old');
    const channels = asyncapi.evidence.find((item) => item.kind === 'table' && item.title === 'Channels');
    assert.ok(channels?.kind === 'table');
    assert.equal(channels.rows.length, 7);
    assert.ok(channels.rows.every((row) => row.onBroker === 'yes' && typeof row.line === 'number'));
  });

  it('skips HTTP checks on a broker with the reason, and judges the flow checks', () => {
    const https = finding('security.https');
    assert.equal(https?.status, 'skip');
    assert.equal(https?.summary, 'rabbit is a message broker: HTTP API checks do not apply (messaging.* audit it)');
    assert.notEqual(finding('architecture.topology')?.summary, undefined);
  });

  it('only read: no queue, exchange, binding or user was declared or changed by the audit', async () => {
    const queues = (await rabbit.api('GET', '/api/queues/%2F')).body as { name: string }[];
    assert.deepEqual(queues.map((queue) => queue.name).sort(), [
      'audit.orders',
      'billing.orders',
      'orders.dead',
      'reports.old',
      'scratch',
      'shipping.stuck',
    ]);
    const users = (await rabbit.api('GET', '/api/users')).body as { name: string }[];
    assert.deepEqual(users.map((user) => user.name).sort(), ['guest', 'junction', rabbit.admin.username].sort());
    const junction = (await rabbit.api('GET', '/api/connections')).body as { user: string }[];
    assert.ok(
      junction.every((connection) => connection.user !== 'junction'),
      'the audit opened no AMQP session',
    );
  });
});
