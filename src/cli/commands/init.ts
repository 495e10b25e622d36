import type { Command } from 'commander';
import type { Run } from '../errors.js';

export function registerInit(program: Command, run: Run): void {
  program
    .command('init')
    .description('write a commented starter junction.yaml')
    .argument('[dir]', 'workspace folder', '.')
    .action((dir: string) => run(import('../actions/init.js').then((action) => action.initCommand(dir))));
}
