import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { parseDuration } from '../../src/model/duration.js';
import { ConfigError } from '../../src/estate/errors.js';
import { parseEstate, STARTER_ESTATE } from '../../src/estate/workspace.js';

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
    const estate = parseEstate(STARTER_ESTATE, 'junction.yaml');
    const system = estate.systems[0];
    assert.deepEqual(system.allow.methods, ['GET', 'HEAD', 'OPTIONS']);
    assert.equal(system.allow.load, undefined, 'no load probing unless allowed');
    assert.equal(system.healthPath, '/');
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
});
