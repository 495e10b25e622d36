import assert from 'node:assert/strict';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { openContext } from '../../src/estate/context.js';
import { apiChannels } from '../../src/desktop/ipc.js';
import { APP_ENTRY, CONTENT_SECURITY_POLICY } from '../../src/desktop/policy.js';
import { SEALED_KEY_FILE } from '../../src/desktop/vault-key.js';
import { buildElectron } from '../../scripts/build-electron.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { tempWorkspace } from '../helpers/estate.js';

/**
 * The Electron binary cannot be installed here: this loads the real bundled main process against a recording
 * stand-in for the `electron` module (test/fixtures/fake-electron) and checks what the shell sets up.
 */
interface FakeState {
  userData: string;
  schemes: { scheme: string; privileges: Record<string, boolean> }[];
  protocolHandlers: Map<string, (request: { url: string }) => Promise<Response>>;
  ipc: Map<string, (event: unknown, input: unknown) => Promise<{ ok: boolean; status?: number; value?: unknown }>>;
  windows: {
    options: { webPreferences: Record<string, unknown> };
    url?: string;
    title?: string;
    file?: string;
    loadedHtml?: string;
  }[];
  printed: Record<string, unknown>[];
  savePath?: string;
  webContents: (import('node:events').EventEmitter & {
    windowOpenHandler?: (details: { url: string }) => { action: string };
  })[];
  menu?: { template: { label?: string; submenu?: { label?: string; click?: () => void }[] }[] };
  errors: { title: string; message: string }[];
  quits: number;
  permissionHandler?: (contents: unknown, permission: string, callback: (allowed: boolean) => void) => void;
  headersHandler?: (
    details: { responseHeaders: Record<string, string[]> },
    callback: (response: { responseHeaders: Record<string, string[]> }) => void,
  ) => void;
}

describe('the desktop main process (bundled, on a stand-in electron module)', () => {
  let state: FakeState;
  let app: import('node:events').EventEmitter;
  let workspace: string;
  let preloadFile: string;
  const argv = process.argv;

  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'junction-shell-'));
    const built = await buildElectron(join(root, 'dist', 'electron'));
    preloadFile = built.preload;
    mkdirSync(join(root, 'dist', 'renderer'), { recursive: true });
    writeFileSync(join(root, 'dist', 'renderer', 'index.html'), '<!doctype html><title>Junction</title>');
    mkdirSync(join(root, 'node_modules'));
    cpSync(join(REPO_ROOT, 'test', 'fixtures', 'fake-electron'), join(root, 'node_modules', 'electron'), {
      recursive: true,
    });
    symlinkSync(join(REPO_ROOT, 'node_modules', 'better-sqlite3'), join(root, 'node_modules', 'better-sqlite3'));
    const fake = (await import(pathToFileURL(join(root, 'node_modules', 'electron', 'index.mjs')).href)) as {
      state: FakeState;
      app: import('node:events').EventEmitter;
    };
    state = fake.state;
    app = fake.app;
    state.userData = join(root, 'user-data');
    workspace = tempWorkspace(
      'version: 1\nname: Desktop test\nsystems:\n  - { id: orders, name: Orders, baseUrl: "https://127.0.0.1:9" }\n',
    );
    // The shell opens the workspace named on its command line.
    process.argv = [process.execPath, built.main, workspace];
    try {
      await import(pathToFileURL(built.main).href);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.argv = argv;
    }
  });

  afterAll(() => {
    // Closing the last window closes the workspace database and quits.
    app?.emit('window-all-closed');
  });

  it('opens one sandboxed, context-isolated window on the app scheme, without Node in the page', () => {
    assert.deepEqual(state.errors, []);
    assert.equal(state.windows.length, 1);
    const preferences = state.windows[0].options.webPreferences;
    assert.equal(preferences.contextIsolation, true);
    assert.equal(preferences.sandbox, true);
    assert.equal(preferences.nodeIntegration, false);
    assert.equal(preferences.webviewTag, false);
    assert.match(String(preferences.preload), /preload\.cjs$/);
    assert.ok(existsSync(String(preferences.preload)));
    assert.equal(state.windows[0].url, APP_ENTRY);
    assert.deepEqual(state.schemes, [
      { scheme: 'junction', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
    ]);
  });

  it('registers one IPC handler per api operation, and refuses senders that are not the app', async () => {
    assert.deepEqual(
      [...state.ipc.keys()].sort(),
      apiChannels()
        .map((entry) => entry.channel)
        .sort(),
    );
    const trusted = { senderFrame: { url: APP_ENTRY, parent: null } };
    const estate = await state.ipc.get('junction:api:getEstate')!(trusted, {});
    assert.equal(estate.ok, true);
    assert.match(JSON.stringify(estate.value), /Desktop test/);
    const refused = await state.ipc.get('junction:api:getEstate')!(
      { senderFrame: { url: 'https://evil.test/', parent: null } },
      {},
    );
    assert.deepEqual([refused.ok, refused.status], [false, 403]);
  });

  it('seals the vault key with safeStorage when the vault is first used', async () => {
    const result = await state.ipc.get('junction:api:listCredentials')!(
      { senderFrame: { url: APP_ENTRY, parent: null } },
      {},
    );
    assert.equal(result.ok, true, JSON.stringify(result));
    const sealed = join(workspace, '.junction', SEALED_KEY_FILE);
    assert.match(readFileSync(sealed, 'utf8'), /^sealed:/);
    assert.equal(existsSync(join(workspace, '.junction', 'vault.key')), false);
  });

  it('blocks new windows, webviews, navigation away from the app, and every permission', () => {
    const contents = state.webContents[0];
    assert.deepEqual(contents.windowOpenHandler!({ url: 'https://example.test/' }), { action: 'deny' });
    const navigate = (url: string) => {
      let prevented = false;
      contents.emit('will-navigate', { preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    assert.equal(navigate('https://example.test/phish'), true);
    assert.equal(navigate('file:///etc/passwd'), true);
    assert.equal(navigate(`${APP_ENTRY}#/flows`), false);
    let webview = false;
    contents.emit('will-attach-webview', { preventDefault: () => (webview = true) });
    assert.equal(webview, true);
    let allowed: boolean | undefined;
    state.permissionHandler!({}, 'notifications', (value) => (allowed = value));
    assert.equal(allowed, false);
  });

  it('sends the strict CSP with every response and serves only the built renderer', async () => {
    let headers: Record<string, string[]> = {};
    state.headersHandler!(
      { responseHeaders: { 'content-type': ['text/html'] } },
      (response) => (headers = response.responseHeaders),
    );
    assert.deepEqual(headers['Content-Security-Policy'], [CONTENT_SECURITY_POLICY]);
    const serve = state.protocolHandlers.get('junction')!;
    const page = await serve({ url: APP_ENTRY });
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
    assert.match(await page.text(), /<title>Junction<\/title>/);
    assert.equal((await serve({ url: 'junction://app/assets/missing.js' })).status, 404);
    assert.equal((await serve({ url: 'junction://app/%2e%2e/%2e%2e/package.json' })).status, 404);
  });

  it('remembers the workspace and builds the native menu with it', () => {
    const recent = JSON.parse(readFileSync(join(state.userData, 'recent-workspaces.json'), 'utf8')) as {
      dir: string;
    }[];
    assert.equal(recent[0].dir, workspace);
    const file = state.menu!.template.find((item) => item.label === 'File')!;
    assert.deepEqual(
      file.submenu!.filter((item) => item.label).map((item) => item.label),
      ['Open workspace…', 'Open recent', 'Export report as PDF…'],
    );
    assert.match(state.windows[0].title!, /Junction — /);
  });

  it('the preload exposes only call() and on(), each on its fixed channel', async () => {
    const exposed: Record<string, Record<string, (...args: unknown[]) => unknown>> = {};
    const invoked: unknown[][] = [];
    const listeners = new Map<string, (event: unknown, payload: unknown) => void>();
    const electron = {
      contextBridge: {
        exposeInMainWorld: (key: string, api: Record<string, (...args: unknown[]) => unknown>) => (exposed[key] = api),
      },
      ipcRenderer: {
        invoke: (...args: unknown[]) => (invoked.push(args), Promise.resolve({ ok: true })),
        on: (channel: string, listener: (event: unknown, payload: unknown) => void) => listeners.set(channel, listener),
        removeListener: (channel: string) => listeners.delete(channel),
      },
    };
    const required: string[] = [];
    const fakeRequire = (id: string) => (required.push(id), id === 'electron' ? electron : undefined);
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- runs the built preload as Electron would, with a stand-in require
    new Function('require', 'module', 'exports', readFileSync(preloadFile, 'utf8'))(fakeRequire, { exports: {} }, {});
    assert.deepEqual(required, ['electron'], 'the sandboxed preload requires nothing but electron');
    assert.deepEqual(Object.keys(exposed), ['junction']);
    assert.deepEqual(Object.keys(exposed.junction).sort(), ['call', 'on']);
    await exposed.junction.call('getEstate', { a: 1 });
    assert.deepEqual(invoked, [['junction:api:getEstate', { a: 1 }]]);
    await assert.rejects(exposed.junction.call('../x', {}) as Promise<unknown>, /invalid operation name/);
    const seen: unknown[] = [];
    const off = exposed.junction.on('alert', (event: unknown) => seen.push(event)) as () => void;
    listeners.get('junction:event')!({}, { type: 'alert', alert: {} });
    listeners.get('junction:event')!({}, { type: 'estate-changed' });
    assert.deepEqual(seen, [{ type: 'alert', alert: {} }]);
    off();
    assert.equal(listeners.has('junction:event'), false);
  });

  it('prints the latest run’s readiness report to PDF from the menu, through a hidden window that runs no script', async () => {
    const exportPdf = state
      .menu!.template.find((item) => item.label === 'File')!
      .submenu!.find((item) => item.label === 'Export report as PDF…')!.click!;
    exportPdf();
    await waitFor(() => state.errors.length > 0);
    assert.match(state.errors.pop()!.title, /No report yet/);

    const store = openContext(workspace);
    try {
      store.store.runs.create({
        id: 'run-desktop',
        startedAt: new Date().toISOString(),
        estateName: 'Desktop test',
        options: {},
        systems: [{ id: 'orders', name: 'Orders', baseUrl: 'https://127.0.0.1:9' }],
      });
      store.store.runs.finish(
        'run-desktop',
        [
          {
            checkId: 'security.https',
            systemId: 'orders',
            category: 'Security',
            status: 'fail',
            summary: 'plain HTTP serves content',
            evidence: [],
          },
        ],
        { overall: 0, categories: {} },
        'finished',
      );
    } finally {
      store.close();
    }
    state.savePath = join(mkdtempSync(join(tmpdir(), 'junction-pdf-')), 'readiness.pdf');
    exportPdf();
    // the file exists from its creation on: wait until it has been written
    await waitFor(() => existsSync(state.savePath!) && statSync(state.savePath!).size > 0);
    assert.equal(readFileSync(state.savePath, 'utf8'), '%PDF-1.4 stand-in');
    const printer = state.windows.at(-1)!;
    assert.equal(printer.options.webPreferences.javascript, false);
    assert.equal(printer.options.webPreferences.sandbox, true);
    assert.match(printer.loadedHtml!, /<h1>Desktop test<\/h1>[\s\S]*plain HTTP serves content/);
    assert.deepEqual(state.printed.at(-1), { pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
    await waitFor(() => !existsSync(printer.file!));
  });
});

async function waitFor(condition: () => boolean, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
