import type { Command } from 'commander';
import type { Run } from '../errors.js';
import type { ReadCliOptions } from '../actions/spec.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerSpec(program: Command, run: Run): void {
  const spec = program.command('spec').description('read, validate and compare OpenAPI / Swagger documents');
  spec
    .command('inspect')
    .description('print the spec version, counts and problems (exit 0 valid, 1 invalid, 2 unreadable)')
    .argument('<spec>', 'file or URL')
    .option('--json', 'print JSON')
    .option('--allow-remote-ref <host>', 'follow remote $refs to this host (repeatable)', collect)
    .action((location: string, options: ReadCliOptions & { json?: boolean }) =>
      run(import('../actions/spec.js').then((action) => action.specInspectCommand(location, options))),
    );
  spec
    .command('diff')
    .description('classify every change between two versions of a spec as breaking or not')
    .argument('<old>', 'old spec: file or URL')
    .argument('<new>', 'new spec: file or URL')
    .option('--json', 'print JSON (same as --format json)')
    .option('--format <format>', 'text, md or json', 'text')
    .option('--fail-on-breaking', 'exit 1 when any change is breaking')
    .option('--allow-remote-ref <host>', 'follow remote $refs to this host (repeatable)', collect)
    .action(
      (
        oldLocation: string,
        newLocation: string,
        options: ReadCliOptions & { json?: boolean; format?: string; failOnBreaking?: boolean },
      ) =>
        run(import('../actions/spec.js').then((action) => action.specDiffCommand(oldLocation, newLocation, options))),
    );
}
