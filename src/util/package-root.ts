import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Junction's own folder (the one holding its package.json), found by walking up from this module. A fixed relative
 * path would break once the module is bundled: the CLI runs from dist/cli/, the sources from src/util/.
 */
function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'junction')
      return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json of junction above ${start}`);
  }
}

export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));
