import { join } from 'node:path';
import { AlertRepository } from './alert-repository.js';
import { openDatabase, type Db } from './database.js';
import { FlowRepository } from './flow-repository.js';
import { RunRepository } from './run-repository.js';
import { QueueSampleRepository } from './queue-sample-repository.js';
import { SampleRepository } from './sample-repository.js';
import { VaultRepository } from './vault-repository.js';

export const DATABASE_FILE = 'junction.db';

export interface Store {
  db: Db;
  runs: RunRepository;
  vault: VaultRepository;
  flows: FlowRepository;
  samples: SampleRepository;
  /** broker monitors' queue readings */
  queues: QueueSampleRepository;
  alerts: AlertRepository;
  close(): void;
}

/** The workspace database, in its state folder. */
export function openStore(stateDir: string): Store {
  const db = openDatabase(join(stateDir, DATABASE_FILE));
  return {
    db,
    runs: new RunRepository(db),
    vault: new VaultRepository(db),
    flows: new FlowRepository(db),
    samples: new SampleRepository(db),
    queues: new QueueSampleRepository(db),
    alerts: new AlertRepository(db),
    close: () => db.close(),
  };
}
