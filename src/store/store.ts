import { join } from 'node:path';
import { openDatabase, type Db } from './database.js';
import { RunRepository } from './run-repository.js';
import { VaultRepository } from './vault-repository.js';

export const DATABASE_FILE = 'junction.db';

export interface Store {
  db: Db;
  runs: RunRepository;
  vault: VaultRepository;
  close(): void;
}

/** The workspace database, in its state folder. */
export function openStore(stateDir: string): Store {
  const db = openDatabase(join(stateDir, DATABASE_FILE));
  return { db, runs: new RunRepository(db), vault: new VaultRepository(db), close: () => db.close() };
}
