// Run with `npx tsx scripts/build-cli.ts [outdir]` (npm run build, and npm ci's prepare, run it). Compiles the CLI
// into dist/cli/: main.js, the command definitions, plus one chunk per group of modules an action imports on use
// (esbuild's code splitting keeps every dynamic import() a separate file, so `junction --help` loads ~100 kB of our
// code and commander). Dependencies stay external: node_modules is there at run time, and bundling them would load
// every dependency of every command up front. inputs.json lists the sources bundled, so bin/junction.js can tell
// when the build is older than the sources (then it runs those through tsx, saying so).
import { build, type Metafile } from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IMPORT_WORKER_BUILD } from '../src/flows/parallel-lines.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI_OUT_DIR = join(ROOT, 'dist', 'cli');
/** Written last: its modification time is the build's. */
export const CLI_INPUTS_FILE = 'inputs.json';

export async function buildCli(outdir = CLI_OUT_DIR): Promise<{ main: string; inputs: string[]; metafile: Metafile }> {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const [cli, worker] = await Promise.all([
    build({
      absWorkingDir: ROOT,
      entryPoints: { main: join(ROOT, 'src', 'cli', 'main.ts') },
      outdir,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      sourcemap: 'linked',
      metafile: true,
      logLevel: 'warning',
    }),
    // the flows import's worker thread, read by parallel-lines.ts from beside the chunk that starts it
    build({ ...IMPORT_WORKER_BUILD, absWorkingDir: ROOT, outfile: join(outdir, 'import-worker.cjs'), metafile: true }),
  ]);
  const inputs = [...new Set([...Object.keys(cli.metafile.inputs), ...Object.keys(worker.metafile.inputs)])]
    .filter((path) => !path.includes('node_modules/'))
    .map((path) => relative(ROOT, join(ROOT, path)))
    .sort();
  writeFileSync(join(outdir, CLI_INPUTS_FILE), JSON.stringify(inputs, null, 1) + '\n');
  return { main: join(outdir, 'main.js'), inputs, metafile: cli.metafile };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { main, inputs } = await buildCli(process.argv[2]);
  console.log(`built ${relative(ROOT, main)} from ${inputs.length} sources`);
}
