import { spawn } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PACKAGE_ROOT } from '../util/package-root.js';

/** Where the built renderer lives: Vite's outDir in renderer/vite.config.ts. */
export const RENDERER_DIR = join(PACKAGE_ROOT, 'dist', 'renderer');

/** Runs Vite's build of renderer/ into `outDir`; resolves when it succeeded, with its output on failure. */
function viteBuild(outDir: string): Promise<void> {
  let vite: string;
  try {
    // vite's exports map hides bin/: find its folder from the package.json it does export
    vite = join(
      dirname(createRequire(join(PACKAGE_ROOT, 'package.json')).resolve('vite/package.json')),
      'bin',
      'vite.js',
    );
  } catch {
    return Promise.reject(new Error('the UI is not built and Vite is not installed to build it: run "npm ci"'));
  }
  const config = join(PACKAGE_ROOT, 'renderer', 'vite.config.ts');
  const child = spawn(process.execPath, [vite, 'build', '--config', config, '--outDir', outDir, '--logLevel', 'warn'], {
    cwd: PACKAGE_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`building the UI failed (vite build, exit ${code}):\n${output}`)),
    );
  });
}

/**
 * Makes sure the built renderer is there before the host serves it: where it is missing (a checkout that skipped
 * npm ci's prepare, a removed dist/), builds it, which takes seconds, instead of serving an error page. The build
 * goes to a folder of its own and is renamed into place, so two hosts starting at once never serve half a build.
 */
export async function ensureRendererBuilt(onBuild: (message: string) => void): Promise<void> {
  if (existsSync(join(RENDERER_DIR, 'index.html'))) return;
  onBuild('The UI is not built yet: building it (vite build, a few seconds)…');
  const staging = `${RENDERER_DIR}.building-${process.pid}`;
  try {
    await viteBuild(staging);
    rmSync(RENDERER_DIR, { recursive: true, force: true });
    try {
      renameSync(staging, RENDERER_DIR);
    } catch (error) {
      // another host renamed its build into place first: serve that one
      if (!existsSync(join(RENDERER_DIR, 'index.html'))) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
