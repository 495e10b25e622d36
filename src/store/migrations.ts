/** Numbered migrations, applied in order at open. Never edit a released one: add the next number. */
export const MIGRATIONS: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'runs, findings, artifacts, vault',
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
  {
    version: 2,
    name: 'monitor samples and rollups, flow edges with latency histograms, import cursors, pending spans, alerts',
    sql: `
      CREATE TABLE flow_edges (
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        protocol TEXT NOT NULL,
        bucket INTEGER NOT NULL,
        -- the log source (or receiver) that saw it: two sources seeing the same calls are not added up
        log_source TEXT NOT NULL,
        count INTEGER NOT NULL,
        errors INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        server_p95_ms REAL,
        client_p95_ms REAL,
        histogram BLOB NOT NULL,
        client_histogram BLOB NOT NULL,
        PRIMARY KEY (source, target, protocol, bucket, log_source)
      ) WITHOUT ROWID;
      CREATE INDEX flow_edges_by_bucket ON flow_edges(bucket);
      -- per-minute p95 and count of each edge, packed 60 minutes to a row: a 30-day series reads 720 rows
      CREATE TABLE flow_edges_minute_series (
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        protocol TEXT NOT NULL,
        log_source TEXT NOT NULL,
        hour INTEGER NOT NULL,
        minutes BLOB NOT NULL,
        PRIMARY KEY (source, target, protocol, log_source, hour)
      ) WITHOUT ROWID;
      CREATE TABLE flow_cursors (source_id TEXT PRIMARY KEY, cursor_json TEXT NOT NULL, updated_at INTEGER NOT NULL);
      CREATE TABLE flow_imports (
        id INTEGER PRIMARY KEY,
        source_id TEXT NOT NULL,
        finished_at INTEGER NOT NULL,
        lines INTEGER NOT NULL,
        malformed INTEGER NOT NULL,
        records INTEGER NOT NULL,
        malformed_json TEXT NOT NULL
      );
      CREATE TABLE otlp_pending_spans (
        trace_id TEXT NOT NULL,
        span_id TEXT NOT NULL,
        parent_span_id TEXT,
        received_at INTEGER NOT NULL,
        json TEXT NOT NULL,
        PRIMARY KEY (trace_id, span_id)
      ) WITHOUT ROWID;
      CREATE INDEX otlp_pending_by_parent ON otlp_pending_spans(trace_id, parent_span_id);
      CREATE INDEX otlp_pending_by_age ON otlp_pending_spans(received_at);
      -- clustered by monitor and time: one B-tree insert per sample instead of a row and an index entry
      CREATE TABLE samples (
        monitor_id TEXT NOT NULL,
        ts INTEGER NOT NULL,
        ok INTEGER NOT NULL,
        status INTEGER,
        dns_ms REAL, connect_ms REAL, tls_ms REAL, first_byte_ms REAL, total_ms REAL,
        error TEXT,
        PRIMARY KEY (monitor_id, ts)
      ) WITHOUT ROWID;
      CREATE TABLE samples_hour (
        monitor_id TEXT NOT NULL,
        bucket INTEGER NOT NULL,
        count INTEGER NOT NULL,
        errors INTEGER NOT NULL,
        sum_total_ms REAL NOT NULL,
        max_total_ms REAL NOT NULL,
        p50_ms REAL,
        p95_ms REAL,
        histogram BLOB NOT NULL,
        PRIMARY KEY (monitor_id, bucket)
      ) WITHOUT ROWID;
      -- the per-minute rollups of each monitor, packed 60 minutes to a row (one write per monitor-hour and batch):
      -- count, errors, latency sum, max and p95 per minute (Float64 ×5 ×60), and each minute's latency histogram
      CREATE TABLE samples_minute_series (
        monitor_id TEXT NOT NULL,
        hour INTEGER NOT NULL,
        minutes BLOB NOT NULL,
        histograms BLOB NOT NULL,
        PRIMARY KEY (monitor_id, hour)
      ) WITHOUT ROWID;
      CREATE TABLE alerts (
        id INTEGER PRIMARY KEY,
        monitor_id TEXT NOT NULL,
        rule TEXT NOT NULL,
        opened_at INTEGER NOT NULL,
        closed_at INTEGER,
        message TEXT NOT NULL,
        value REAL
      );
      CREATE INDEX alerts_by_monitor ON alerts(monitor_id, rule, closed_at);
      CREATE TABLE alert_deliveries (
        id INTEGER PRIMARY KEY,
        alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
        transition TEXT NOT NULL,
        target TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        at INTEGER NOT NULL,
        ok INTEGER NOT NULL,
        status INTEGER,
        error TEXT
      );
    `,
  },
  {
    version: 3,
    name: 'flow edges stored one row per edge, hour and log source instead of one per minute',
    // A 1M-line import wrote ~100k edge-minute rows, a third of its time; an edge-hour row packs the same 60
    // minutes (stats and histograms) and also serves the per-minute series, so the minute-series table goes too.
    // Edges are not converted: the file cursors are cleared, so the next import rebuilds them from the logs.
    sql: `
      DROP TABLE flow_edges;
      DROP TABLE flow_edges_minute_series;
      CREATE TABLE flow_edge_hours (
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        protocol TEXT NOT NULL,
        hour INTEGER NOT NULL,
        -- the log source (or receiver) that saw it: two sources seeing the same calls are not added up
        log_source TEXT NOT NULL,
        -- per minute (Float64 ×7 ×60): count, errors, bytes, first seen, last seen, server p95, client p95;
        -- before the histograms, so a series read never touches their overflow pages
        stats BLOB NOT NULL,
        -- each minute's server then client latency histogram (histogram.ts packHistograms)
        histograms BLOB NOT NULL,
        UNIQUE (source, target, protocol, hour, log_source)
      );
      CREATE INDEX flow_edge_hours_by_hour ON flow_edge_hours(hour);
      DELETE FROM flow_cursors;
    `,
  },
  {
    version: 4,
    name: 'flow edge-hours count client errors (4xx) and 429s apart from server errors',
    // The stats of each minute grow from 7 to 9 numbers (edge-hour.ts STAT): client errors and 429s. Old rows are
    // not converted (they never counted 4xx); the file cursors are cleared so the next import rebuilds them.
    sql: `
      DELETE FROM flow_edge_hours;
      DELETE FROM flow_cursors;
    `,
  },
  {
    version: 5,
    name: 'runs keep the titles and descriptions of the checks they ran',
    // A stored run renders with the words its checks had when it ran, without the live check registry.
    sql: `ALTER TABLE runs ADD COLUMN checks_json TEXT;`,
  },
  {
    version: 6,
    name: 'broker monitors: queue depth, consumers, rates and age per queue, with minute and hour rollups',
    sql: `
      CREATE TABLE queue_samples (
        monitor_id TEXT NOT NULL,
        queue TEXT NOT NULL,
        ts INTEGER NOT NULL,
        messages INTEGER NOT NULL,
        ready INTEGER NOT NULL,
        unacked INTEGER NOT NULL,
        consumers INTEGER NOT NULL,
        publish_rate REAL NOT NULL,
        deliver_rate REAL NOT NULL,
        -- how old the oldest message was, when its publisher set the timestamp property
        oldest_age_ms REAL,
        PRIMARY KEY (monitor_id, ts, queue)
      ) WITHOUT ROWID;
      -- resolution 60000 (minutes) or 3600000 (hours): sums for means, and the extremes alerts care about
      CREATE TABLE queue_rollups (
        monitor_id TEXT NOT NULL,
        queue TEXT NOT NULL,
        resolution INTEGER NOT NULL,
        bucket INTEGER NOT NULL,
        count INTEGER NOT NULL,
        sum_messages REAL NOT NULL,
        max_messages INTEGER NOT NULL,
        min_consumers INTEGER NOT NULL,
        sum_publish_rate REAL NOT NULL,
        sum_deliver_rate REAL NOT NULL,
        max_age_ms REAL,
        PRIMARY KEY (monitor_id, resolution, bucket, queue)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 7,
    name: 'alert history: why an alert cleared, and delivery attempts read per alert',
    // The Monitoring page lists each alert's raise and clear with every webhook attempt; the clear's reason
    // ("answering again (HTTP 200)") was only sent, never kept.
    sql: `
      ALTER TABLE alerts ADD COLUMN clear_message TEXT;
      CREATE INDEX alert_deliveries_by_alert ON alert_deliveries(alert_id, id);
      CREATE INDEX alerts_by_opened ON alerts(opened_at);
    `,
  },
  {
    version: 8,
    name: 'endpoint-level traffic: calls per operation, edge, hour and log source; the spec operations they matched',
    // Beside flow_edge_hours, not in it: an edge's minutes stay one row, and operations (hours, not minutes) are
    // asked over days. Rows imported before keep their edges; operations are judged only over sources that kept
    // them (summary.ts), so nothing is cleared here.
    sql: `
      CREATE TABLE flow_operation_hours (
        target TEXT NOT NULL,
        method TEXT NOT NULL,
        -- the spec's template, the inferred one, or (other) past the cardinality cap; never a query
        path TEXT NOT NULL,
        -- who the call was for; via: the gateway that relayed it, '' when called directly
        consumer TEXT NOT NULL,
        via TEXT NOT NULL,
        hour INTEGER NOT NULL,
        log_source TEXT NOT NULL,
        documented INTEGER NOT NULL,
        operation_id TEXT NOT NULL,
        -- Float64 ×6 (operation-hour.ts OPERATION_STAT): count, errors, client errors, 429s, first and last seen
        stats BLOB NOT NULL,
        -- the server then the client latency histogram (histogram.ts packHistograms)
        histograms BLOB NOT NULL,
        PRIMARY KEY (target, method, path, consumer, via, hour, log_source)
      ) WITHOUT ROWID;
      CREATE INDEX flow_operation_hours_by_hour ON flow_operation_hours(hour);
      -- each system's spec operations as its last import matched calls to: what is documented but never called
      CREATE TABLE flow_spec_operations (
        system TEXT NOT NULL,
        method TEXT NOT NULL,
        path TEXT NOT NULL,
        operation_id TEXT NOT NULL,
        PRIMARY KEY (system, method, path)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 9,
    name: "operation-hours by log source and hour: where an import's rows may already be stored",
    // An import writes each operation-hour once when it knows no row of its source can hold that hour yet (beyond
    // the source's last stored hour): the lookup that tells it must not scan every source's rows.
    sql: `
      CREATE INDEX flow_operation_hours_by_source ON flow_operation_hours(log_source, hour);
    `,
  },
];
