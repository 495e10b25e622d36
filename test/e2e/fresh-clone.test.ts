import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { launchChromium, screenshot } from '../helpers/ui.js';

/** Runs a command to completion in `cwd`, failing with its output when it does not exit 0. */
function mustRun(command: string, args: string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  assert.equal(result.status, 0, `${command} ${args.join(' ')}:\n${result.stdout}\n${result.stderr}`);
}

interface Served {
  child: ChildProcess;
  url: string;
  stderr: () => string;
}

/** Starts `junction ARGS` from the clone and waits for the URL it prints alone on a line. */
function serveFrom(clone: string, args: string[]): Promise<Served> {
  const child = spawn(process.execPath, [join(clone, 'bin', 'junction.js'), ...args], {
    cwd: clone,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /^(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)$/m.exec(stdout)?.[1];
      if (url) resolve({ child, url, stderr: () => stderr });
    });
    child.once('exit', (code) => reject(new Error(`junction ${args.join(' ')} exited ${code}:\n${stdout}\n${stderr}`)));
  });
}

async function stop(served: Served): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => served.child.once('exit', resolve));
  served.child.kill('SIGINT');
  return exited;
}

/**
 * The README's first step, as a newcomer takes it: a fresh clone of the committed tree, `npm ci`, then the UI. This
 * clones HEAD, so it tests what is committed; npm ci reads the packages from npm's cache when they are there.
 */
describe('npm ci on a fresh clone', { timeout: 300_000 }, () => {
  let clone: string;
  let browser: Browser;

  beforeAll(async () => {
    clone = join(mkdtempSync(join(tmpdir(), 'junction-clone-')), 'repo');
    mustRun('git', ['clone', '--quiet', REPO_ROOT, clone], tmpdir());
    mustRun('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], clone);
    browser = await launchChromium();
  }, 1_800_000); // npm ci: minutes on a busy machine
  afterAll(async () => {
    await browser?.close();
    rmSync(join(clone, '..'), { recursive: true, force: true });
  });

  /** Opens the printed URL in Chromium and waits for the app's first page (the Estate's systems table). */
  async function openApp(url: string, name: string): Promise<void> {
    const page = await browser.newPage();
    try {
      await page.goto(url);
      await page.getByRole('table', { name: 'Systems' }).waitFor();
      await screenshot(page, name);
    } finally {
      await page.close();
    }
  }

  it('leaves the UI built and the CLI compiled, and junction serve serving the app with the compiled CLI', async () => {
    assert.ok(existsSync(join(clone, 'dist', 'renderer', 'index.html')), 'prepare built the renderer');
    assert.ok(existsSync(join(clone, 'dist', 'cli', 'main.js')), 'prepare compiled the CLI');
    const workspace = join(clone, '..', 'workspace');
    mustRun(process.execPath, [join(clone, 'bin', 'junction.js'), 'init', workspace], clone);
    const served = await serveFrom(clone, ['serve', workspace, '--no-monitor']);
    try {
      await openApp(served.url, 'fresh-clone-serve');
      assert.equal(served.stderr(), '', 'the compiled CLI ran, the UI was there');
    } finally {
      assert.equal(await stop(served), 0);
    }
  });

  it('builds the renderer when it is missing instead of serving an error page (junction demo --serve)', async () => {
    rmSync(join(clone, 'dist', 'renderer'), { recursive: true, force: true });
    const served = await serveFrom(clone, ['demo', '--serve', '--json']);
    try {
      assert.match(served.stderr(), /The UI is not built yet: building it/);
      assert.ok(existsSync(join(clone, 'dist', 'renderer', 'index.html')));
      await openApp(served.url, 'fresh-clone-demo-serve');
    } finally {
      assert.equal(await stop(served), 0);
    }
  });
});
