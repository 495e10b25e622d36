import type { Command } from 'commander';
import type { Run } from '../errors.js';
import type { ReadCliOptions } from '../actions/spec.js';
import type { LintCliOptions } from '../actions/spec-lint.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];
const ROOT_HELP = "the folder the spec's $refs may reach (default: the entry's folder)";

export function registerSpec(program: Command, run: Run): void {
  const spec = program.command('spec').description('read, validate and compare OpenAPI / Swagger documents');
  spec
    .command('inspect')
    .description('print the spec version, counts and problems (exit 0 valid, 1 invalid, 2 unreadable)')
    .argument('<spec>', 'file or URL')
    .option('--json', 'print JSON')
    .option('--root <dir>', ROOT_HELP)
    .option('--allow-remote-ref <host>', 'follow remote $refs to this host (repeatable)', collect)
    .action((location: string, options: ReadCliOptions & { json?: boolean }) =>
      run(import('../actions/spec.js').then((action) => action.specInspectCommand(location, options))),
    );
  spec
    .command('diff')
    .description(
      "classify every change between two versions of a spec with oasdiff's rule ids and levels (ERR breaking, WARN possibly breaking, INFO not)",
    )
    .argument('<old>', 'old spec: file or URL')
    .argument('<new>', 'new spec: file or URL')
    .option('--json', 'print JSON (same as --format json)')
    .option('--format <format>', 'text, md (a pull-request comment), json, junit or sarif', 'text')
    .option('--fail-on <level>', 'exit 1 when a change not ignored is at this level or above: ERR or WARN')
    .option('--fail-on-breaking', 'the same as --fail-on WARN')
    .option('--config <file>', 'a junction.yaml whose diff: section sets rule levels and ignored changes')
    .option('--root <dir>', ROOT_HELP)
    .option('--allow-remote-ref <host>', 'follow remote $refs to this host (repeatable)', collect)
    .action(
      (
        oldLocation: string,
        newLocation: string,
        options: ReadCliOptions & {
          json?: boolean;
          format?: string;
          failOn?: string;
          failOnBreaking?: boolean;
          config?: string;
        },
      ) =>
        run(import('../actions/spec.js').then((action) => action.specDiffCommand(oldLocation, newLocation, options))),
    );
  spec
    .command('bundle')
    .description(
      'write the single-file document Junction audits: refs to other files inlined, internal refs kept ' +
        '(exit 0 valid, 1 invalid, 2 unreadable)',
    )
    .argument('<entry>', 'the root file or URL of the spec')
    .option('--root <dir>', ROOT_HELP)
    .option('-o, --output <file>', 'write here (.json, .yaml or .yml) instead of standard output')
    .option('--allow-remote-ref <host>', 'follow remote $refs to this host (repeatable)', collect)
    .action((location: string, options: ReadCliOptions & { output?: string }) =>
      run(import('../actions/spec.js').then((action) => action.specBundleCommand(location, options))),
    );
  spec
    .command('lint')
    .description(
      'lint a spec with spectral:oas, the OWASP API Security Top 10 and Junction rules ' +
        '(exit 0 nothing at the fail severity, 1 results at or above it, 2 unreadable or bad usage)',
    )
    .argument('[spec]', 'file or URL')
    .option('--ruleset <list>', 'comma-separated rulesets: spectral:oas, owasp, junction (default: all three)')
    .option('--format <format>', 'text, json, sarif or junit', 'text')
    .option('--fail-severity <severity>', 'exit 1 when a result is at least: error, warn or info', 'error')
    .option('--config <file>', 'lint settings (rulesets, rules, ignore, overrides); default: lint: in ./junction.yaml')
    .option('--list-rules', 'print every rule with its ruleset, default severity and OWASP risk')
    .option('--root <dir>', ROOT_HELP)
    .option('--allow-remote-ref <host>', 'follow remote $refs to this host (repeatable)', collect)
    .action((location: string | undefined, options: LintCliOptions) =>
      run(import('../actions/spec-lint.js').then((action) => action.specLintCommand(location, options))),
    );
}
