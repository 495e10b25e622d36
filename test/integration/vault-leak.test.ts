import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempWorkspace } from '../helpers/estate.js';
import { startHttpServer, type TestServer } from '../helpers/servers.js';

const TOKEN = 'sk_live_LEAKCANARY_7d1f0c9a2b';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('the vault keeps secrets out of the database, logs and reports', () => {
  let server: TestServer;
  let sawToken = 0;

  beforeAll(async () => {
    server = await startHttpServer((req, res) => {
      if (req.headers.authorization === `Bearer ${TOKEN}`) sawToken++;
      // A careless server that echoes the credential in a header and in its body.
      res.writeHead(200, { 'content-type': 'text/plain', 'x-debug-auth': String(req.headers.authorization) });
      res.end(`authorization was ${req.headers.authorization}`);
    });
  });
  afterAll(() => server.close());

  it('audits with a vault credential and leaves no copy of it anywhere on disk or in output', async () => {
    const dir = tempWorkspace(
      `version: 1\nname: Leak test\nsystems:\n  - id: crm\n    name: CRM\n    baseUrl: ${server.url}\n    auth: { credential: crm-token }\n` +
        // a plain-HTTP lab server: the real token goes out only because the system allows clear text
        '    allow: { plaintextCredentials: true }\n',
    );
    const env = { JUNCTION_KEY: '' };
    const set = await runCli(['secret', 'set', 'crm-token', '--type', 'bearer', '--dir', dir], { input: TOKEN, env });
    assert.equal(set.code, 0, set.stderr);
    const out = join(dir, 'reports');
    const audit = await runCli(['audit', dir, '--format', 'json,md,junit', '--out', out, '--fail-on', 'never'], {
      env,
    });
    assert.equal(audit.code, 0, audit.stderr);
    assert.ok(sawToken > 0, 'the server must have received the real token, or the test proves nothing');

    const json = await runCli(['audit', dir, '--json', '--fail-on', 'never'], { env });
    for (const text of [set.stdout, set.stderr, audit.stdout, audit.stderr, json.stdout, json.stderr]) {
      assert.ok(!text.includes(TOKEN), 'token printed by the CLI');
    }
    const report = readFileSync(join(out, 'report.json'), 'utf8');
    assert.match(report, /\[redacted\]/, 'the echoed credential is recorded as redacted');
    const files = [...filesUnder(join(dir, '.junction')), ...filesUnder(out)];
    assert.ok(files.some((file) => file.endsWith('junction.db')));
    const needles = [Buffer.from(TOKEN), Buffer.from(TOKEN, 'utf16le'), Buffer.from(TOKEN).toString('base64')].map(
      (n) => Buffer.from(n),
    );
    for (const file of files) {
      const bytes = readFileSync(file);
      for (const needle of needles) assert.equal(bytes.indexOf(needle), -1, `secret found in ${file}`);
    }
  });
});
