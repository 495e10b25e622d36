import { loadVaultKey, Vault } from './vault.js';
import { openWorkspace, type OutsideFiles, type Workspace } from './workspace.js';
import { openStore, type Store } from '../store/store.js';

/** An open workspace with its store: what every host (CLI, server, desktop) works through. */
export interface WorkspaceContext {
  workspace: Workspace;
  store: Store;
  /** the vault is opened on first use, so commands that need no secrets need no key */
  vault: () => Vault;
  close: () => void;
}

export function openContext(
  dir: string,
  options: { vaultKey?: () => Buffer; outsideFiles?: OutsideFiles } = {},
): WorkspaceContext {
  const workspace = openWorkspace(dir, { outsideFiles: options.outsideFiles });
  const store = openStore(workspace.stateDir());
  let vault: Vault | undefined;
  return {
    workspace,
    store,
    vault: () => (vault ??= new Vault(store.vault, options.vaultKey?.() ?? loadVaultKey(workspace.stateDir()))),
    close: () => store.close(),
  };
}
