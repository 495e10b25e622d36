import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VaultRepository } from '../store/vault-repository.js';
import { credentialSchema, SECRET_FIELD, type Credential, type CredentialType } from '../model/credential.js';
import { ConfigError } from './errors.js';
import type { Auth } from '../model/estate.js';

const KEY_FILE = 'vault.key';

/**
 * The vault key: JUNCTION_KEY (64 hex chars, base64 of 32 bytes, or a passphrase stretched with scrypt),
 * else a random key in a 0600 file inside the workspace's .junction folder, made on first use.
 * (The desktop host supplies its own key protected by safeStorage.)
 */
export function loadVaultKey(stateDir: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  const fromEnv = env.JUNCTION_KEY;
  if (fromEnv) {
    if (/^[0-9a-f]{64}$/i.test(fromEnv)) return Buffer.from(fromEnv, 'hex');
    const decoded = Buffer.from(fromEnv, 'base64');
    if (decoded.length === 32 && /^[A-Za-z0-9+/]{43}=$/.test(fromEnv)) return decoded;
    return scryptSync(fromEnv, 'junction-vault-v1', 32);
  }
  const file = join(stateDir, KEY_FILE);
  if (existsSync(file)) {
    const mode = statSync(file).mode & 0o777;
    if (mode & 0o077) {
      throw new ConfigError(
        `vault key file is readable by others (mode ${mode.toString(8)}); run: chmod 600 "${file}"`,
        file,
      );
    }
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
    if (key.length !== 32) throw new ConfigError('vault key file is corrupt (expected 64 hex characters)', file);
    return key;
  }
  const key = randomBytes(32);
  writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}

export interface VaultEntry {
  id: string;
  type: CredentialType;
  meta: Record<string, string>;
  updatedAt: string;
}

/** Credentials sealed with AES-256-GCM; the id and type are bound to the ciphertext as associated data. */
export class Vault {
  constructor(
    private readonly repository: VaultRepository,
    private readonly key: Buffer,
  ) {}

  set(id: string, credential: Credential): void {
    const parsed = credentialSchema.parse(credential);
    const secretField = SECRET_FIELD[parsed.type];
    const { [secretField]: secret, type, ...meta } = parsed as Record<string, string>;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(`${id}\0${type}`));
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    this.repository.put({
      id,
      type: type,
      meta: meta,
      iv,
      ciphertext,
      tag: cipher.getAuthTag(),
      updatedAt: new Date().toISOString(),
    });
  }

  get(id: string): Credential {
    const sealed = this.repository.get(id);
    if (!sealed)
      throw new ConfigError(`no credential "${id}" in the vault (add it with: junction secret set ${id} --type …)`);
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.iv);
    decipher.setAAD(Buffer.from(`${id}\0${sealed.type}`));
    decipher.setAuthTag(sealed.tag);
    let secret: string;
    try {
      secret = Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new ConfigError(`credential "${id}" cannot be decrypted: the vault key is not the one it was sealed with`);
    }
    const field = SECRET_FIELD[sealed.type as CredentialType];
    return credentialSchema.parse({ ...sealed.meta, type: sealed.type, [field]: secret });
  }

  list(): VaultEntry[] {
    return this.repository
      .list()
      .map(({ id, type, meta, updatedAt }) => ({ id, type: type as CredentialType, meta, updatedAt }));
  }

  remove(id: string): boolean {
    return this.repository.remove(id);
  }
}

function fromEnvReference(reference: string, env: NodeJS.ProcessEnv): string {
  const name = /^\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(reference)![1];
  const value = env[name];
  if (value === undefined || value === '') throw new ConfigError(`environment variable ${name} is not set`);
  return value;
}

/** Turns a system's auth setting into a credential: from the vault, or from ${env:NAME} references. */
export function resolveAuth(auth: Auth, vault: () => Vault, env: NodeJS.ProcessEnv = process.env): Credential {
  if ('credential' in auth) return vault().get(auth.credential);
  switch (auth.type) {
    case 'bearer':
      return { type: 'bearer', token: fromEnvReference(auth.token, env) };
    case 'basic':
      return { type: 'basic', username: auth.username, password: fromEnvReference(auth.password, env) };
    case 'api-key':
      return { type: 'api-key', header: auth.header, value: fromEnvReference(auth.value, env) };
    case 'oauth2-client-credentials':
      return {
        type: 'oauth2-client-credentials',
        tokenUrl: auth.tokenUrl,
        clientId: auth.clientId,
        clientSecret: fromEnvReference(auth.clientSecret, env),
        scope: auth.scope,
      };
  }
}
