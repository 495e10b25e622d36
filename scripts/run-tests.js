#!/usr/bin/env node
// Runs every test/**/*.test.ts with Node's test runner (through tsx), or only the files/folders given.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const roots = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['test'];
const files = roots.flatMap((root) =>
  statSync(root).isDirectory()
    ? readdirSync(root, { recursive: true })
        .map((file) => join(root, String(file)))
        .filter((file) => file.endsWith('.test.ts'))
    : [root],
).sort();

if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
