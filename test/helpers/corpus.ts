import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The absolute path of a file or folder of ../shared/corpus, the real specs and rule catalogues the tests read (and
 * never copy into the repo). When it is missing the test file stops at once, naming what it needed, instead of
 * failing later on an empty list or an obscure ENOENT.
 */
export function corpusPath(relativePath: string): string {
  const path = fileURLToPath(new URL(`../../../shared/corpus/${relativePath}`, import.meta.url));
  if (!existsSync(path))
    throw new Error(
      `../shared/corpus/${relativePath} is missing (looked in ${path}): these tests read the shared corpus beside ` +
        'the repository',
    );
  return path;
}
