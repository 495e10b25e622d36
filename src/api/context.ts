import { resolve } from 'node:path';
import { openWorkspace, type OutsideFiles } from '../estate/workspace.js';
import { openContext, type WorkspaceContext } from '../estate/context.js';
import { ApiEventBus } from './events.js';

/**
 * What every operation runs against: the open workspace with its store and vault, and the api's own parts. Each host
 * (HTTP server, Electron main) builds one per workspace; reload() replaces `workspace` after junction.yaml changes.
 */
export interface ApiContext extends WorkspaceContext {
  /** absolute workspace folder */
  dir: string;
  reload(): void;
  events: ApiEventBus;
}

/** The ApiContext of one workspace folder; reload() re-reads junction.yaml and keeps the open store. */
export function createApiContext(
  dir: string,
  options: { vaultKey?: () => Buffer; events?: ApiEventBus; outsideFiles?: OutsideFiles } = {},
): ApiContext {
  const absolute = resolve(dir);
  const context = openContext(absolute, { vaultKey: options.vaultKey, outsideFiles: options.outsideFiles });
  return Object.assign(context, {
    dir: absolute,
    events: options.events ?? new ApiEventBus(),
    reload: () => {
      context.workspace = openWorkspace(absolute, { outsideFiles: options.outsideFiles });
    },
  });
}
