import { openContext } from '../../estate/context.js';
import type { Credential, CredentialType } from '../../model/credential.js';
import { CREDENTIAL_TYPES } from '../../model/credential-types.js';
import { UsageError } from '../../util/usage-error.js';
import { EXIT } from '../errors.js';
import { readSecretFromStdin } from '../stdin.js';

export interface SecretSetOptions {
  type: string;
  username?: string;
  header?: string;
  tokenUrl?: string;
  clientId?: string;
  scope?: string;
}

function need(value: string | undefined, flag: string, type: string): string {
  if (!value) throw new UsageError(`--type ${type} needs ${flag}`);
  return value;
}

function buildCredential(type: CredentialType, secret: string, options: SecretSetOptions): Credential {
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

/** Stores a credential in the vault of the workspace in `dir`; the secret itself comes from stdin. */
export async function secretSetCommand(id: string, dir: string, options: SecretSetOptions): Promise<number> {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id))
    throw new UsageError('credential ids use lower-case letters, digits and dashes');
  const type = options.type as CredentialType;
  if (!CREDENTIAL_TYPES.includes(type)) throw new UsageError(`--type must be one of ${CREDENTIAL_TYPES.join(', ')}`);
  const context = openContext(dir, { outsideFiles: 'not-read' });
  try {
    const value = await readSecretFromStdin(PROMPT[type]);
    if (value === '') throw new UsageError('empty secret on stdin');
    context.vault().set(id, buildCredential(type, value, options));
    process.stdout.write(`Stored ${type} credential "${id}"\n`);
    return EXIT.ok;
  } finally {
    context.close();
  }
}

/** Lists the credentials of the vault: ids, types and clear metadata, never a secret. */
export async function secretListCommand(dir: string): Promise<number> {
  const context = openContext(dir, { outsideFiles: 'not-read' });
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
}

export async function secretRmCommand(id: string, dir: string): Promise<number> {
  const context = openContext(dir, { outsideFiles: 'not-read' });
  try {
    if (!context.vault().remove(id)) throw new UsageError(`no credential "${id}"`);
    process.stdout.write(`Removed "${id}"\n`);
    return EXIT.ok;
  } finally {
    context.close();
  }
}
