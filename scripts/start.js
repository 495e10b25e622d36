#!/usr/bin/env node
// npm start [-- WORKSPACE_DIR]: the desktop app where the Electron binary is installed; otherwise the same UI,
// served by `junction serve` on 127.0.0.1 for a browser, saying so.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(join(ROOT, 'package.json'));

/** The Electron binary, or why it cannot be used (its download is blocked or was skipped). */
function findElectron() {
  try {
    const path = require('electron');
    return existsSync(path) ? { path } : { reason: `${path} is missing` };
  } catch (error) {
    return { reason: String(error instanceof Error ? error.message : error).split('\n')[0] };
  }
}

/** Runs a child to completion, forwarding Ctrl-C and termination, and exits with its code. */
function runForwarding(command, args) {
  const child = spawn(command, args, { stdio: 'inherit', cwd: process.cwd() });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const args = process.argv.slice(2);
const electron = findElectron();
if ('path' in electron) {
  const { register } = await import('tsx/esm/api');
  register();
  const { ensureRendererBuilt } = await import('../src/server/renderer-build.js');
  await ensureRendererBuilt((message) => console.log(message));
  const { buildElectron } = await import('./build-electron.js');
  const { main } = await buildElectron();
  runForwarding(electron.path, [main, ...args]);
} else {
  console.log(`Electron is not available here (${electron.reason}).`);
  console.log('Serving the Junction UI for your browser instead; the README explains how to run the desktop app.');
  // junction serve builds the UI first if it is missing
  runForwarding(process.execPath, [join(ROOT, 'bin', 'junction.js'), 'serve', args[0] ?? '.']);
}
