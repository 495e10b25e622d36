import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, test } from 'vitest';
import { fileURLToPath } from 'node:url';
import { initWorkspace } from '../../src/estate/workspace.js';

const BIN = fileURLToPath(new URL('../../bin/junction.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'junction-serve-'));
let child: ChildProcess | undefined;

afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

test('junction serve prints the URL with its token alone on a line, serves behind it, and stops on SIGINT', async () => {
  initWorkspace(dir);
  child = spawn(process.execPath, [BIN, 'serve', dir, '--port', '0', '--no-monitor'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed:\n${stdout}`)), 20_000);
    child!.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout
        .split('\n')
        .find((candidate) => /^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+$/.test(candidate));
      if (line) {
        clearTimeout(timer);
        resolve(line);
      }
    });
  });
  const origin = new URL(url).origin;
  assert.equal((await fetch(`${origin}/`)).status, 401);
  const first = await fetch(url, { redirect: 'manual' });
  assert.equal(first.status, 303);
  assert.match(first.headers.get('set-cookie') ?? '', /^junction_token=[\w-]+; HttpOnly; SameSite=Strict/);
  const exit = new Promise<number | null>((resolve) => child!.on('close', resolve));
  child.kill('SIGINT');
  assert.equal(await exit, 0);
});
