import type { CheckInfo } from '../model/check-info.js';
import { STATUSES, type Finding, type Status } from '../model/finding.js';
import type { Scores } from '../model/scores.js';
import type { Db } from './database.js';

export interface RunRecord {
  id: string;
  startedAt: string;
  finishedAt?: string;
  status: 'running' | 'finished' | 'aborted';
  estateName: string;
  options: unknown;
  scores?: Scores;
  systems: { id: string; name: string; baseUrl: string }[];
  /** the checks the run judged, with their words at the time (absent for runs stored before migration 5) */
  checks?: CheckInfo[];
}

interface RunRow {
  id: string;
  started_at: string;
  finished_at: string | null;
  status: RunRecord['status'];
  estate_name: string;
  options_json: string;
  scores_json: string | null;
  checks_json: string | null;
}

export class RunRepository {
  constructor(private readonly db: Db) {}

  create(run: Omit<RunRecord, 'status' | 'finishedAt' | 'scores'>): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          'INSERT INTO runs (id, started_at, status, estate_name, options_json, checks_json) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(
          run.id,
          run.startedAt,
          'running',
          run.estateName,
          JSON.stringify(run.options),
          run.checks ? JSON.stringify(run.checks) : null,
        );
      const addSystem = this.db.prepare(
        'INSERT INTO run_systems (run_id, system_id, name, base_url) VALUES (?, ?, ?, ?)',
      );
      for (const system of run.systems) addSystem.run(run.id, system.id, system.name, system.baseUrl);
    })();
  }

  saveArtifact(runId: string, systemId: string, kind: string, artifact: unknown, error?: string): void {
    this.db
      .prepare('INSERT OR REPLACE INTO artifacts (run_id, system_id, kind, json, error) VALUES (?, ?, ?, ?, ?)')
      .run(runId, systemId, kind, artifact === undefined ? null : JSON.stringify(artifact), error ?? null);
  }

  /** Findings and the run's end are written in one transaction: a run is either finished with all its findings or still running. */
  finish(runId: string, findings: readonly Finding[], scores: Scores, status: 'finished' | 'aborted'): void {
    this.db.transaction(() => {
      const insert = this.db.prepare(
        'INSERT INTO findings (run_id, seq, check_id, system_id, category, status, json) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      findings.forEach((finding, seq) =>
        insert.run(
          runId,
          seq,
          finding.checkId,
          finding.systemId,
          finding.category,
          finding.status,
          JSON.stringify(finding),
        ),
      );
      this.db
        .prepare('UPDATE runs SET finished_at = ?, status = ?, scores_json = ? WHERE id = ?')
        .run(new Date().toISOString(), status, JSON.stringify(scores), runId);
    })();
  }

  get(runId: string): RunRecord | undefined {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(runId) as RunRow | undefined;
    return row && this.fromRow(row);
  }

  latest(): RunRecord | undefined {
    const row = this.db
      .prepare("SELECT * FROM runs WHERE status = 'finished' ORDER BY started_at DESC LIMIT 1")
      .get() as RunRow | undefined;
    return row && this.fromRow(row);
  }

  /** The finished run that started last before this one: what a report compares with by default. */
  previousFinished(run: Pick<RunRecord, 'startedAt'>): RunRecord | undefined {
    const row = this.db
      .prepare("SELECT * FROM runs WHERE status = 'finished' AND started_at < ? ORDER BY started_at DESC LIMIT 1")
      .get(run.startedAt) as RunRow | undefined;
    return row && this.fromRow(row);
  }

  /** How many findings of each status each run has, counted by SQL from the status column. */
  statusCounts(runIds: readonly string[]): Map<string, Record<Status, number>> {
    const counts = new Map(
      runIds.map((id) => [id, Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>]),
    );
    if (runIds.length === 0) return counts;
    const rows = this.db
      .prepare(
        `SELECT run_id, status, COUNT(*) AS n FROM findings WHERE run_id IN (${runIds.map(() => '?').join(', ')}) GROUP BY run_id, status`,
      )
      .all(...runIds) as { run_id: string; status: Status; n: number }[];
    for (const row of rows) counts.get(row.run_id)![row.status] = row.n;
    return counts;
  }

  list(limit = 50): RunRecord[] {
    return (this.db.prepare('SELECT * FROM runs ORDER BY started_at DESC LIMIT ?').all(limit) as RunRow[]).map((row) =>
      this.fromRow(row),
    );
  }

  findings(runId: string): Finding[] {
    return (
      this.db.prepare('SELECT json FROM findings WHERE run_id = ? ORDER BY seq').all(runId) as { json: string }[]
    ).map((row) => JSON.parse(row.json) as Finding);
  }

  artifacts(runId: string, systemId: string): Record<string, { artifact?: unknown; error?: string }> {
    const rows = this.db
      .prepare('SELECT kind, json, error FROM artifacts WHERE run_id = ? AND system_id = ?')
      .all(runId, systemId) as { kind: string; json: string | null; error: string | null }[];
    return Object.fromEntries(
      rows.map((row) => [
        row.kind,
        { artifact: row.json === null ? undefined : (JSON.parse(row.json) as unknown), error: row.error ?? undefined },
      ]),
    );
  }

  private fromRow(row: RunRow): RunRecord {
    const systems = this.db
      .prepare('SELECT system_id AS id, name, base_url AS baseUrl FROM run_systems WHERE run_id = ? ORDER BY rowid')
      .all(row.id) as RunRecord['systems'];
    return {
      id: row.id,
      startedAt: row.started_at,
      finishedAt: row.finished_at ?? undefined,
      status: row.status,
      estateName: row.estate_name,
      options: JSON.parse(row.options_json),
      scores: row.scores_json ? (JSON.parse(row.scores_json) as Scores) : undefined,
      systems,
      checks: row.checks_json ? (JSON.parse(row.checks_json) as CheckInfo[]) : undefined,
    };
  }
}
