import type { Command } from 'commander';
import type { Run } from '../errors.js';
import { allowOutsideOption } from '../outside-files.js';
import type { ServeOptions } from '../actions/serve.js';

export function registerServe(program: Command, run: Run): void {
  allowOutsideOption(program.command('serve'))
    .description('serve the Junction UI for a workspace on 127.0.0.1 (prints the URL with its access token)')
    .argument('[dir]', 'workspace folder', '.')
    .option('--port <n>', 'port to listen on (default: a free one)')
    .option('--open', 'open the URL in the default browser')
    .option('--no-monitor', "do not run the workspace's monitors while serving")
    .action((dir: string, options: ServeOptions) =>
      run(import('../actions/serve.js').then((action) => action.serveUntilSignal(dir, options))),
    );
}
