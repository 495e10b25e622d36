import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Channel, ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { RunningRabbitmq } from '../../assets/demo/rabbitmq.js';
import { runAudit } from '../../src/audit/runner.js';
import { openContext } from '../../src/estate/context.js';
import { createApiContext } from '../../src/api/context.js';
import { hostRoutes } from '../../src/server/routes.js';
import { startHost } from '../../src/server/server.js';
import { runCli } from '../helpers/cli.js';
import { assertRendererBuilt, launchChromium, screenshot, seriousViolations } from '../helpers/ui.js';
import { tempWorkspace } from '../helpers/estate.js';
import { addMonitoringUser, brokerSystemYaml, connectApp, startTestRabbitmq, until } from '../helpers/rabbitmq.js';
import { testCertificates } from '../helpers/servers.js';

const PASSWORD = 'monitoring-secret';
const env = { BROKER_PASSWORD: PASSWORD };

interface ShownEdge {
  from: string;
  to: string;
  protocol: string;
  count: number;
  declared: boolean;
  via?: string;
  routes?: { exchange: string; queue: string; perSecond: number }[];
}
interface Shown {
  edges: ShownEdge[];
  silent: { from: string; to: string }[];
  topology: { shape: string; hubs: string[]; text: string };
}

/** What `junction flows show --json` says, the edges sorted by their ends. */
async function flowsShow(dir: string): Promise<Shown> {
  const shown = await runCli(['flows', 'show', dir, '--json'], { env });
  assert.equal(shown.code, 0, shown.stderr);
  const parsed = JSON.parse(shown.stdout) as Shown;
  parsed.edges.sort((a, b) => `${a.from}>${a.to}`.localeCompare(`${b.from}>${b.to}`));
  return parsed;
}

/**
 * A broker locked down the way the README asks (no guest, no plain AMQP, TLS 1.2+ only) carrying an estate's
 * traffic: shop publishes orders that billing (naming itself billing-worker) and shipping (unnamed, known by its
 * user) consume, and a work queue nobody consumes fills with old messages. Junction must read who talks to whom
 * through the broker, from `junction flows import` and on the schedule of `junction monitor`, and sample the queues.
 */
describe('flows and monitors through a RabbitMQ broker', () => {
  let rabbit: RunningRabbitmq;
  let dir: string;
  const connections: ChannelModel[] = [];
  let publisher: Channel;
  let idleChannel: Channel;

  /** Publishes `count` orders and waits until both consumers got them and the broker's statistics say so. */
  async function publishOrders(count: number, expectedTotal: number): Promise<void> {
    for (let i = 0; i < count; i++)
      publisher.publish('orders', 'order.created', Buffer.from('{}'), { persistent: true, timestamp: Date.now() });
    for (const queue of ['billing.orders', 'shipping.orders'])
      await until(
        () => rabbit.api('GET', `/api/queues/%2F/${queue}`),
        (answer) => {
          const body = answer.body as { deliveries?: { stats: { deliver_get: number } }[] };
          return (body.deliveries ?? []).reduce((sum, entry) => sum + entry.stats.deliver_get, 0) === expectedTotal;
        },
      );
    await until(
      () => rabbit.api('GET', '/api/exchanges/%2F/orders'),
      (answer) => {
        const body = answer.body as { incoming?: { stats: { publish: number } }[] };
        return (body.incoming ?? []).reduce((sum, entry) => sum + entry.stats.publish, 0) === expectedTotal;
      },
    );
  }

  beforeAll(async () => {
    // the in-process audit reads the credential from the environment, as the CLI processes do
    process.env.BROKER_PASSWORD = PASSWORD;
    rabbit = await startTestRabbitmq({ guest: false, plainAmqp: false });
    await addMonitoringUser(rabbit, 'junction', PASSWORD);
    await rabbit.api('PUT', '/api/users/shipping-svc', { password: 'shipping-secret', tags: '' });
    await rabbit.api('PUT', '/api/permissions/%2F/shipping-svc', { configure: '.*', write: '.*', read: '.*' });
    const shop = await connectApp(rabbit, { name: 'shop' });
    const billing = await connectApp(rabbit, { name: 'billing-worker' });
    // no connection_name: the broker knows shipping by the user it logged in as
    const shipping = await connectApp(rabbit, { username: 'shipping-svc', password: 'shipping-secret' });
    connections.push(shop, billing, shipping);
    publisher = await shop.createChannel();
    await publisher.assertExchange('orders', 'topic', { durable: true });
    await publisher.assertQueue('billing.orders', { durable: true });
    await publisher.bindQueue('billing.orders', 'orders', 'order.*');
    await publisher.assertQueue('shipping.orders', { durable: true });
    await publisher.bindQueue('shipping.orders', 'orders', 'order.created');
    await publisher.assertQueue('idle.work', { durable: true });
    const billingChannel = await billing.createChannel();
    await billingChannel.consume('billing.orders', (message) => message && billingChannel.ack(message));
    const shippingChannel = await shipping.createChannel();
    await shippingChannel.consume('shipping.orders', (message) => message && shippingChannel.ack(message));
    idleChannel = await billing.createChannel();

    const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
    for (let i = 0; i < 7; i++) publisher.sendToQueue('idle.work', Buffer.from('{}'), { timestamp: tenMinutesAgo });
    await publishOrders(40, 40);
    await until(
      () => rabbit.api('GET', '/api/queues/%2F/idle.work'),
      (answer) => (answer.body as { messages?: number }).messages === 7,
    );

    dir = tempWorkspace(`version: 1
name: Orders through a broker
systems:
${brokerSystemYaml(rabbit, {
  credential: '{ type: basic, username: junction, password: "${env:BROKER_PASSWORD}" }',
  sampleInterval: '2s',
})}  - { id: shop, name: Shop, baseUrl: "http://127.0.0.1:9/shop" }
  - { id: billing, name: Billing, baseUrl: "http://127.0.0.1:9/billing", aliases: [billing-worker] }
  - { id: shipping, name: Shipping, baseUrl: "http://127.0.0.1:9/shipping", aliases: [shipping-svc] }
flows:
  - { from: shop, to: billing, protocol: amqp, description: orders to invoice }
  - { from: billing, to: shop, protocol: amqp, description: invoices back }
monitors:
  - system: rabbit
    interval: 5s
    queues: ["billing.*", idle.work]
    thresholds: { depth: 5, consumers: 0, age: 2m }
`);
    writeFileSync(join(dir, 'ca.pem'), (await testCertificates()).caCert);
  }, 240_000);

  afterAll(async () => {
    delete process.env.BROKER_PASSWORD;
    for (const connection of connections) await connection.close().catch(() => {});
    await rabbit?.stop();
  });

  it('junction flows import reads publisher → consumer edges from the management API, without a logSources entry', async () => {
    const imported = await runCli(['flows', 'import', dir, '--json'], { env });
    assert.equal(imported.code, 0, imported.stderr);
    const [result] = (JSON.parse(imported.stdout) as { imports: Record<string, unknown>[] }).imports;
    // shop, billing-worker, shipping-svc: Junction itself opened no AMQP connection
    assert.deepEqual(
      { ...result, warnings: undefined },
      { sourceId: 'rabbit', type: 'rabbitmq', connections: 3, routes: 2, messages: 80, edges: 2, warnings: undefined },
    );
    assert.deepEqual(result.warnings, []);

    const again = await runCli(['flows', 'import', dir, '--json'], { env });
    const [second] = (JSON.parse(again.stdout) as { imports: { messages: number; edges: number }[] }).imports;
    assert.deepEqual([second.messages, second.edges], [0, 0], 'a second import adds only what moved since the first');
  }, 60_000);

  it('junction flows show names the broker, its exchanges and queues, and the undocumented and silent flows', async () => {
    const shown = await flowsShow(dir);
    assert.deepEqual(
      shown.edges.map(({ from, to, protocol, count, declared, via }) => ({ from, to, protocol, count, declared, via })),
      [
        { from: 'shop', to: 'billing', protocol: 'amqp', count: 40, declared: true, via: 'rabbit' },
        { from: 'shop', to: 'shipping', protocol: 'amqp', count: 40, declared: false, via: 'rabbit' },
      ],
    );
    assert.deepEqual(
      shown.edges.map((edge) => edge.routes?.map(({ exchange, queue }) => `${exchange} → ${queue}`)),
      [['orders → billing.orders'], ['orders → shipping.orders']],
    );
    assert.deepEqual(shown.silent, [
      { from: 'billing', to: 'shop', protocol: 'amqp', description: 'invoices back', seen: false, covered: true },
    ]);
    assert.equal(shown.topology.shape, 'hub-and-spoke');
    assert.deepEqual(shown.topology.hubs, ['rabbit']);
    assert.equal(shown.topology.text, 'hub-and-spoke around rabbit: 3 of 3 links through a hub');

    const table = await runCli(['flows', 'show', dir], { env });
    assert.match(table.stdout, /Via/);
    assert.match(table.stdout, /orders → billing\.orders/);
    assert.match(table.stdout, /Declared but silent: billing → shop/);
  }, 60_000);

  it('judges the locked-down broker: TLS only, no guest; the flow checks see the broker edges', async () => {
    const context = openContext(dir);
    try {
      const { findings } = await runAudit(
        context.workspace,
        { store: context.store, vault: context.vault },
        {
          checks: [
            'messaging.transport',
            'messaging.default-credentials',
            'architecture.topology',
            'architecture.undocumented-flows',
            'monitoring.silent-flows',
          ],
        },
      );
      const finding = (id: string, system = 'rabbit') =>
        findings.find((candidate) => candidate.checkId === id && candidate.systemId === system);
      assert.equal(finding('messaging.transport')?.status, 'pass', finding('messaging.transport')?.summary);
      assert.equal(finding('messaging.default-credentials')?.status, 'pass');
      assert.match(finding('messaging.default-credentials')!.summary, /guest/);
      const undocumented = finding('architecture.undocumented-flows', 'shop');
      assert.equal(undocumented?.status, 'fail');
      assert.equal(undocumented.summary, 'Calls not declared in junction.yaml: shop → shipping');
      const silent = finding('monitoring.silent-flows', 'billing');
      assert.equal(silent?.status, 'fail');
      assert.match(silent.summary, /^No traffic on billing → shop over /);
      assert.equal(
        finding('architecture.undocumented-flows')?.summary,
        'undeclared flows through rabbit: shop → shipping',
      );
      assert.equal(finding('architecture.topology')?.summary, 'Integration hub with 3 spokes');
      assert.equal(
        finding('architecture.topology', 'shop')?.summary,
        'Integrates only through rabbit: no point-to-point integration',
      );
    } finally {
      context.close();
    }
  }, 120_000);

  it('junction monitor samples the watched queues, raises depth, consumers and age alerts, and reads the flows on its schedule', async () => {
    await publishOrders(10, 50);
    const first = await runCli(['monitor', dir, '--rounds', '1'], { env });
    assert.equal(first.code, 0, first.stderr);
    const alerts = first.stdout
      .split('\n')
      .filter((line) => line.startsWith('ALERT'))
      .sort();
    assert.equal(alerts.length, 3, first.stdout);
    const [age, consumers, depth] = alerts;
    assert.equal(consumers, 'ALERT rabbit consumers: idle.work has 0 consumers');
    assert.equal(depth, 'ALERT rabbit depth: idle.work holds 7 messages (limit 5)');
    const seconds = Number(/^ALERT rabbit age: idle\.work: oldest message (\d+) s old \(limit 120 s\)$/.exec(age)?.[1]);
    assert.ok(seconds >= 600 && seconds < 900, `the oldest message is ten minutes old: ${age}`);

    const context = openContext(dir);
    try {
      const queues = context.store.queues.latest('rabbit');
      assert.deepEqual(
        queues.map(({ queue, messages, consumers }) => ({ queue, messages, consumers })),
        [
          { queue: 'billing.orders', messages: 0, consumers: 1 },
          { queue: 'idle.work', messages: 7, consumers: 0 },
        ],
        'only the watched queues (shipping.orders is not)',
      );
      assert.ok(queues.every((queue) => queue.publishRate >= 0 && queue.deliverRate >= 0));
      assert.equal(queues.find((queue) => queue.queue === 'billing.orders')?.oldestAgeMs, undefined, 'empty: no age');
      const [sample] = context.store.samples.latest('rabbit', 1);
      assert.equal(sample.ok, true);
      assert.equal(sample.status, 200);
      assert.ok((sample.timings?.total ?? -1) > 0);
      const chart = context.store.queues.chart('rabbit', Date.now() - 3_600_000, Date.now() + 60_000);
      assert.deepEqual(
        chart.map(({ queue, samples, maxMessages, minConsumers }) => ({ queue, samples, maxMessages, minConsumers })),
        [
          { queue: 'billing.orders', samples: 1, maxMessages: 0, minConsumers: 1 },
          { queue: 'idle.work', samples: 1, maxMessages: 7, minConsumers: 0 },
        ],
      );
    } finally {
      context.close();
    }
    const shown = await flowsShow(dir);
    assert.deepEqual(
      shown.edges.map((edge) => [edge.from, edge.to, edge.count]),
      [
        ['shop', 'billing', 50],
        ['shop', 'shipping', 50],
      ],
      'the monitor imported the ten new orders of each queue',
    );

    // a worker drains the idle queue: the next round clears the three alerts
    await idleChannel.consume('idle.work', (message) => message && idleChannel.ack(message));
    await until(
      () => rabbit.api('GET', '/api/queues/%2F/idle.work'),
      (answer) => {
        const body = answer.body as { messages?: number; consumers?: number };
        return body.messages === 0 && body.consumers === 1;
      },
    );
    const second = await runCli(['monitor', dir, '--rounds', '1'], { env });
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(
      second.stdout
        .split('\n')
        .filter((line) => line.startsWith('CLEARED'))
        .sort(),
      [
        'CLEARED rabbit age: no watched queue holds a message older than 120 s',
        'CLEARED rabbit consumers: every watched queue has more than 0 consumers',
        'CLEARED rabbit depth: every watched queue holds 5 messages or fewer',
      ],
    );
  }, 120_000);

  it('the Flows page draws the edges through the broker, and the Monitoring page shows its queues', async () => {
    assertRendererBuilt();
    const ctx = createApiContext(dir);
    const host = await startHost({ ctx, routes: hostRoutes() });
    const browser = await launchChromium();
    try {
      const page = await (await browser.newContext({ viewport: { width: 1360, height: 880 } })).newPage();
      page.setDefaultTimeout(10_000);
      await page.goto(host.url);
      await page.getByRole('link', { name: 'Flows' }).click();
      await page.locator('[data-ready="flows"] .react-flow__node').first().waitFor();
      await page.locator('.react-flow__edge').nth(2).waitFor();
      // shop → rabbit once (both flows share it), rabbit → billing, rabbit → shipping, and the silent billing → shop
      const edges = await page
        .locator('.react-flow__edge')
        .evaluateAll((elements) => elements.map((element) => element.getAttribute('aria-label')).sort());
      assert.deepEqual(edges, [
        'billing to shop, amqp, silent',
        'rabbit to billing, amqp through rabbit: shop → billing',
        'rabbit to shipping, amqp through rabbit: shop → shipping, undocumented',
        'shop to rabbit, amqp through rabbit: shop → billing, shop → shipping, undocumented',
      ]);
      // the drained idle.work's 7 messages came from shop through the default exchange: a route of shop → billing too
      // each leg: its messages in the window and their rate in the graph's one unit, then what it carries
      const leg = (text: RegExp) => page.locator('.flow-edge-label', { hasText: text }).waitFor();
      await leg(/^57 msg · [\d.]+\/(min|h|day)\s+billing\.orders, idle\.work$/);
      await leg(/^107 msg · [\d.]+\/(min|h|day)\s+\(default\), orders$/);
      await page
        .getByText(/hub-and-spoke around rabbit/)
        .first()
        .waitFor();
      await page.getByRole('button', { name: 'shop → shipping' }).click();
      const panel = page.getByRole('region', { name: 'shop → shipping' });
      await panel.getByText(/rabbit: orders → shipping\.orders/).waitFor();
      await screenshot(page, 'flows-broker');
      assert.deepEqual(await seriousViolations(page), []);

      await page.getByRole('link', { name: 'Monitoring' }).click();
      const queues = page.getByRole('table', { name: 'Queues, newest reading' });
      await queues.waitFor();
      const rows = await queues
        .locator('tbody tr')
        .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 5).map((td) => td.textContent)));
      assert.deepEqual(rows, [
        ['billing.orders', '0', '0', '0', '1'],
        ['idle.work', '0', '0', '0', '1'],
      ]);
      const chart = page.getByRole('img', { name: 'Messages per queue over time' });
      await chart.locator('.recharts-legend-item').nth(1).waitFor();
      assert.deepEqual((await chart.locator('.recharts-legend-item-text').allTextContents()).sort(), [
        'billing.orders',
        'idle.work',
      ]);
      await queues.scrollIntoViewIfNeeded();
      await screenshot(page, 'monitoring-broker');
      assert.deepEqual(await seriousViolations(page), []);
    } finally {
      await browser.close();
      await host.close();
      ctx.close();
    }
  }, 90_000);
});
