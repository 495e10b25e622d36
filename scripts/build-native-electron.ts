// Run with `npx tsx scripts/build-native-electron.ts` on each packaging OS/arch, before electron-builder.
// Builds better-sqlite3 for Electron's ABI in a copy of the module (node_modules stays as it is, so tests keep
// running under plain Node) and leaves the binary at build/native/better_sqlite3.node, which electron-builder.yml
// ships unpacked as resources/native/better_sqlite3.node and electron/main.ts hands to better-sqlite3's
// `nativeBinding` option (through JUNCTION_SQLITE_BINDING). Needs the network: a prebuilt binary from
// better-sqlite3's releases, or Electron's headers to compile one.
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(join(ROOT, 'package.json'));

export const NATIVE_OUTPUT = join(ROOT, 'build', 'native', 'better_sqlite3.node');

export function electronVersion(): string {
  return (JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')) as { version: string }).version;
}

function main(): void {
  const version = electronVersion();
  const arch = process.env.npm_config_arch ?? process.arch;
  const source = dirname(require.resolve('better-sqlite3/package.json'));
  const stage = join(ROOT, 'build', 'native', 'better-sqlite3');
  rmSync(stage, { recursive: true, force: true });
  cpSync(source, stage, { recursive: true, filter: (path) => !path.startsWith(join(source, 'build')) });
  const run = (command: string, args: string[]) =>
    execFileSync(process.execPath, [command, ...args], { cwd: stage, stdio: 'inherit' });
  try {
    run(require.resolve('prebuild-install/bin.js'), [
      '--runtime=electron',
      `--target=${version}`,
      `--arch=${arch}`,
      `--platform=${process.platform}`,
      '--verbose',
    ]);
  } catch {
    console.log(
      `no prebuilt better-sqlite3 for Electron ${version} ${process.platform}-${arch}: compiling against Electron's headers`,
    );
    run(require.resolve('node-gyp/bin/node-gyp.js'), [
      'rebuild',
      '--release',
      `--target=${version}`,
      `--arch=${arch}`,
      '--dist-url=https://electronjs.org/headers',
    ]);
  }
  mkdirSync(dirname(NATIVE_OUTPUT), { recursive: true });
  copyFileSync(join(stage, 'build', 'Release', 'better_sqlite3.node'), NATIVE_OUTPUT);
  console.log(`better-sqlite3 for Electron ${version} (${process.platform}-${arch}): ${NATIVE_OUTPUT}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
