import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { API } from '../../src/api/contract.js';
import { ApiEventBus } from '../../src/api/events.js';
import { API_CHANNEL_PREFIX, apiChannels, createIpcHandler, notificationFor } from '../../src/desktop/ipc.js';
import { menuTemplate, type MenuItemSpec } from '../../src/desktop/menu.js';
import { APP_ENTRY } from '../../src/desktop/policy.js';
import { addRecent, loadRecent, saveRecent } from '../../src/desktop/recent.js';
import { desktopVaultKey, SEALED_KEY_FILE, type SafeStorageLike } from '../../src/desktop/vault-key.js';
import { ConfigError } from '../../src/estate/errors.js';
import { createApiContext } from '../../src/api/context.js';
import { tempWorkspace } from '../helpers/estate.js';

/** A stand-in keychain: a reversible transform tagged with its owner, so another "user" cannot open it. */
function keychain(owner: string, available = true): SafeStorageLike & { sealed: number } {
  return {
    sealed: 0,
    isEncryptionAvailable: () => available,
    encryptString(plain) {
      this.sealed++;
      return Buffer.from(`${owner}:${Buffer.from(plain).reverse().toString('base64')}`);
    },
    decryptString(encrypted) {
      const [who, body] = encrypted.toString().split(':');
      if (who !== owner) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString');
      return Buffer.from(body, 'base64').reverse().toString();
    },
  };
}

const stateDir = () => mkdtempSync(join(tmpdir(), 'junction-state-'));

describe('vault key on the desktop', () => {
  it('is created once, sealed by the keychain, and opened again', () => {
    const dir = stateDir();
    const storage = keychain('alice');
    const first = desktopVaultKey(dir, storage, {});
    assert.equal(first.protection, 'safeStorage');
    assert.equal(first.key.length, 32);
    assert.equal(existsSync(join(dir, 'vault.key')), false, 'no plain key file');
    assert.equal(statSync(join(dir, SEALED_KEY_FILE)).mode & 0o777, 0o600);
    assert.ok(
      !readFileSync(join(dir, SEALED_KEY_FILE)).includes(first.key.toString('hex')),
      'the key is not stored in clear',
    );
    assert.deepEqual(desktopVaultKey(dir, storage, {}).key, first.key);
    assert.equal(storage.sealed, 1);
  });

  it('refuses a sealed key another user’s keychain cannot open, or a keychain that is gone', () => {
    const dir = stateDir();
    desktopVaultKey(dir, keychain('alice'), {});
    assert.throws(
      () => desktopVaultKey(dir, keychain('mallory'), {}),
      (error: unknown) => error instanceof ConfigError && /cannot be opened/.test(error.message),
    );
    assert.throws(() => desktopVaultKey(dir, keychain('alice', false), {}), /not available/);
  });

  it('keeps the CLI’s key for a workspace the CLI made, and uses JUNCTION_KEY or a 0600 file without a keychain', () => {
    const dir = stateDir();
    const cliKey = 'ab'.repeat(32);
    writeFileSync(join(dir, 'vault.key'), cliKey + '\n', { mode: 0o600 });
    assert.equal(desktopVaultKey(dir, keychain('alice'), {}).key.toString('hex'), cliKey);
    assert.equal(desktopVaultKey(dir, keychain('alice'), {}).protection, 'safeStorage');
    const env = desktopVaultKey(stateDir(), keychain('alice'), { JUNCTION_KEY: 'cd'.repeat(32) });
    assert.deepEqual([env.protection, env.key.toString('hex')], ['env', 'cd'.repeat(32)]);
    const noKeychain = stateDir();
    assert.equal(desktopVaultKey(noKeychain, keychain('alice', false), {}).protection, 'file');
    assert.equal(statSync(join(noKeychain, 'vault.key')).mode & 0o777, 0o600);
  });
});

describe('IPC bridge', () => {
  it('has exactly one channel per api operation of the contract', () => {
    assert.deepEqual(
      apiChannels()
        .map((entry) => entry.name)
        .sort(),
      Object.keys(API).sort(),
    );
    for (const entry of apiChannels()) assert.equal(entry.channel, `${API_CHANNEL_PREFIX}${entry.name}`);
  });

  it('refuses untrusted senders and calls without a workspace, validates input, and runs the operation', async () => {
    const dir = tempWorkspace(
      'version: 1\nname: IPC test\nsystems:\n  - { id: orders, name: Orders, baseUrl: "https://127.0.0.1:9" }\n',
    );
    const ctx = createApiContext(dir, { events: new ApiEventBus() });
    try {
      const trusted = { senderFrame: { url: APP_ENTRY, parent: null } };
      const untrusted = { senderFrame: { url: 'https://evil.test/', parent: null } };
      const handler = createIpcHandler(() => ctx);
      assert.deepEqual(await handler('getEstate', untrusted, {}), {
        ok: false,
        status: 403,
        error: 'IPC refused: the sender is not the Junction app',
      });
      assert.equal((await createIpcHandler(() => undefined)('getEstate', trusted, {})).ok, false);
      const invalid = await handler('getSystem', trusted, { id: 42 });
      assert.equal(invalid.ok === false && invalid.status, 400);
      const unknown = await handler('dropDatabase', trusted, {});
      assert.equal(unknown.ok === false && unknown.status, 404);
      const estate = await handler('getEstate', trusted, {});
      assert.equal(estate.ok, true);
      assert.match(JSON.stringify(estate), /IPC test/);
    } finally {
      ctx.close();
    }
  });

  it('turns alerts, and only alerts, into desktop notifications', () => {
    assert.deepEqual(
      notificationFor({
        type: 'alert',
        alert: { systemId: 'payments', severity: 'critical', message: 'p95 4 s over 1 s', t: 0 },
      }),
      { title: 'Critical: payments', body: 'p95 4 s over 1 s', urgent: true },
    );
    assert.equal(
      notificationFor({ type: 'alert', alert: { monitorId: 'm1', severity: 'resolved', message: 'ok', t: 0 } })!.title,
      'Resolved: m1',
    );
    assert.equal(notificationFor({ type: 'estate-changed' }), undefined);
  });
});

describe('recent workspaces and the menu', () => {
  it('keeps recent workspaces newest first, unique, capped, and survives a damaged file', () => {
    let list = loadRecent(join(stateDir(), 'none.json'));
    for (let i = 0; i < 10; i++) list = addRecent(list, `/work/w${i}`, new Date(Date.UTC(2026, 0, 1 + i)));
    list = addRecent(list, '/work/w3', new Date(Date.UTC(2026, 1, 1)));
    assert.deepEqual(
      list.map((entry) => entry.dir),
      ['/work/w3', '/work/w9', '/work/w8', '/work/w7', '/work/w6', '/work/w5', '/work/w4', '/work/w2'],
    );
    const file = join(stateDir(), 'recent.json');
    saveRecent(file, list);
    assert.deepEqual(loadRecent(file), list);
    writeFileSync(file, '{not json');
    assert.deepEqual(loadRecent(file), []);
  });

  it('offers open, recent and PDF export, and developer tools only to developers', () => {
    const calls: string[] = [];
    const actions = {
      openWorkspace: () => calls.push('open'),
      openRecent: (dir: string) => calls.push(`recent ${dir}`),
      clearRecent: () => calls.push('clear'),
      exportPdf: () => calls.push('pdf'),
    };
    const find = (items: MenuItemSpec[], label: string): MenuItemSpec | undefined =>
      items.flatMap((item) => [item, ...(item.submenu ?? [])]).find((item) => item.label === label);
    const template = menuTemplate([{ dir: '/work/acme', openedAt: '2026-11-26T10:00:00.000Z' }], actions, {
      platform: 'linux',
      developer: false,
    });
    find(template, 'Open workspace…')!.click!();
    find(find(template, 'Open recent')!.submenu!, 'acme — /work/acme')!.click!();
    find(template, 'Export report as PDF…')!.click!();
    assert.deepEqual(calls, ['open', 'recent /work/acme', 'pdf']);
    assert.doesNotMatch(JSON.stringify(template), /toggleDevTools/);
    assert.match(
      JSON.stringify(menuTemplate([], actions, { platform: 'darwin', developer: true })),
      /"role":"appMenu".*No recent workspaces.*toggleDevTools/,
    );
  });
});
