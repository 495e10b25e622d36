import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../estate/errors.js';
import { loadVaultKey } from '../estate/vault.js';

/** What the desktop shell passes in: Electron's safeStorage (the OS keychain, DPAPI or libsecret). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export const SEALED_KEY_FILE = 'vault.key.sealed';
const PLAIN_KEY_FILE = 'vault.key';

export interface DesktopVaultKey {
  key: Buffer;
  /** where the key's protection comes from */
  protection: 'env' | 'safeStorage' | 'file';
}

/**
 * The workspace's vault key on the desktop. JUNCTION_KEY wins as everywhere; otherwise the key is kept sealed by
 * safeStorage in `.junction/vault.key.sealed`, created on first use. A workspace the CLI created keeps its 0600
 * key file (the CLI has no keychain) and gains a sealed copy; without an OS keychain the 0600 file is the fallback.
 */
export function desktopVaultKey(
  stateDir: string,
  safeStorage: SafeStorageLike,
  env: NodeJS.ProcessEnv = process.env,
): DesktopVaultKey {
  if (env.JUNCTION_KEY) return { key: loadVaultKey(stateDir, env), protection: 'env' };
  const sealed = join(stateDir, SEALED_KEY_FILE);
  if (existsSync(sealed)) {
    if (!safeStorage.isEncryptionAvailable())
      throw new ConfigError('the vault key is sealed by the OS keychain, which is not available now', sealed);
    let key: Buffer;
    try {
      key = Buffer.from(safeStorage.decryptString(readFileSync(sealed)), 'hex');
    } catch (error) {
      throw new ConfigError(
        `the sealed vault key cannot be opened by this user's keychain (${error instanceof Error ? error.message : String(error)})`,
        sealed,
      );
    }
    if (key.length !== 32) throw new ConfigError('the sealed vault key is corrupt', sealed);
    return { key, protection: 'safeStorage' };
  }
  if (!safeStorage.isEncryptionAvailable()) return { key: loadVaultKey(stateDir, env), protection: 'file' };
  const key = existsSync(join(stateDir, PLAIN_KEY_FILE)) ? loadVaultKey(stateDir, env) : randomBytes(32);
  writeFileSync(sealed, safeStorage.encryptString(key.toString('hex')), { mode: 0o600, flag: 'wx' });
  return { key, protection: 'safeStorage' };
}
