import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { parseDuration } from '../../src/model/duration.js';
import { ConfigError } from '../../src/estate/errors.js';
import { parseEstate, starterEstate } from '../../src/estate/workspace.js';

function configError(text: string): ConfigError {
  try {
    parseEstate(text, 'junction.yaml');
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error;
  }
  assert.fail('expected a ConfigError');
}

describe('estate schema', () => {
  it('accepts the starter file and applies safe defaults', () => {
    const estate = parseEstate(starterEstate(undefined, '2026-11-20'), 'junction.yaml');
    const system = estate.systems[0];
    assert.deepEqual(system.allow.methods, ['GET', 'HEAD', 'OPTIONS']);
    assert.equal(system.allow.load, undefined, 'no load probing unless allowed');
    assert.equal(system.healthPath, undefined, 'the base URL itself');
  });

  it('names line and field of a schema error', () => {
    const error = configError('version: 1\nname: X\nsystems:\n  - id: Bad_Id\n    name: A\n    baseUrl: https://a\n');
    assert.equal(error.line, 4);
    assert.equal(error.field, 'systems[0].id');
  });

  it('rejects duplicate system ids and flows to unknown systems', () => {
    const dup = configError(
      'version: 1\nname: X\nsystems:\n  - { id: a, name: A, baseUrl: "https://a" }\n  - { id: a, name: B, baseUrl: "https://b" }\n',
    );
    assert.match(dup.message, /duplicate system id "a"/);
    const flow = configError(
      'version: 1\nname: X\nsystems:\n  - { id: a, name: A, baseUrl: "https://a" }\nflows:\n  - { from: a, to: ghost }\n',
    );
    assert.equal(flow.field, 'flows[0].to');
    assert.equal(flow.line, 6);
  });

  it('refuses literal secrets: only vault references or ${env:NAME}', () => {
    const error = configError(
      'version: 1\nname: X\nsystems:\n  - id: a\n    name: A\n    baseUrl: https://a\n    auth: { type: bearer, token: abc123 }\n',
    );
    assert.match(error.message, /secrets never go in junction.yaml|Invalid input/);
    const ok = parseEstate(
      'version: 1\nname: X\nsystems:\n  - id: a\n    name: A\n    baseUrl: https://a\n    auth: { type: bearer, token: "${env:A_TOKEN}" }\n',
      'f',
    );
    assert.deepEqual(ok.systems[0].auth, { type: 'bearer', token: '${env:A_TOKEN}' });
  });

  it('rejects unknown fields (typos) instead of ignoring them', () => {
    const error = configError(
      'version: 1\nname: X\nsystems:\n  - id: a\n    name: A\n    baseUrl: https://a\n    baseurl: https://b\n',
    );
    assert.match(error.message, /baseurl/);
  });

  it('bounds YAML alias expansion', () => {
    const bomb = [
      'version: 1',
      'name: X',
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
    ].join('\n');
    const error = configError(bomb);
    assert.match(error.message, /alias/i);
  });

  it('parses durations', () => {
    assert.equal(parseDuration('30s'), 30_000);
    assert.equal(parseDuration('1.5m'), 90_000);
    assert.equal(parseDuration(250), 250);
    assert.equal(parseDuration('soon'), undefined);
  });

  it('gives the line of an alias bomb, an empty file and a file of comments', () => {
    const bomb = configError(
      [
        'version: 1',
        'name: X',
        'a: &a [x, x, x, x, x, x, x, x, x, x]',
        'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
        'c: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      ].join('\n'),
    );
    assert.equal(bomb.line, 4, bomb.describe());
    for (const text of ['', '\n\n', '# nothing yet\n']) {
      const empty = configError(text);
      assert.equal(empty.line, 1);
      assert.match(empty.describe(), /^junction\.yaml:1 the file is empty/);
    }
    assert.equal(configError('just a string\n').line, 1, 'a document that is not a mapping still gets a line');
  });

  it('refuses a junction.yaml over 5 MB before parsing it', () => {
    const error = configError(`version: 1\nname: X\n# ${'x'.repeat(5 * 1024 * 1024)}\n`);
    assert.match(error.describe(), /^junction\.yaml:1 larger than 5 MB/);
  });
});

const system = (fields: string) =>
  `version: 1\nname: X\nsystems:\n  - id: a\n    name: A\n    baseUrl: https://127.0.0.1:8443\n${fields}`;

describe('estate schema: bounds that keep probes safe', () => {
  it('bounds monitor intervals, timeouts and windows with clear errors', () => {
    const monitor = (fields: string) => `${system('')}monitors:\n  - system: a\n${fields}`;
    for (const [interval, message] of [
      ['0s', /a monitor interval must be between 5 s and 1 d \(got 0s\)/],
      ['4s', /between 5 s and 1 d/],
      ['30d', /between 5 s and 1 d \(got 30d\)/],
      ['25h', /between 5 s and 1 d/],
      [0, /between 5 s and 1 d/],
    ] as const) {
      const error = configError(monitor(`    interval: ${interval}\n`));
      assert.equal(error.field, 'monitors[0].interval');
      assert.equal(error.line, 9);
      assert.match(error.message, message);
    }
    assert.equal(parseEstate(monitor('    interval: 5s\n'), 'f').monitors[0].interval, 5000);
    assert.equal(parseEstate(monitor('    interval: 24h\n'), 'f').monitors[0].interval, 86_400_000);
    const window = configError(monitor('    thresholds: { window: 401d }\n'));
    assert.match(window.message, /a window must be between 1 s and 400 d/);
    for (const value of ['50ms', '11m', '0']) {
      const error = configError(system(`    limits: { timeouts: { firstByte: ${value} } }\n`));
      assert.equal(error.field, 'systems[0].limits.timeouts.firstByte');
      assert.match(error.message, /a timeout must be between 100 ms and 10 min/);
    }
    assert.match(configError(system('    limits: { maxRps: 1000000 }\n')).message, /<=1000/);
    assert.match(
      configError(
        `${system('')}logSources:\n  - { id: l, type: loki, url: "http://127.0.0.1:3100", query: "{a=1}", since: 500d }\n`,
      ).message,
      /a window must be between/,
    );
  });

  it('refuses a user name or password in any URL, pointing to the vault, never echoing the secret', () => {
    const secret = 'hunter2-s3cret';
    const cases: [string, string][] = [
      [
        `version: 1\nname: X\nsystems:\n  - { id: a, name: A, baseUrl: "https://alice:${secret}@127.0.0.1:8443" }\n`,
        'systems[0].baseUrl',
      ],
      [
        `version: 1\nname: X\nsystems:\n  - { id: a, name: A, baseUrl: "https://alice@127.0.0.1:8443" }\n`,
        'systems[0].baseUrl',
      ],
      [system(`    plainHttpUrl: "http://bob:${secret}@127.0.0.1:8080"\n`), 'systems[0].plainHttpUrl'],
      [system(`    spec: "https://bob:${secret}@127.0.0.1:8443/openapi.yaml"\n`), 'systems[0].spec'],
      [
        system(
          `    auth: { type: oauth2-client-credentials, tokenUrl: "https://c:${secret}@idp/token", clientId: c, clientSecret: "\${env:S}" }\n`,
        ),
        'systems[0].auth',
      ],
      [
        `${system('')}monitors:\n  - { system: a, alerts: [{ webhook: "https://u:${secret}@hooks.example/x" }] }\n`,
        'monitors[0].alerts[0].webhook',
      ],
      [
        `${system('')}logSources:\n  - { id: l, type: loki, url: "http://u:${secret}@127.0.0.1:3100", query: "{a=1}" }\n`,
        'logSources[0].url',
      ],
    ];
    for (const [text, field] of cases) {
      const error = configError(text);
      assert.ok(error.field?.startsWith(field), `${error.field} for ${field}`);
      assert.ok(error.line !== undefined && error.line > 1);
      assert.match(error.message, /must not carry a user name or password.*junction secret set/);
      assert.ok(!error.describe().includes(secret), 'the password is not repeated in the error');
    }
  });

  it('refuses paths that leave the system, with their line', () => {
    for (const path of [
      '//localhost:9444/x',
      '\\\\localhost:9444\\x',
      'http://localhost:9444/x',
      '/%2F%2Flocalhost:9444',
      '/../admin',
    ]) {
      const health = configError(system(`    healthPath: ${JSON.stringify(path)}\n`));
      assert.equal(health.field, 'systems[0].healthPath');
      assert.equal(health.line, 7);
      const monitor = configError(`${system('')}monitors:\n  - system: a\n    path: ${JSON.stringify(path)}\n`);
      assert.equal(monitor.field, 'monitors[0].path', path);
      assert.equal(monitor.line, 9);
      const load = configError(
        system(`    allow: { load: { maxRps: 5, maxRequests: 10, maxSeconds: 1, path: ${JSON.stringify(path)} } }\n`),
      );
      assert.equal(load.field, 'systems[0].allow.load.path');
    }
    assert.match(
      configError(system('    auth: { credential: t, origins: ["https://docs.example/specs"] }\n')).message,
      /no path/,
    );
    assert.match(configError(system('    baseUrl2: x\n')).message, /baseUrl2/);
    assert.match(
      configError(
        'version: 1\nname: X\nsystems:\n  - { id: a, name: A, baseUrl: "https://127.0.0.1:8443/api?key=1" }\n',
      ).message,
      /query or a fragment/,
    );
  });
});
