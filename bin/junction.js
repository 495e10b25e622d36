#!/usr/bin/env node
// Runs the compiled CLI (dist/cli/, built by `npm run build` and by npm ci's prepare). Where it is missing or older
// than a source it was built from (development), runs the TypeScript sources through tsx instead and says so once,
// on stderr. Plain JavaScript, and only node:fs, so choosing costs a few stat calls.
import { readFileSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const inputsFile = new URL('dist/cli/inputs.json', root);

/** Why the compiled CLI cannot be used, or undefined when it is current. */
function staleReason() {
  let built;
  let inputs;
  try {
    built = statSync(inputsFile).mtimeMs;
    inputs = JSON.parse(readFileSync(inputsFile, 'utf8'));
  } catch {
    return 'dist/cli is missing';
  }
  for (const input of inputs) {
    const stat = statSync(new URL(input, root), { throwIfNoEntry: false });
    if (!stat) return `${input}, built into dist/cli, is gone`;
    if (stat.mtimeMs > built) return `${input} is newer than dist/cli`;
  }
  return undefined;
}

const reason = staleReason();
if (reason === undefined) {
  await import('../dist/cli/main.js');
} else {
  process.stderr.write(`junction: running the TypeScript sources: ${reason} (npm run build compiles the CLI)\n`);
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.js');
}
