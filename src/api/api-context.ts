import { resolve } from 'node:path';
import { openWorkspace } from '../estate/workspace.js';
import { openContext } from './context.js';
import type { ApiContext } from './contract.js';
import { ApiEventBus } from './events.js';

/** The ApiContext of one workspace folder; reload() re-reads junction.yaml and keeps the open store. */
export function createApiContext(dir: string, options: { vaultKey?: () => Buffer; events?: ApiEventBus } = {}): ApiContext & { close(): void } {
  const absolute = resolve(dir);
  const workspace = openContext(absolute, { vaultKey: options.vaultKey });
  return {
    dir: absolute,
    workspace,
    events: options.events ?? new ApiEventBus(),
    reload: () => {
      workspace.workspace = openWorkspace(absolute);
    },
    close: () => workspace.close(),
  };
}
