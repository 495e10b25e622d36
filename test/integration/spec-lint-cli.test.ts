import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { sarifValidator } from '../helpers/sarif.js';
import { corpusPath } from '../helpers/corpus.js';

const SPECS = corpusPath('openapi/specs/');
const PETSTORE = `${SPECS}oai-petstore.v2.0.json`;

interface JsonResult {
  rule: string;
  severity: string;
  message: string;
  file: string;
  pointer: string;
  line: number | null;
}

/** A small 3.0 spec with one warning-level and one error-level spectral:oas result. */
const SPEC = `openapi: 3.0.3
info:
  title: lint fixture
  version: '1'
  description: A fixture.
  contact: { name: team }
servers:
  - url: https://api.test/v1
tags:
  - name: items
paths:
  /items:
    get:
      operationId: listItems
      tags: [items]
      description: Lists items.
      responses:
        '200':
          description: ok
  /admin/items:
    get:
      operationId: listItems
      tags: [items]
      responses:
        '200':
          description: ok
`;

describe('junction spec lint', () => {
  let dir: string;
  beforeAll(() => {
    assert.ok(existsSync(PETSTORE), `the corpus is missing: ${PETSTORE} (../shared/corpus)`);
    dir = mkdtempSync(join(tmpdir(), 'junction-spec-lint-'));
    writeFileSync(join(dir, 'openapi.yaml'), SPEC);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const lint = (...args: string[]) => runCli(['spec', 'lint', ...args], { cwd: dir });

  it('prints one JSON object per result with rule, severity, message, file, pointer and line', async () => {
    const run = await lint('openapi.yaml', '--ruleset', 'spectral:oas', '--format', 'json');
    assert.equal(run.code, 1, run.stderr); // operation-operationId-unique is an error
    const results = JSON.parse(run.stdout) as JsonResult[];
    assert.deepEqual(
      results.map((result) => [result.rule, result.severity, result.pointer, result.line]),
      [
        ['operation-operationId-unique', 'error', '/paths/~1admin~1items/get/operationId', 22],
        ['operation-description', 'warn', '/paths/~1admin~1items/get', 21],
      ],
    );
    assert.equal(results[0].file, 'openapi.yaml');
    assert.equal(results[0].message, 'operationId must be unique.');
  });

  it('exits like Spectral: 0 below the fail severity, 1 at or above it, 2 on bad usage or an unreadable spec', async () => {
    const onlyWarnings = await lint(
      'openapi.yaml',
      '--ruleset',
      'spectral:oas',
      '--format',
      'json',
      '--fail-severity',
      'error',
    );
    assert.equal(onlyWarnings.code, 1);
    const config = join(dir, 'unique-off.yaml');
    writeFileSync(config, 'rules:\n  operation-operationId-unique: off\n');
    const warned = await lint('openapi.yaml', '--ruleset', 'spectral:oas', '--config', config);
    assert.equal(warned.code, 0, warned.stdout);
    assert.match(warned.stdout, /1 result \(0 errors, 1 warnings, 0 infos\)/);
    const strict = await lint(
      'openapi.yaml',
      '--ruleset',
      'spectral:oas',
      '--config',
      config,
      '--fail-severity',
      'warn',
    );
    assert.equal(strict.code, 1);
    assert.equal((await lint('missing.yaml')).code, 2);
    const badFormat = await lint('openapi.yaml', '--format', 'xml');
    assert.equal(badFormat.code, 2);
    assert.match(badFormat.stderr, /--format takes text, json, sarif, junit/);
    assert.equal((await lint('openapi.yaml', '--ruleset', 'spectral:oaz')).code, 2);
  });

  it('scopes rules like Spectral overrides and accepts results named in ignore, with their reason', async () => {
    const config = join(dir, 'scoped.yaml');
    writeFileSync(
      config,
      [
        'rulesets: [spectral:oas]',
        'overrides:',
        "  - files: ['openapi.yaml#/paths/~1admin~1items']",
        '    rules:',
        '      operation-description: off',
        '      operation-operationId-unique: info',
        'ignore:',
        '  - rule: operation-tag-defined',
        '    pointer: /paths/~1items',
        '    reason: the items tag is declared by the gateway',
        '',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'openapi.yaml'), SPEC.replace('tags:\n  - name: items\n', 'tags:\n  - name: other\n'));
    try {
      const run = await lint('openapi.yaml', '--config', config, '--format', 'json');
      const results = JSON.parse(run.stdout) as JsonResult[];
      assert.deepEqual(
        results.map((result) => [result.rule, result.severity, result.pointer]),
        [
          ['operation-tag-defined', 'warn', '/paths/~1admin~1items/get/tags/0'],
          ['operation-operationId-unique', 'info', '/paths/~1admin~1items/get/operationId'],
        ],
      );
      const text = await lint('openapi.yaml', '--config', config);
      assert.match(text.stdout, /1 accepted by lint\.ignore entries/);
    } finally {
      writeFileSync(join(dir, 'openapi.yaml'), SPEC);
    }
  });

  it('reads lint: from ./junction.yaml, and a bad setting exits 2 with file, line and field', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'junction-spec-lint-ws-'));
    try {
      writeFileSync(join(workspace, 'openapi.yaml'), SPEC);
      writeFileSync(
        join(workspace, 'junction.yaml'),
        'version: 1\nname: lint\nsystems: []\nlint:\n  rulesets: [spectral:oas]\n  rules:\n    operation-operationId-unique: warn\n',
      );
      const run = await runCli(['spec', 'lint', 'openapi.yaml'], { cwd: workspace });
      assert.equal(run.code, 0, run.stdout);
      assert.match(run.stderr, /lint settings from junction\.yaml/);
      assert.match(run.stdout, /2 results \(0 errors, 2 warnings, 0 infos\)/);
      writeFileSync(
        join(workspace, 'junction.yaml'),
        'version: 1\nname: lint\nsystems: []\nlint:\n  rules:\n    operation-idd: warn\n',
      );
      const bad = await runCli(['spec', 'lint', 'openapi.yaml'], { cwd: workspace });
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /junction\.yaml:6.*lint\.rules\.operation-idd.*unknown lint rule/);
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  });

  it('writes SARIF 2.1.0 that validates against the OASIS schema, and JUnit XML with one failure per result', async () => {
    const sarif = await lint(PETSTORE, '--format', 'sarif');
    const log = JSON.parse(sarif.stdout) as {
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        results: {
          ruleId: string;
          level: string;
          locations: { physicalLocation: { region?: { startLine: number } } }[];
        }[];
      }[];
    };
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 3)));
    const [run] = log.runs;
    const json = JSON.parse((await lint(PETSTORE, '--format', 'json')).stdout) as JsonResult[];
    assert.equal(run.results.length, json.length);
    assert.ok(run.results.every((result) => run.tool.driver.rules.some((rule) => rule.id === result.ruleId)));
    assert.ok(run.results.some((result) => result.ruleId === 'operation-tag-defined' && result.level === 'warning'));
    assert.ok(run.results.every((result) => (result.locations[0].physicalLocation.region?.startLine ?? 0) > 0));

    const junit = await lint(PETSTORE, '--format', 'junit');
    const xml = new XMLParser({ ignoreAttributes: false }).parse(junit.stdout) as {
      testsuites: { '@_tests': string; testsuite: { testcase: { failure: { '@_type': string } }[] } };
    };
    assert.equal(Number(xml.testsuites['@_tests']), json.length);
    assert.equal(xml.testsuites.testsuite.testcase.length, json.length);
    assert.deepEqual(
      [...new Set(xml.testsuites.testsuite.testcase.map((testcase) => testcase.failure['@_type']))].sort(),
      [...new Set(json.map((result) => result.severity))].sort(),
    );
  });

  it('lists every rule with its ruleset, default severity and OWASP risk', async () => {
    const run = await runCli(['spec', 'lint', '--list-rules']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^oas3-valid-media-example\s+spectral:oas\s+error\s+3\.0\/3\.1\s*$/m);
    assert.match(run.stdout, /^info-license\s+spectral:oas\s+off \(warn\)/m);
    assert.match(run.stdout, /^owasp:api4:2023-string-limit\s+owasp\s+error\s+all\s+API4:2023$/m);
  });
});
