import { basename } from 'node:path';
import type { RecentWorkspaces } from './recent.js';

/** The subset of Electron's MenuItemConstructorOptions the app menu uses (src/ never imports electron). */
export interface MenuItemSpec {
  label?: string;
  role?:
    | 'appMenu'
    | 'editMenu'
    | 'quit'
    | 'close'
    | 'reload'
    | 'toggleDevTools'
    | 'resetZoom'
    | 'zoomIn'
    | 'zoomOut'
    | 'togglefullscreen'
    | 'about';
  type?: 'separator' | 'submenu';
  accelerator?: string;
  enabled?: boolean;
  click?: () => void;
  submenu?: MenuItemSpec[];
}

export interface MenuActions {
  openWorkspace: () => void;
  openRecent(dir: string): void;
  clearRecent: () => void;
  exportPdf: () => void;
}

/** The native menu: File (open, recent, export PDF), Edit, View; macOS gets its app menu first. */
export function menuTemplate(
  recent: RecentWorkspaces,
  actions: MenuActions,
  options: { platform: NodeJS.Platform; developer: boolean },
): MenuItemSpec[] {
  const recentItems: MenuItemSpec[] = recent.length
    ? [
        ...recent.map((entry) => ({
          label: `${basename(entry.dir)} — ${entry.dir}`,
          click: () => actions.openRecent(entry.dir),
        })),
        { type: 'separator' as const },
        { label: 'Clear recent', click: actions.clearRecent },
      ]
    : [{ label: 'No recent workspaces', enabled: false }];
  const view: MenuItemSpec[] = [
    { role: 'reload' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  if (options.developer) view.push({ role: 'toggleDevTools' });
  return [
    ...(options.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open workspace…', accelerator: 'CmdOrCtrl+O', click: actions.openWorkspace },
        { label: 'Open recent', submenu: recentItems },
        { type: 'separator' },
        { label: 'Export report as PDF…', accelerator: 'CmdOrCtrl+P', click: actions.exportPdf },
        { type: 'separator' },
        options.platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { label: 'View', submenu: view },
  ];
}
