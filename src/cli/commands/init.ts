import type { Command } from 'commander';
import { initWorkspace } from '../../estate/workspace.js';
import { EXIT } from '../errors.js';

export function registerInit(program: Command, run: (code: Promise<number>) => void): void {
  program
    .command('init')
    .description('write a commented starter junction.yaml')
    .argument('[dir]', 'workspace folder', '.')
    .action((dir: string) =>
      run(
        (async () => {
          const file = initWorkspace(dir);
          process.stdout.write(`Wrote ${file}\nEdit it, then run: junction audit ${dir === '.' ? '' : dir}\n`);
          return EXIT.ok;
        })(),
      ),
    );
}
