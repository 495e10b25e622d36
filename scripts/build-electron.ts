// Run with `npx tsx scripts/build-electron.ts [outdir]`. Bundles the desktop shell with esbuild:
// electron/main.ts → dist/electron/main.mjs (ESM, Node 22 as in Electron 45),
// electron/preload.ts → dist/electron/preload.cjs (a sandboxed preload must be one CommonJS file that requires only
// "electron"). better-sqlite3 stays external: the packaged app loads an Electron-ABI build of it (JUNCTION_SQLITE_BINDING).
import { build, type BuildOptions } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export async function buildElectron(
  outdir = join(ROOT, 'dist', 'electron'),
): Promise<{ main: string; preload: string }> {
  const common: BuildOptions = {
    bundle: true,
    platform: 'node',
    target: 'node22',
    sourcemap: 'linked',
    logLevel: 'warning',
    absWorkingDir: ROOT,
  };
  await build({
    ...common,
    entryPoints: [join(ROOT, 'electron', 'main.ts')],
    outfile: join(outdir, 'main.mjs'),
    format: 'esm',
    // playwright-core is only for headless PDF printing: the desktop app prints with printToPDF.
    external: ['electron', 'better-sqlite3', 'playwright-core'],
    // CommonJS dependencies bundled into an ES module still call require() for Node built-ins.
    banner: {
      js: "import { createRequire as __junctionCreateRequire } from 'node:module'; const require = __junctionCreateRequire(import.meta.url);",
    },
  });
  await build({
    ...common,
    entryPoints: [join(ROOT, 'electron', 'preload.ts')],
    outfile: join(outdir, 'preload.cjs'),
    format: 'cjs',
    external: ['electron'],
  });
  return { main: join(outdir, 'main.mjs'), preload: join(outdir, 'preload.cjs') };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { main, preload } = await buildElectron(process.argv[2]);
  console.log(`built ${main}\nbuilt ${preload}`);
}
