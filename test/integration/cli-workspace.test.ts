import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { describe, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempWorkspace } from '../helpers/estate.js';

describe('junction CLI on workspaces', () => {
  it('init writes a starter that audits cleanly as configuration, and refuses to overwrite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'junction-init-'));
    const first = await runCli(['init', dir]);
    assert.equal(first.code, 0, first.stderr);
    const starter = readFileSync(join(dir, 'junction.yaml'), 'utf8');
    assert.match(starter, /^version: 1/m);
    // the editor comment leads, relative to the workspace, to the JSON Schema Junction ships
    const schema = /^# yaml-language-server: \$schema=(\S+)\n/.exec(starter)?.[1];
    assert.ok(schema && !isAbsolute(schema), starter.slice(0, 200));
    assert.equal(JSON.parse(readFileSync(join(dir, schema), 'utf8')).$id, 'urn:junction:workspace:v1');
    const again = await runCli(['init', dir]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already exists/);
  });

  it('audit on a YAML syntax error exits 2 naming the file and line', async () => {
    const dir = tempWorkspace('version: 1\nname: Broken\nsystems:\n  - id: a\n    name: [unclosed\n');
    const result = await runCli(['audit', dir]);
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      new RegExp(`${join(dir, 'junction.yaml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+`),
    );
    assert.match(result.stderr, /invalid YAML/);
  });

  it('audit on a schema error names the line and the field', async () => {
    const dir = tempWorkspace(
      'version: 1\nname: Bad\nsystems:\n  - id: shop\n    name: Shop\n    baseUrl: ftp://example\n',
    );
    const result = await runCli(['audit', dir]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /junction\.yaml:6 systems\[0\]\.baseUrl: baseUrl must be an http\(s\) URL/);
  });

  it('audit rejects unknown checks and formats with exit 2', async () => {
    const dir = tempWorkspace('version: 1\nname: Empty\nsystems: []\n');
    const checks = await runCli(['audit', dir, '--checks', 'security.nope']);
    assert.equal(checks.code, 2);
    assert.match(checks.stderr, /unknown check: security\.nope/);
    const format = await runCli(['audit', dir, '--format', 'pdfx']);
    assert.equal(format.code, 2);
    assert.match(format.stderr, /unknown report format: pdfx/);
  });

  it('an unexpected error exits 3 and asks for a report, with the stack only under --debug', async () => {
    // a store that is not a SQLite database: nothing the user configured, nothing Junction explains
    const dir = tempWorkspace('version: 1\nname: Broken store\nsystems: []\n');
    mkdirSync(join(dir, '.junction'));
    writeFileSync(join(dir, '.junction', 'junction.db'), Buffer.alloc(4096, 'not sqlite '));
    const plain = await runCli(['report', dir]);
    assert.equal(plain.code, 3, plain.stderr);
    assert.match(plain.stderr, /unexpected error: file is not a database/);
    assert.match(plain.stderr, /please report it/);
    assert.doesNotMatch(plain.stderr, /^\s+at /m, 'no stack without --debug');
    const debug = await runCli(['report', dir, '--debug']);
    assert.equal(debug.code, 3);
    assert.match(debug.stderr, /^\s+at .*openStore/m, 'the stack with --debug');
  });

  it('secret set reads stdin, stores it encrypted with a 0600 key file, and lists without the secret', async () => {
    const dir = tempWorkspace('version: 1\nname: Vault\nsystems: []\n');
    // the folder is an argument, as for every other command
    const set = await runCli(['secret', 'set', 'crm-key', dir, '--type', 'api-key', '--header', 'X-Api-Key'], {
      input: 'sk_test_0123456789abcdef\n',
      env: { JUNCTION_KEY: '' },
    });
    assert.equal(set.code, 0, set.stderr);
    const keyFile = join(dir, '.junction', 'vault.key');
    assert.ok(existsSync(keyFile));
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    const list = await runCli(['secret', 'list', dir], { env: { JUNCTION_KEY: '' } });
    assert.match(list.stdout, /crm-key\tapi-key/);
    assert.match(list.stdout, /header=X-Api-Key/);
    assert.ok(!list.stdout.includes('sk_test_0123456789abcdef'));
    // --dir, the older spelling, still works (not both at once)
    const rm = await runCli(['secret', 'rm', 'crm-key', '--dir', dir], { env: { JUNCTION_KEY: '' } });
    assert.equal(rm.code, 0);
    assert.equal(rm.stdout, 'Removed "crm-key"\n');
    const missing = await runCli(['secret', 'rm', 'crm-key', dir], { env: { JUNCTION_KEY: '' } });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no credential "crm-key"/);
    const twice = await runCli(['secret', 'list', dir, '--dir', join(dir, 'other')]);
    assert.equal(twice.code, 2);
    assert.match(twice.stderr, /two workspace folders given/);
  });

  it('secret set refuses a missing type option', async () => {
    const dir = tempWorkspace('version: 1\nname: Vault\nsystems: []\n');
    const result = await runCli(['secret', 'set', 'x', '--type', 'basic', '--dir', dir], { input: 'pw' });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--username/);
  });
});
