import { resolve } from 'node:path';
import { openWorkspace, type OutsideFiles } from '../estate/workspace.js';
import { openContext, type WorkspaceContext } from '../estate/context.js';
import { ApiEventBus } from './events.js';

/** What every operation runs against; each host (HTTP server, Electron main) builds one per workspace. */
export interface ApiContext {
  /** absolute workspace folder */
  dir: string;
  /** the open workspace; replaced by reload() after junction.yaml changes */
  readonly workspace: WorkspaceContext;
  reload(): void;
  events: ApiEventBus;
}

/** The ApiContext of one workspace folder; reload() re-reads junction.yaml and keeps the open store. */
export function createApiContext(
  dir: string,
  options: { vaultKey?: () => Buffer; events?: ApiEventBus; outsideFiles?: OutsideFiles } = {},
): ApiContext & { close(): void } {
  const absolute = resolve(dir);
  const workspace = openContext(absolute, { vaultKey: options.vaultKey, outsideFiles: options.outsideFiles });
  return {
    dir: absolute,
    workspace,
    events: options.events ?? new ApiEventBus(),
    reload: () => {
      workspace.workspace = openWorkspace(absolute, { outsideFiles: options.outsideFiles });
    },
    close: () => workspace.close(),
  };
}
