import { initWorkspace } from '../../estate/workspace.js';
import { EXIT } from '../errors.js';

/** Writes the commented starter junction.yaml into `dir` and says what to run next. */
export async function initCommand(dir: string): Promise<number> {
  const file = initWorkspace(dir);
  process.stdout.write(`Wrote ${file}\nEdit it, then run: junction audit ${dir === '.' ? '' : dir}\n`);
  return EXIT.ok;
}
