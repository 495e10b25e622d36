import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { scan, unexplained } from '../../scripts/electronegativity-gate.js';
import { REPO_ROOT } from '../helpers/cli.js';

describe('Electronegativity gate', () => {
  it('finds and counts the high/medium problems of an insecure shell', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'junction-insecure-shell-'));
    mkdirSync(join(dir, 'electron'));
    writeFileSync(
      join(dir, 'electron', 'main.js'),
      "const { BrowserWindow } = require('electron');\nconst win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false, webSecurity: false } });\nwin.loadURL('http://example.test/');\n",
    );
    const { results } = await scan(dir, join(dir, 'out.sarif'));
    const ids = new Set(unexplained(results, []).map((result) => result.id));
    for (const id of [
      'CONTEXT_ISOLATION_JS_CHECK',
      'SANDBOX_JS_CHECK',
      'WEB_SECURITY_JS_CHECK',
      'LIMIT_NAVIGATION_GLOBAL_CHECK',
    ])
      assert.ok(ids.has(id), `${id} in ${[...ids].join(', ')}`);
  });

  it('passes the real shell: every high/medium result is explained', async () => {
    const out = mkdtempSync(join(tmpdir(), 'junction-shell-scan-'));
    const { results, errors } = await scan(join(REPO_ROOT, 'electron'), join(out, 'electron.sarif'));
    assert.deepEqual(errors, []);
    const explained = [{ id: 'PRELOAD_JS_CHECK', file: 'main.ts' }];
    assert.deepEqual(unexplained(results, explained), []);
    assert.ok(
      !results.some((result) =>
        ['NODE_INTEGRATION_JS_CHECK', 'CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'AUXCLICK_JS_CHECK'].includes(
          result.id,
        ),
      ),
      JSON.stringify(results),
    );
  });
});
