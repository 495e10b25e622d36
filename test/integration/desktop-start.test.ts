import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { tempWorkspace } from '../helpers/estate.js';

describe('npm start without the Electron binary', () => {
  it('says Electron is missing, serves the UI on 127.0.0.1, and stops on SIGTERM', async () => {
    const workspace = tempWorkspace('version: 1\nname: Start test\nsystems: []\n');
    const child = spawn(process.execPath, [join(REPO_ROOT, 'scripts', 'start.js'), workspace], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL in 45 s:\n${output}`)), 45_000);
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /^(http:\/\/127\.0\.0\.1:\d+\/\S*)$/m.exec(output);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
        child.once('exit', () => reject(new Error(`exited early:\n${output}`)));
      });
      assert.match(output, /Electron is not available here \(/);
      assert.match(output, /Serving the Junction UI for your browser instead/);
      // The printed URL carries the access token once: the host trades it for a cookie and redirects.
      const entry = await fetch(url, { redirect: 'manual' });
      const cookie = entry.headers.get('set-cookie')?.split(';')[0];
      assert.match(cookie ?? '', /^junction_token=/);
      const page = await fetch(new URL(entry.headers.get('location') ?? '/', url), { headers: { cookie: cookie! } });
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<html/i);
    } finally {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = await exited;
      assert.equal(code, 0, output);
    }
  });
});
