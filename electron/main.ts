// The desktop shell: one window, the api contract over IPC, the OS keychain for the vault key. Everything it decides
// (policy, channels, menus, key sealing, recent list) lives in src/desktop and is tested under Node.
import { app, BrowserWindow, dialog, ipcMain, Menu, Notification, protocol, safeStorage, session } from 'electron';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApiContext } from '../src/api/context.js';
import type { ApiContext } from '../src/api/context.js';
import { PACKAGED_SQLITE_BINDING } from '../src/desktop/channels.js';
import { apiChannels, createIpcHandler, EVENT_CHANNEL, notificationFor } from '../src/desktop/ipc.js';
import { menuTemplate } from '../src/desktop/menu.js';
import {
  APP_ENTRY,
  APP_SCHEME,
  appResponseHeaders,
  CONTENT_SECURITY_POLICY,
  isAppUrl,
  resolveAppFile,
} from '../src/desktop/policy.js';
import { addRecent, loadRecent, saveRecent } from '../src/desktop/recent.js';
import { desktopVaultKey } from '../src/desktop/vault-key.js';
import { renderHtml } from '../src/report/html.js';
import { storedReport } from '../src/report/stored.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const RENDERER_DIR = join(HERE, '..', 'renderer');
const PRELOAD = join(HERE, 'preload.cjs');

// Packaged: better-sqlite3 loads the binary built for Electron's ABI, shipped unpacked beside the app.
if (app.isPackaged) process.env.JUNCTION_SQLITE_BINDING ??= join(process.resourcesPath, PACKAGED_SQLITE_BINDING);

// standard + secure: a real origin for the app (junction://app), module scripts and workers load as from https.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
]);

let mainWindow: BrowserWindow | undefined;
let workspace: ApiContext | undefined;
let stopEvents: (() => void) | undefined;
const recentFile = () => join(app.getPath('userData'), 'recent-workspaces.json');

function refreshMenu(): void {
  const template = menuTemplate(
    loadRecent(recentFile()),
    {
      openWorkspace: () => void chooseWorkspace(),
      openRecent: (dir) => openWorkspace(dir),
      clearRecent: () => {
        saveRecent(recentFile(), []);
        app.clearRecentDocuments();
        refreshMenu();
      },
      exportPdf: () => void exportPdf(),
    },
    { platform: process.platform, developer: !app.isPackaged },
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function openWorkspace(dir: string): void {
  let next: ApiContext;
  try {
    next = createApiContext(dir, {
      vaultKey: () => desktopVaultKey(next.workspace.stateDir(), safeStorage).key,
    });
  } catch (error) {
    dialog.showErrorBox('Cannot open the workspace', error instanceof Error ? error.message : String(error));
    return;
  }
  stopEvents?.();
  workspace?.close();
  workspace = next;
  stopEvents = next.events.subscribe((event) => {
    mainWindow?.webContents.send(EVENT_CHANNEL, event);
    const note = notificationFor(event);
    if (note && Notification.isSupported())
      new Notification({ title: note.title, body: note.body, urgency: note.urgent ? 'critical' : 'normal' }).show();
  });
  saveRecent(recentFile(), addRecent(loadRecent(recentFile()), next.dir, new Date()));
  app.addRecentDocument(next.dir);
  refreshMenu();
  mainWindow?.setTitle(`Junction — ${next.dir}`);
  mainWindow?.webContents.reload();
}

async function chooseWorkspace(): Promise<void> {
  const options: Electron.OpenDialogOptions = {
    title: 'Open workspace',
    properties: ['openDirectory', 'createDirectory'],
    buttonLabel: 'Open workspace',
  };
  const choice = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
  if (!choice.canceled && choice.filePaths[0]) openWorkspace(choice.filePaths[0]);
}

/** The latest run's readiness report, printed by Chromium in a hidden window that runs no script. */
async function exportPdf(): Promise<void> {
  if (!workspace || !mainWindow) return;
  let html: string;
  try {
    html = renderHtml(storedReport(workspace));
  } catch (error) {
    dialog.showErrorBox('No report yet', error instanceof Error ? error.message : String(error));
    return;
  }
  const target = await dialog.showSaveDialog(mainWindow, {
    defaultPath: 'readiness-report.pdf',
    filters: [{ name: 'PDF', extensions: ['pdf'] }],
  });
  if (target.canceled || !target.filePath) return;
  // A file, not a data: URL: a large report would pass Chromium's URL length limit.
  const page = join(app.getPath('temp'), `junction-report-${process.pid}-${Date.now()}.html`);
  await writeFile(page, html, { mode: 0o600 });
  const printer = new BrowserWindow({
    show: false,
    webPreferences: {
      javascript: false,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  try {
    await printer.loadFile(page);
    await writeFile(
      target.filePath,
      await printer.webContents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true }),
    );
  } finally {
    printer.destroy();
    await rm(page, { force: true });
  }
}

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1320,
    height: 860,
    show: false,
    title: 'Junction',
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      // middle-click must not open anything (window.open is denied as well)
      disableBlinkFeatures: 'Auxclick',
    },
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => {
    mainWindow = undefined;
  });
  void mainWindow.loadURL(APP_ENTRY);
}

/** Every web contents, present and future: no new windows, no webviews, no navigation away from the app. */
app.on('web-contents-created', (_event, contents) => {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
});

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    const dir = argv.slice(app.isPackaged ? 1 : 2).find((arg) => !arg.startsWith('-'));
    if (dir) openWorkspace(resolve(dir));
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });

  app.whenReady().then(
    () => {
      session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
      session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
        callback({
          responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
        });
      });
      protocol.handle(APP_SCHEME, async (request) => {
        const found = resolveAppFile(RENDERER_DIR, request.url);
        if (!found) return new Response('Not found', { status: 404 });
        return new Response(await readFile(found.file), { headers: appResponseHeaders(found.type) });
      });

      const handle = createIpcHandler(() => workspace);
      for (const { name, channel } of apiChannels())
        ipcMain.handle(channel, (event, input: unknown) => handle(name, event, input));

      const fromArgs = process.argv.slice(app.isPackaged ? 1 : 2).find((arg) => !arg.startsWith('-'));
      const last = loadRecent(recentFile())[0]?.dir;
      refreshMenu();
      createWindow();
      if (fromArgs ?? last) openWorkspace(resolve(fromArgs ?? last));
      else void chooseWorkspace();
    },
    (error: unknown) => {
      dialog.showErrorBox('Junction could not start', error instanceof Error ? error.message : String(error));
      app.quit();
    },
  );

  app.on('window-all-closed', () => {
    stopEvents?.();
    workspace?.close();
    app.quit();
  });
}
