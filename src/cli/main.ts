// The CLI's entry. It defines every command and loads nothing else: each command's module in commands/ declares its
// arguments and options, and its action imports the code it runs (actions/*.ts) only when it runs, so `--help`, a
// usage error or `spec inspect` never pay for a browser, OpenTelemetry, the load generator or the server. To add a
// command: declare it in commands/NAME.ts (import there only commander's types, ../errors.js, ../outside-files.js and
// light src/model files), do the work in actions/NAME.ts, and register it below. The layer rule
// cli-definitions-load-nothing and test/integration/cli-compiled.test.ts hold the definitions to it.
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../estate/errors.js';
import { UsageError } from '../util/usage-error.js';
import { EXIT } from './errors.js';
import { registerAudit } from './commands/audit.js';
import { registerDemo } from './commands/demo.js';
import { registerFlows } from './commands/flows.js';
import { registerMonitor } from './commands/monitor.js';
import { registerInit } from './commands/init.js';
import { registerReport } from './commands/report.js';
import { registerSecret } from './commands/secret.js';
import { registerServe } from './commands/serve.js';
import { registerSpec } from './commands/spec.js';

/**
 * Exit 2 for what the user can correct (configuration, usage), with its message only. Anything else is Junction's
 * fault: exit 3 and ask for a report; the stack, which means nothing to a user, only with --debug.
 */
function exitCodeFor(error: unknown): number {
  if (error instanceof ConfigError) {
    process.stderr.write(`junction: ${error.describe()}\n`);
    return EXIT.usage;
  }
  if (error instanceof UsageError) {
    process.stderr.write(`junction: ${error.message}\n`);
    return EXIT.usage;
  }
  const debug = program.opts<{ debug?: boolean }>().debug === true;
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `junction: unexpected error: ${message}\n` +
      (debug && error instanceof Error && error.stack
        ? `${error.stack}\n`
        : 'junction: run the command again with --debug to see where it happened\n') +
      'junction: this is a bug in Junction: please report it with the command you ran and this output\n',
  );
  return EXIT.bug;
}

/** Every command resolves to an exit code; the process exits once with it. */
function run(code: Promise<number>): void {
  code.then(
    (value) => {
      process.exitCode = value;
    },
    (error: unknown) => {
      process.exitCode = exitCodeFor(error);
    },
  );
}

const program = new Command('junction')
  .description('Integration monitor and go-live readiness auditor')
  .version('0.1.0')
  .option('--debug', 'on an unexpected error, print where it happened (the stack)')
  .exitOverride()
  .showHelpAfterError();

registerInit(program, run);
registerAudit(program, run);
registerSecret(program, run);
registerDemo(program, run);
registerReport(program, run);
registerFlows(program, run);
registerMonitor(program, run);
registerServe(program, run);
registerSpec(program, run);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : EXIT.usage;
  } else {
    process.exitCode = exitCodeFor(error);
  }
}
