import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { ConfigError } from '../../src/estate/errors.js';
import { parseEstate } from '../../src/estate/workspace.js';
import { addressOf, kindOf } from '../../src/model/estate.js';
import { servesSystem } from '../../src/gather/gatherer.js';
import { GATHERERS } from '../../src/gather/index.js';

const head = 'version: 1\nname: X\nsystems:\n';
const rabbit = (extra = '') =>
  `${head}  - id: rabbit\n    name: Rabbit\n    broker:\n      kind: rabbitmq\n      managementUrl: https://127.0.0.1:15671\n` +
  `      amqpUrl: amqps://127.0.0.1:5671\n      credential: broker-admin\n${extra}`;

function configError(text: string): ConfigError {
  try {
    parseEstate(text, 'junction.yaml');
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error;
  }
  assert.fail('expected a ConfigError');
}

describe('broker systems in junction.yaml', () => {
  it('accepts a broker without a baseUrl and fills in its defaults', () => {
    const system = parseEstate(rabbit(), 'junction.yaml').systems[0];
    assert.ok(system.broker);
    assert.equal(system.broker.vhost, '/');
    assert.equal(system.baseUrl, undefined);
    assert.equal(kindOf(system), 'broker', 'a system with broker: is a broker without saying kind');
    assert.equal(addressOf(system), 'https://127.0.0.1:15671');
  });

  it('takes basic auth from the environment, never a literal password', () => {
    const text = rabbit().replace(
      'credential: broker-admin',
      'credential: { type: basic, username: monitoring, password: "${env:RABBIT_PASSWORD}" }',
    );
    assert.deepEqual(parseEstate(text, 'f').systems[0].broker?.credential, {
      type: 'basic',
      username: 'monitoring',
      password: '${env:RABBIT_PASSWORD}',
    });
    const literal = configError(text.replace('"${env:RABBIT_PASSWORD}"', 'hunter2'));
    assert.equal(literal.field, 'systems[0].broker.credential.password');
    assert.match(literal.message, /secrets never go in junction.yaml/);
  });

  it('needs a baseUrl or a broker, and refuses both', () => {
    const neither = configError(`${head}  - id: a\n    name: A\n`);
    assert.equal(neither.field, 'systems[0].baseUrl');
    assert.match(neither.message, /baseUrl \(an HTTP API\) or a broker/);
    const both = configError(rabbit('    baseUrl: https://127.0.0.1:15671\n'));
    assert.equal(both.field, 'systems[0].baseUrl');
    assert.equal(both.line, 11);
    assert.match(both.message, /broker system has no baseUrl/);
  });

  it('refuses HTTP-only settings on a broker, with the line of the field', () => {
    const plain = configError(rabbit('    plainHttpUrl: http://127.0.0.1:15672\n'));
    assert.equal(plain.field, 'systems[0].plainHttpUrl');
    assert.equal(plain.line, 11);
    const load = configError(rabbit('    allow: { load: { maxRps: 1, maxRequests: 1, maxSeconds: 1 } }\n'));
    assert.equal(load.field, 'systems[0].allow.load');
    const writes = configError(rabbit('    allow: { methods: [GET, POST] }\n'));
    assert.match(writes.message, /POST is never sent/);
    const kind = configError(rabbit('    kind: saas\n'));
    assert.equal(kind.field, 'systems[0].kind');
  });

  it('a broker monitor watches queues, an HTTP monitor a path: each refuses the settings of the other', () => {
    const shop = '  - { id: shop, name: Shop, baseUrl: "https://127.0.0.1:8443" }\n';
    const monitors = (monitor: string) => `${rabbit()}${shop}monitors:\n  - ${monitor}\n`;
    const ok = parseEstate(
      monitors('{ system: rabbit, queues: ["orders.*"], thresholds: { depth: 100, consumers: 0, age: 5m } }'),
      'f',
    );
    assert.deepEqual(ok.monitors[0].queues, ['orders.*']);
    assert.equal(ok.monitors[0].thresholds?.age, 300_000);
    const path = configError(monitors('{ system: rabbit, path: /health }'));
    assert.equal(path.field, 'monitors[0].path');
    assert.match(path.message, /rabbit is a broker: its monitor reads the queues/);
    const queues = configError(monitors('{ system: shop, queues: [a] }'));
    assert.equal(queues.field, 'monitors[0].queues');
    const depth = configError(monitors('{ system: shop, thresholds: { depth: 5 } }'));
    assert.equal(depth.field, 'monitors[0].thresholds.depth');
    assert.match(depth.message, /shop is not a broker: thresholds\.depth is for broker monitors/);
  });

  it('checks the broker URLs: http(s) for management, amqp(s) for clients', () => {
    const management = configError(rabbit().replace('https://127.0.0.1:15671', 'ftp://127.0.0.1:15671'));
    assert.equal(management.field, 'systems[0].broker.managementUrl');
    const amqp = configError(rabbit().replace('amqps://127.0.0.1:5671', 'https://127.0.0.1:5671'));
    assert.equal(amqp.field, 'systems[0].broker.amqpUrl');
    const kind = configError(rabbit().replace('kind: rabbitmq', 'kind: kafka'));
    assert.equal(kind.field, 'systems[0].broker.kind');
  });

  it('HTTP gatherers do not serve a broker, and broker gatherers do not serve an HTTP API', () => {
    const estate = parseEstate(
      rabbit('  - { id: shop, name: Shop, baseUrl: "https://127.0.0.1:8443" }\n'),
      'junction.yaml',
    );
    const [broker, shop] = estate.systems;
    assert.match(String(servesSystem(GATHERERS.tls, broker)), /rabbit is a message broker/);
    assert.equal(servesSystem(GATHERERS.tls, shop), true);
    assert.equal(servesSystem(GATHERERS.flows, broker), true, 'estate-wide artifacts serve every system');
    assert.equal(servesSystem(GATHERERS.attestations, broker), true);
  });
});
