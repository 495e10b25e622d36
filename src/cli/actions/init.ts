import { join, relative, resolve, sep } from 'node:path';
import { CONFIG_SCHEMA_PATH } from '../../estate/config-schema.js';
import { initWorkspace } from '../../estate/workspace.js';
import { PACKAGE_ROOT } from '../../util/package-root.js';
import { EXIT } from '../errors.js';

/**
 * Writes the commented starter junction.yaml into `dir` and says what to run next. Its editor comment names the
 * JSON Schema Junction ships by a path relative to the workspace: it still holds where both move together (a
 * project with Junction in node_modules), and editors read it without a network.
 */
export async function initCommand(dir: string): Promise<number> {
  const schema = relative(resolve(dir), join(PACKAGE_ROOT, CONFIG_SCHEMA_PATH)).split(sep).join('/');
  const file = initWorkspace(dir, { schema });
  process.stdout.write(`Wrote ${file}\nEdit it, then run: junction audit ${dir === '.' ? '' : dir}\n`);
  return EXIT.ok;
}
