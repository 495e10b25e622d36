import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startHttpServer, type TestServer } from '../helpers/servers.js';

const CORPUS = fileURLToPath(new URL('../../../shared/corpus/openapi/', import.meta.url));
const PAIR = `${CORPUS}pairs/twilio-events-v1-2.3.5-to-2.4.0/`;

describe('junction spec', () => {
  let dir: string;
  let server: TestServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'junction-spec-cli-'));
    writeFileSync(
      join(dir, 'invalid.yaml'),
      'openapi: 3.0.3\ninfo:\n  title: broken\npaths:\n  /a/{id}:\n    get:\n      responses:\n        "200": { description: ok }\n',
    );
    const petstore = readFileSync(`${CORPUS}specs/oai-petstore-expanded.v3.0.yaml`);
    server = await startHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/yaml' });
      res.end(petstore);
    });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('inspect reads a URL and exits 1 for an invalid spec, 2 for an unreadable one', async () => {
    const remote = await runCli(['spec', 'inspect', `${server.url}/petstore.yaml`]);
    assert.equal(remote.code, 0, remote.stderr);
    assert.match(remote.stdout, /Swagger Petstore 1\.0\.0 — OpenAPI 3\.0\.0\npaths 2, operations 4/);
    const invalid = await runCli(['spec', 'inspect', join(dir, 'invalid.yaml'), '--json']);
    assert.equal(invalid.code, 1);
    const summary = JSON.parse(invalid.stdout);
    assert.deepEqual(Object.keys(summary), [
      'specVersion',
      'title',
      'version',
      'paths',
      'operations',
      'webhooks',
      'schemas',
      'securitySchemes',
      'valid',
      'problems',
    ]);
    assert.deepEqual(
      [summary.specVersion, summary.paths, summary.operations, summary.webhooks, summary.valid],
      ['3.0.3', 1, 1, 0, false],
    );
    const problems = summary.problems as { message: string; pointer: string; line: number | null }[];
    assert.ok(
      problems.some(
        (problem) =>
          problem.message === 'missing required property "version"' &&
          problem.pointer === '/info' &&
          problem.line === 2,
      ),
      JSON.stringify(problems),
    );
    assert.ok(problems.some((problem) => problem.message.includes('path parameter "id" of /a/{id} is not declared')));
    const missing = await runCli(['spec', 'inspect', join(dir, 'nope.yaml')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.yaml: file not found/);
  });

  it('diff prints JSON with both locations and exits 1 with --fail-on-breaking', async () => {
    const result = await runCli(['spec', 'diff', `${PAIR}old.yaml`, `${PAIR}new.yaml`, '--json', '--fail-on-breaking']);
    assert.equal(result.code, 1, result.stderr);
    const diff = JSON.parse(result.stdout);
    assert.equal(diff.breaking, 1);
    const change = diff.changes[0];
    assert.deepEqual(Object.keys(change), ['id', 'breaking', 'message', 'old', 'new']);
    assert.equal(change.id, 'request-body-property-removed');
    assert.ok(change.old.line > 0 && change.old.pointer.endsWith('/properties/SinkSid'));
  });
});
