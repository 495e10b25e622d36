/** Numbered migrations, applied in order at open. Never edit a released one: add the next number. */
export const MIGRATIONS: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'runs, findings, artifacts, samples, flows, vault',
    sql: `
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        status TEXT NOT NULL,
        estate_name TEXT NOT NULL,
        options_json TEXT NOT NULL,
        scores_json TEXT
      );
      CREATE TABLE run_systems (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        system_id TEXT NOT NULL,
        name TEXT NOT NULL,
        base_url TEXT NOT NULL,
        PRIMARY KEY (run_id, system_id)
      );
      CREATE TABLE artifacts (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        system_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        json TEXT,
        error TEXT,
        PRIMARY KEY (run_id, system_id, kind)
      );
      CREATE TABLE findings (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        check_id TEXT NOT NULL,
        system_id TEXT NOT NULL,
        category TEXT NOT NULL,
        status TEXT NOT NULL,
        json TEXT NOT NULL,
        PRIMARY KEY (run_id, seq)
      );
      CREATE INDEX findings_by_check ON findings(check_id, system_id);
      CREATE TABLE samples (
        monitor_id TEXT NOT NULL,
        ts INTEGER NOT NULL,
        ok INTEGER NOT NULL,
        status INTEGER,
        dns_ms REAL, connect_ms REAL, tls_ms REAL, first_byte_ms REAL, total_ms REAL,
        error TEXT
      );
      CREATE INDEX samples_by_monitor ON samples(monitor_id, ts);
      CREATE TABLE samples_minute (
        monitor_id TEXT NOT NULL,
        bucket INTEGER NOT NULL,
        count INTEGER NOT NULL,
        errors INTEGER NOT NULL,
        sum_total_ms REAL NOT NULL,
        max_total_ms REAL NOT NULL,
        histogram TEXT NOT NULL,
        PRIMARY KEY (monitor_id, bucket)
      );
      CREATE TABLE samples_hour (
        monitor_id TEXT NOT NULL,
        bucket INTEGER NOT NULL,
        count INTEGER NOT NULL,
        errors INTEGER NOT NULL,
        sum_total_ms REAL NOT NULL,
        max_total_ms REAL NOT NULL,
        histogram TEXT NOT NULL,
        PRIMARY KEY (monitor_id, bucket)
      );
      CREATE TABLE flow_edges (
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        protocol TEXT NOT NULL,
        bucket INTEGER NOT NULL,
        count INTEGER NOT NULL,
        errors INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        histogram TEXT NOT NULL,
        PRIMARY KEY (source, target, protocol, bucket)
      );
      CREATE TABLE vault (
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        meta_json TEXT NOT NULL,
        iv BLOB NOT NULL,
        ciphertext BLOB NOT NULL,
        tag BLOB NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
  },
];
