import type { Command } from 'commander';
import { openContext } from '../../estate/context.js';
import { CREDENTIAL_TYPES, type Credential, type CredentialType } from '../../model/credential.js';
import { CliUsageError, EXIT } from '../errors.js';
import { readSecretFromStdin } from '../stdin.js';

interface SetOptions {
  type: string;
  dir: string;
  username?: string;
  header?: string;
  tokenUrl?: string;
  clientId?: string;
  scope?: string;
}

function need(value: string | undefined, flag: string, type: string): string {
  if (!value) throw new CliUsageError(`--type ${type} needs ${flag}`);
  return value;
}

function buildCredential(type: CredentialType, secret: string, options: SetOptions): Credential {
  switch (type) {
    case 'bearer':
      return { type, token: secret };
    case 'basic':
      return { type, username: need(options.username, '--username', type), password: secret };
    case 'api-key':
      return { type, header: need(options.header, '--header', type), value: secret };
    case 'oauth2-client-credentials':
      return {
        type,
        tokenUrl: need(options.tokenUrl, '--token-url', type),
        clientId: need(options.clientId, '--client-id', type),
        clientSecret: secret,
        scope: options.scope,
      };
  }
}

const PROMPT: Record<CredentialType, string> = {
  bearer: 'Token: ',
  basic: 'Password: ',
  'api-key': 'API key: ',
  'oauth2-client-credentials': 'Client secret: ',
};

export function registerSecret(program: Command, run: (code: Promise<number>) => void): void {
  const secret = program.command('secret').description('credentials in the workspace vault (AES-256-GCM)');
  secret
    .command('set')
    .description('store a credential; the secret itself is read from stdin, never from the command line')
    .argument('<id>', 'credential id, as named by systems[].auth.credential')
    .requiredOption('--type <type>', `one of ${CREDENTIAL_TYPES.join(', ')}`)
    .option('--dir <dir>', 'workspace folder', '.')
    .option('--username <name>', 'basic: the user name')
    .option('--header <name>', 'api-key: the header that carries the key')
    .option('--token-url <url>', 'oauth2-client-credentials: the token endpoint')
    .option('--client-id <id>', 'oauth2-client-credentials: the client id')
    .option('--scope <scope>', 'oauth2-client-credentials: the scope to request')
    .action((id: string, options: SetOptions) =>
      run(
        (async () => {
          if (!/^[a-z0-9][a-z0-9-]*$/.test(id))
            throw new CliUsageError('credential ids use lower-case letters, digits and dashes');
          const type = options.type as CredentialType;
          if (!CREDENTIAL_TYPES.includes(type))
            throw new CliUsageError(`--type must be one of ${CREDENTIAL_TYPES.join(', ')}`);
          const context = openContext(options.dir, { outsideFiles: 'not-read' });
          try {
            const value = await readSecretFromStdin(PROMPT[type]);
            if (value === '') throw new CliUsageError('empty secret on stdin');
            context.vault().set(id, buildCredential(type, value, options));
            process.stdout.write(`Stored ${type} credential "${id}"\n`);
            return EXIT.ok;
          } finally {
            context.close();
          }
        })(),
      ),
    );
  secret
    .command('list')
    .description('list credentials (never their secrets)')
    .option('--dir <dir>', 'workspace folder', '.')
    .action((options: { dir: string }) =>
      run(
        (async () => {
          const context = openContext(options.dir, { outsideFiles: 'not-read' });
          try {
            const entries = context.vault().list();
            if (entries.length === 0) process.stdout.write('No credentials.\n');
            for (const entry of entries) {
              const meta = Object.entries(entry.meta)
                .map(([k, v]) => `${k}=${v}`)
                .join(' ');
              process.stdout.write(`${entry.id}\t${entry.type}\t${entry.updatedAt}${meta ? `\t${meta}` : ''}\n`);
            }
            return EXIT.ok;
          } finally {
            context.close();
          }
        })(),
      ),
    );
  secret
    .command('rm')
    .description('remove a credential')
    .argument('<id>')
    .option('--dir <dir>', 'workspace folder', '.')
    .action((id: string, options: { dir: string }) =>
      run(
        (async () => {
          const context = openContext(options.dir, { outsideFiles: 'not-read' });
          try {
            if (!context.vault().remove(id)) throw new CliUsageError(`no credential "${id}"`);
            process.stdout.write(`Removed "${id}"\n`);
            return EXIT.ok;
          } finally {
            context.close();
          }
        })(),
      ),
    );
}
