import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { messagingBacklog } from '../../checks/messaging-backlog.js';
import { messagingConsumers } from '../../checks/messaging-consumers.js';
import { messagingDeadLettering } from '../../checks/messaging-dead-lettering.js';
import { messagingDefaultCredentials } from '../../checks/messaging-default-credentials.js';
import { messagingDurability } from '../../checks/messaging-durability.js';
import { messagingTransport } from '../../checks/messaging-transport.js';
import { DEFAULT_SETTINGS } from '../../checks/contract.js';
import type { BrokerArtifact, BrokerQueue, BrokerTransportArtifact } from '../../src/model/artifacts/broker.js';
import { parseEstate } from '../../src/estate/workspace.js';

const system = parseEstate(
  'version: 1\nname: X\nsystems:\n  - id: rabbit\n    name: Rabbit\n    broker: { kind: rabbitmq, managementUrl: "https://127.0.0.1:15671", credential: c }\n',
  'junction.yaml',
).systems[0];

const queue = (name: string, fields: Partial<BrokerQueue> = {}): BrokerQueue => ({
  name,
  type: 'classic',
  durable: true,
  autoDelete: false,
  exclusive: false,
  arguments: { 'x-dead-letter-exchange': 'dlx' },
  effectivePolicy: {},
  messages: 0,
  ready: 0,
  unacked: 0,
  consumers: 1,
  publishRate: 0,
  deliverRate: 0,
  ackRate: 0,
  published: 0,
  delivered: 0,
  ...fields,
});

function broker(before: BrokerQueue[], now: BrokerQueue[], extra: Partial<BrokerArtifact> = {}): BrokerArtifact {
  return {
    kind: 'rabbitmq',
    managementUrl: 'https://127.0.0.1:15671',
    vhost: '/',
    product: 'RabbitMQ',
    version: '3.10.8',
    ratesMode: 'detailed',
    listeners: [],
    user: { name: 'junction', tags: ['monitoring'] },
    samples: [
      { at: 1_000_000, queues: before },
      { at: 1_010_000, queues: now },
    ],
    exchanges: [
      {
        name: 'dlx',
        type: 'fanout',
        durable: true,
        autoDelete: false,
        internal: false,
        arguments: {},
        publishInRate: 0,
        publishedIn: 0,
      },
    ],
    bindings: [{ source: 'dlx', destination: 'dead', destinationType: 'queue', routingKey: '' }],
    policies: [],
    ...extra,
  };
}

const judge = <A>(check: { judge(artifacts: A, ...rest: never[]): unknown }, artifacts: A) =>
  (check.judge as (artifacts: A, system: unknown, settings: unknown) => { status: string; summary: string })(
    artifacts,
    system,
    DEFAULT_SETTINGS,
  );

describe('messaging checks on recorded artifacts', () => {
  it('default credentials: a refusal passes, an answer fails, anything else is not judged', () => {
    const url = 'https://127.0.0.1:15671/api/whoami';
    assert.equal(judge(messagingDefaultCredentials, { brokerGuest: { url, status: 401 } }).status, 'pass');
    assert.equal(
      judge(messagingDefaultCredentials, { brokerGuest: { url, status: 200, tags: ['administrator'] } }).status,
      'fail',
    );
    assert.equal(judge(messagingDefaultCredentials, { brokerGuest: { url, status: 503 } }).status, 'error');
    assert.equal(
      judge(messagingDefaultCredentials, { brokerGuest: { url, error: 'connection refused' } }).status,
      'error',
    );
  });

  it('transport: no AMQPS at all fails, and a TLS endpoint that could not be scanned is no pass', () => {
    const transport: BrokerTransportArtifact = {
      managementUrl: 'https://127.0.0.1:15671',
      listeners: [],
      plainAmqp: [{ host: '127.0.0.1', port: 5672, answered: false, detail: 'connection refused', ms: 1 }],
      tls: [{ what: 'management', host: '127.0.0.1', port: 15671, error: 'timed out' }],
    };
    const verdict = judge(messagingTransport, { brokerTransport: transport });
    assert.equal(verdict.status, 'fail');
    assert.equal(
      verdict.summary,
      'no AMQPS listener: clients have no way to connect with TLS; management API 127.0.0.1:15671: no TLS handshake (timed out)',
    );
  });

  it('backlog: one message more between readings is no trend, two are; depth and age use the limits', () => {
    const quiet = judge(messagingBacklog, {
      broker: broker([queue('a', { ready: 3, messages: 3 })], [queue('a', { ready: 4, messages: 4 })]),
    });
    assert.equal(quiet.status, 'pass');
    const growing = judge(messagingBacklog, {
      broker: broker([queue('a', { ready: 3, messages: 3 })], [queue('a', { ready: 5, messages: 5 })]),
    });
    assert.equal(growing.status, 'warn');
    assert.equal(growing.summary, 'a grew from 3 to 5 ready messages in 10 s (in 0/s, out 0/s)');
    const old = judge(messagingBacklog, {
      broker: broker([queue('a')], [queue('a', { messages: 1001, ready: 0, headTimestamp: 1_010_000 - 301_000 })]),
    });
    assert.equal(old.summary, 'a holds 1001 messages (limit 1000); a: its oldest message is 301 s old (limit 300 s)');
  });

  it('consumers: a queue with messages and none, or with acks stopped, fails; a dead-letter queue is left to its check', () => {
    const verdict = judge(messagingConsumers, {
      broker: broker(
        [queue('idle', { consumers: 0 }), queue('stuck', { unacked: 5 }), queue('dead', { consumers: 0 })],
        [
          queue('idle', { consumers: 0, messages: 2, ready: 2 }),
          queue('stuck', { unacked: 9, messages: 9 }),
          queue('dead', { consumers: 0, messages: 4, ready: 4 }),
        ],
      ),
    });
    assert.equal(
      verdict.summary,
      'idle holds 2 messages and has no consumer; stuck: 1 consumer(s) stopped acknowledging (unacked 5 → 9, no acks)',
    );
  });

  it('dead-lettering: a dead-letter exchange that does not exist or routes nowhere loses messages', () => {
    const queues = [
      queue('a', { arguments: { 'x-dead-letter-exchange': 'gone' } }),
      queue('b', { arguments: {}, effectivePolicy: { 'dead-letter-exchange': 'unbound' } }),
      queue('c', { arguments: {} }),
      queue('reply', { exclusive: true, arguments: {} }),
    ];
    const judged = judge(messagingDeadLettering, {
      broker: broker(queues, queues, {
        exchanges: [
          {
            name: 'unbound',
            type: 'fanout',
            durable: true,
            autoDelete: false,
            internal: false,
            arguments: {},
            publishInRate: 0,
            publishedIn: 0,
          },
        ],
        bindings: [],
      }),
    });
    assert.equal(judged.status, 'fail');
    assert.equal(
      judged.summary,
      'a dead-letters to exchange "gone", which does not exist: dead letters are dropped; ' +
        'b dead-letters to "unbound", which routes to no queue: dead letters are dropped; c has no dead-letter exchange',
    );
  });

  it('durability: transient queues made for one connection are left out; durable but idle queues pass', () => {
    const queues = [
      queue('amq.gen-x', { durable: false, exclusive: true, messages: 5 }),
      queue('idle', { durable: false }),
      queue('busy', { durable: false, messages: 1 }),
    ];
    const verdict = judge(messagingDurability, { broker: broker(queues, queues) });
    assert.equal(verdict.summary, 'non-durable queue busy carries traffic (1 waiting)');
  });
});
