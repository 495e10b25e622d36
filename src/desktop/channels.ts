/** IPC channel names shared by the main process and the preload (which may import nothing heavier than this). */
export const API_CHANNEL_PREFIX = 'junction:api:';
export const EVENT_CHANNEL = 'junction:event';
/** api operation names are identifiers: anything else never reaches ipcRenderer.invoke */
export const OPERATION_NAME = /^[A-Za-z][A-Za-z0-9]{0,63}$/;
/** Where the packaged app finds better-sqlite3 built for Electron, under process.resourcesPath (see electron-builder.yml). */
export const PACKAGED_SQLITE_BINDING = 'native/better_sqlite3.node';
