import type { Command } from 'commander';
import { CREDENTIAL_TYPES } from '../../model/credential-types.js';
import { UsageError } from '../../util/usage-error.js';
import type { Run } from '../errors.js';
import type { SecretSetOptions } from '../actions/secret.js';

interface DirOption {
  /** the older spelling of the folder argument, still accepted */
  dir?: string;
}

/** The workspace folder: an argument like every other command's, or --dir (kept for older scripts), not both. */
function workspaceDir(argument: string | undefined, options: DirOption): string {
  if (argument !== undefined && options.dir !== undefined && argument !== options.dir)
    throw new UsageError(`two workspace folders given: "${argument}" and --dir "${options.dir}"`);
  return argument ?? options.dir ?? '.';
}

/** `[dir]` plus the hidden `--dir <dir>`: documented once, accepted both ways. */
function withWorkspaceDir(command: Command): Command {
  return command
    .argument('[dir]', 'workspace folder (default: the current one)')
    .addOption(command.createOption('--dir <dir>', 'workspace folder').hideHelp());
}

export function registerSecret(program: Command, run: Run): void {
  const secret = program.command('secret').description('credentials in the workspace vault (AES-256-GCM)');
  withWorkspaceDir(
    secret
      .command('set')
      .description('store a credential; the secret itself is read from stdin, never from the command line')
      .argument('<id>', 'credential id, as named by systems[].auth.credential'),
  )
    .requiredOption('--type <type>', `one of ${CREDENTIAL_TYPES.join(', ')}`)
    .option('--username <name>', 'basic: the user name')
    .option('--header <name>', 'api-key: the header that carries the key')
    .option('--token-url <url>', 'oauth2-client-credentials: the token endpoint')
    .option('--client-id <id>', 'oauth2-client-credentials: the client id')
    .option('--scope <scope>', 'oauth2-client-credentials: the scope to request')
    .action((id: string, dir: string | undefined, options: SecretSetOptions & DirOption) =>
      run(
        import('../actions/secret.js').then((action) =>
          action.secretSetCommand(id, workspaceDir(dir, options), options),
        ),
      ),
    );
  withWorkspaceDir(secret.command('list').description('list credentials (never their secrets)')).action(
    (dir: string | undefined, options: DirOption) =>
      run(import('../actions/secret.js').then((action) => action.secretListCommand(workspaceDir(dir, options)))),
  );
  withWorkspaceDir(secret.command('rm').description('remove a credential').argument('<id>')).action(
    (id: string, dir: string | undefined, options: DirOption) =>
      run(import('../actions/secret.js').then((action) => action.secretRmCommand(id, workspaceDir(dir, options)))),
  );
}
