import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startHttpServer, type TestServer } from '../helpers/servers.js';
import { corpusPath } from '../helpers/corpus.js';

const CORPUS = corpusPath('openapi/');
const PAIR = `${CORPUS}pairs/twilio-events-v1-2.3.5-to-2.4.0/`;
const CAFE = `${CORPUS}multifile/redocly-cafe/openapi.yaml`;

/** A service spec whose operations live in a file beside it and whose error type lives two folders up. */
function writeService(root: string, folder: string, withDelete: boolean): string {
  const service = join(root, 'services', folder);
  mkdirSync(service, { recursive: true });
  mkdirSync(join(root, 'common'), { recursive: true });
  writeFileSync(
    join(root, 'common', 'errors.yaml'),
    'Error:\n  description: error\n  content:\n    application/json:\n      schema: { type: object }\n',
  );
  writeFileSync(
    join(service, 'openapi.yaml'),
    "openapi: 3.1.0\ninfo: { title: things, version: '1' }\npaths:\n  /things/{id}:\n    $ref: things.yaml\n",
  );
  const operation = (method: string) =>
    `${method}:\n  parameters:\n    - { name: id, in: path, required: true, schema: { type: string } }\n` +
    `  responses:\n    '200': { description: ok }\n    default: { $ref: '../../common/errors.yaml#/Error' }\n`;
  writeFileSync(join(service, 'things.yaml'), operation('get') + (withDelete ? operation('delete') : ''));
  return join(service, 'openapi.yaml');
}

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
    const rootedUrl = await runCli(['spec', 'inspect', `${server.url}/petstore.yaml`, '--root', dir]);
    assert.equal(rootedUrl.code, 2);
    assert.match(rootedUrl.stderr, /--root is for a spec on disk/);
    const missing = await runCli(['spec', 'inspect', join(dir, 'nope.yaml')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.yaml: file not found/);
  });

  it('diff prints JSON with both locations and exits 1 with --fail-on-breaking', async () => {
    const result = await runCli(['spec', 'diff', `${PAIR}old.yaml`, `${PAIR}new.yaml`, '--json', '--fail-on-breaking']);
    assert.equal(result.code, 1, result.stderr);
    const diff = JSON.parse(result.stdout);
    assert.equal(diff.breaking, 1);
    assert.deepEqual(diff.counts, { ERR: 0, WARN: 1, INFO: 0, ignored: 0 });
    const change = diff.changes[0];
    assert.deepEqual(Object.keys(change), ['id', 'level', 'breaking', 'message', 'operation', 'old', 'new']);
    assert.equal(change.id, 'request-property-removed');
    assert.equal(change.level, 'WARN');
    assert.deepEqual(change.operation, { method: 'POST', path: '/v1/Subscriptions/{Sid}' });
    assert.ok(change.old.line > 0 && change.old.pointer.endsWith('/properties/SinkSid'));
  });

  it('inspect and diff read refs above the entry only under --root; bundle writes what was audited', async () => {
    const root = join(dir, 'estate');
    const before = writeService(root, 'v1', true);
    const after = writeService(root, 'v2', false);
    const refused = await runCli(['spec', 'inspect', before]);
    assert.equal(refused.code, 1, refused.stderr);
    const line = refused.stdout.split('\n').find((text) => text.includes('things.yaml:12 '));
    assert.equal(
      line?.replace(/root \S+ /, 'root ROOT '),
      '  error things.yaml:12 #/delete/responses/default/$ref: $ref "../../common/errors.yaml#/Error" refused: ' +
        'it leaves the spec root ROOT (a root that holds it is set with --root DIR)',
      refused.stdout,
    );
    const inspected = await runCli(['spec', 'inspect', before, '--root', root, '--json']);
    assert.equal(inspected.code, 0, inspected.stdout);
    assert.equal(JSON.parse(inspected.stdout).operations, 2);

    const diff = await runCli(['spec', 'diff', before, after, '--root', root, '--json']);
    assert.equal(diff.code, 0, diff.stderr);
    const changes = JSON.parse(diff.stdout) as { breaking: number; changes: { message: string }[] };
    assert.ok(changes.breaking >= 1, diff.stdout);
    assert.match(JSON.stringify(changes.changes), /DELETE \/things\/\{id\}/);

    // the cafe's 15 schemas each live in a file of their own under components/schemas: counted, not 0
    const cafe = await runCli(['spec', 'inspect', CAFE]);
    assert.equal(cafe.code, 0, cafe.stdout);
    assert.match(cafe.stdout, /paths 8, operations 12, webhooks 1, schemas 15, security schemes 2/);
    assert.equal(JSON.parse((await runCli(['spec', 'inspect', CAFE, '--json'])).stdout).schemas, 15);

    const bundled = join(dir, 'cafe.bundle.json');
    const bundle = await runCli(['spec', 'bundle', CAFE, '-o', bundled]);
    assert.equal(bundle.code, 0, bundle.stderr);
    assert.match(bundle.stderr, /42 file\(s\), 12 operation\(s\), valid/);
    const written = JSON.parse(readFileSync(bundled, 'utf8')) as { paths: Record<string, object> };
    assert.ok(!JSON.stringify(written).includes('.yaml'), 'no reference to another file is left');
    const again = await runCli(['spec', 'inspect', bundled, '--json']);
    assert.equal(again.code, 0, again.stdout);
    assert.deepEqual(
      (({ operations, webhooks, valid }) => ({ operations, webhooks, valid }))(JSON.parse(again.stdout)),
      { operations: 12, webhooks: 1, valid: true },
    );
    const toStdout = await runCli(['spec', 'bundle', before, '--root', root]);
    assert.equal(toStdout.code, 0, toStdout.stderr);
    assert.match(toStdout.stdout, /^openapi: 3\.1\.0\n/);
    assert.match(toStdout.stdout, /\n {4}delete:\n/);
    const overwrite = await runCli([
      'spec',
      'bundle',
      before,
      '--root',
      root,
      '-o',
      join(root, 'services/v1/things.yaml'),
    ]);
    assert.equal(overwrite.code, 2);
    assert.match(overwrite.stderr, /one of the spec's own files/);
  });

  it('diff --fail-on: the removed property is WARN, so ERR passes and WARN fails', async () => {
    const err = await runCli(['spec', 'diff', `${PAIR}old.yaml`, `${PAIR}new.yaml`, '--fail-on', 'ERR']);
    assert.equal(err.code, 0, err.stderr);
    assert.match(err.stdout, /^1 breaking change \(0 ERR, 1 WARN\), 0 others\nWARN request-property-removed: /);
    const warn = await runCli(['spec', 'diff', `${PAIR}old.yaml`, `${PAIR}new.yaml`, '--fail-on', 'warn']);
    assert.equal(warn.code, 1);
    const bad = await runCli(['spec', 'diff', `${PAIR}old.yaml`, `${PAIR}new.yaml`, '--fail-on', 'INFO']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--fail-on takes ERR or WARN/);
  });

  it('diff --config: severity overrides and ignore entries from a junction.yaml, errors with file and line', async () => {
    const estate = (diff: string) => `version: 1\nname: diff rules\n${diff}`;
    const raise = join(dir, 'raise.yaml');
    writeFileSync(raise, estate('diff:\n  severity:\n    request-property-removed: ERR\n'));
    const raised = await runCli([
      'spec',
      'diff',
      `${PAIR}old.yaml`,
      `${PAIR}new.yaml`,
      '--config',
      raise,
      '--fail-on',
      'ERR',
    ]);
    assert.equal(raised.code, 1, raised.stderr);
    assert.match(raised.stdout, /^ERR {2}request-property-removed: /m);

    const accept = join(dir, 'accept.yaml');
    writeFileSync(
      accept,
      estate(
        'diff:\n  ignore:\n    - rule: request-property-removed\n      path: /v1/Subscriptions/{Sid}\n' +
          '      method: post\n      reason: SinkSid was never read by the server\n',
      ),
    );
    const accepted = await runCli([
      'spec',
      'diff',
      `${PAIR}old.yaml`,
      `${PAIR}new.yaml`,
      '--config',
      accept,
      '--fail-on',
      'WARN',
    ]);
    assert.equal(accepted.code, 0, accepted.stderr);
    assert.match(accepted.stdout, /^0 breaking changes \(0 ERR, 0 WARN\), 0 others, 1 ignored\n/);
    assert.match(accepted.stdout, /request-property-removed \[ignored: SinkSid was never read by the server\]/);

    // an ignore entry for another operation does not match
    const elsewhere = join(dir, 'elsewhere.yaml');
    writeFileSync(
      elsewhere,
      estate('diff:\n  ignore:\n    - { rule: request-property-removed, path: /v1/Sinks, reason: other }\n'),
    );
    const other = await runCli([
      'spec',
      'diff',
      `${PAIR}old.yaml`,
      `${PAIR}new.yaml`,
      '--config',
      elsewhere,
      '--fail-on',
      'WARN',
    ]);
    assert.equal(other.code, 1);

    const typo = join(dir, 'typo.yaml');
    writeFileSync(typo, estate('diff:\n  severity:\n    request-propety-removed: ERR\n'));
    const refused = await runCli(['spec', 'diff', `${PAIR}old.yaml`, `${PAIR}new.yaml`, '--config', typo]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /typo\.yaml:5 .*diff\.severity.*not a rule id/);
    const reasonless = join(dir, 'reasonless.yaml');
    writeFileSync(reasonless, estate('diff:\n  ignore:\n    - rule: request-property-removed\n'));
    const unexplained = await runCli(['spec', 'diff', `${PAIR}old.yaml`, `${PAIR}new.yaml`, '--config', reasonless]);
    assert.equal(unexplained.code, 2);
    assert.match(unexplained.stderr, /reasonless\.yaml:5 diff\.ignore\[0\]\.reason/);
  });

  it('diff --format junit and sarif: the change as a failing test case and as a SARIF warning at its line', async () => {
    const junit = await runCli([
      'spec',
      'diff',
      `${PAIR}old.yaml`,
      `${PAIR}new.yaml`,
      '--format',
      'junit',
      '--fail-on',
      'WARN',
    ]);
    assert.equal(junit.code, 1);
    assert.match(
      junit.stdout,
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="spec diff [^"]+" tests="1" failures="1" errors="0">/,
    );
    assert.match(
      junit.stdout,
      new RegExp(
        '<testcase classname="spec-diff\\.request-property-removed" name="POST /v1/Subscriptions/\\{Sid\\}: [^"]*SinkSid[^"]*">' +
          '\\n {6}<failure message="[^"]+" type="WARN">',
      ),
    );
    const sarif = await runCli(['spec', 'diff', `${PAIR}old.yaml`, `${PAIR}new.yaml`, '--format', 'sarif']);
    assert.equal(sarif.code, 0);
    const log = JSON.parse(sarif.stdout);
    assert.equal(log.version, '2.1.0');
    const [result] = log.runs[0].results;
    assert.equal(result.ruleId, 'request-property-removed');
    assert.equal(result.level, 'warning');
    assert.equal(log.runs[0].tool.driver.rules[0].properties.source, 'oasdiff catalogue');
    // the result points at the new document's body schema, where the property is missing
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, `${PAIR}new.yaml`);
    assert.ok(result.locations[0].physicalLocation.region.startLine > 0);
  });
});
