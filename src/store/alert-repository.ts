import type { Db } from './database.js';

export interface AlertRecord {
  id: number;
  monitorId: string;
  rule: string;
  openedAt: number;
  closedAt?: number;
  message: string;
  /** why it cleared ("answering again (HTTP 200)"); absent on alerts cleared before this was kept */
  clearMessage?: string;
  value?: number;
}

export interface DeliveryRecord {
  alertId: number;
  transition: 'raised' | 'cleared';
  target: string;
  attempt: number;
  at: number;
  ok: boolean;
  status?: number;
  error?: string;
}

interface AlertRow {
  id: number;
  monitor_id: string;
  rule: string;
  opened_at: number;
  closed_at: number | null;
  message: string;
  clear_message: string | null;
  value: number | null;
}

interface DeliveryRow {
  alert_id: number;
  transition: 'raised' | 'cleared';
  target: string;
  attempt: number;
  at: number;
  ok: number;
  status: number | null;
  error: string | null;
}

const fromRow = (row: AlertRow): AlertRecord => ({
  id: row.id,
  monitorId: row.monitor_id,
  rule: row.rule,
  openedAt: row.opened_at,
  closedAt: row.closed_at ?? undefined,
  message: row.message,
  clearMessage: row.clear_message ?? undefined,
  value: row.value ?? undefined,
});

const deliveryFromRow = (row: DeliveryRow): DeliveryRecord => ({
  alertId: row.alert_id,
  transition: row.transition,
  target: row.target,
  attempt: row.attempt,
  at: row.at,
  ok: row.ok === 1,
  status: row.status ?? undefined,
  error: row.error ?? undefined,
});

/** Alerts with their history (opened, closed) and every webhook delivery attempt. */
export class AlertRepository {
  constructor(private readonly db: Db) {}

  open(monitorId: string, rule: string): AlertRecord | undefined {
    const row = this.db
      .prepare('SELECT * FROM alerts WHERE monitor_id = ? AND rule = ? AND closed_at IS NULL')
      .get(monitorId, rule) as AlertRow | undefined;
    return row && fromRow(row);
  }

  /** Every alert still open, of every monitor, the newest first. */
  allOpen(): AlertRecord[] {
    return (
      this.db
        .prepare('SELECT * FROM alerts WHERE closed_at IS NULL ORDER BY opened_at DESC, id DESC')
        .all() as AlertRow[]
    ).map(fromRow);
  }

  raise(monitorId: string, rule: string, message: string, value: number | undefined, at: number): AlertRecord {
    const id = Number(
      this.db
        .prepare('INSERT INTO alerts (monitor_id, rule, opened_at, message, value) VALUES (?, ?, ?, ?, ?)')
        .run(monitorId, rule, at, message, value ?? null).lastInsertRowid,
    );
    return { id, monitorId, rule, openedAt: at, message, value };
  }

  clear(id: number, at: number, message?: string): void {
    this.db.prepare('UPDATE alerts SET closed_at = ?, clear_message = ? WHERE id = ?').run(at, message ?? null, id);
  }

  history(monitorId?: string, limit = 100): AlertRecord[] {
    const rows = (
      monitorId
        ? this.db
            .prepare('SELECT * FROM alerts WHERE monitor_id = ? ORDER BY opened_at DESC, id DESC LIMIT ?')
            .all(monitorId, limit)
        : this.db.prepare('SELECT * FROM alerts ORDER BY opened_at DESC, id DESC LIMIT ?').all(limit)
    ) as AlertRow[];
    return rows.map(fromRow);
  }

  logDelivery(delivery: DeliveryRecord): void {
    this.db
      .prepare(
        'INSERT INTO alert_deliveries (alert_id, transition, target, attempt, at, ok, status, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        delivery.alertId,
        delivery.transition,
        delivery.target,
        delivery.attempt,
        delivery.at,
        delivery.ok ? 1 : 0,
        delivery.status ?? null,
        delivery.error ?? null,
      );
  }

  /** The delivery attempts of one alert, in the order they were made. */
  deliveries(alertId: number): DeliveryRecord[] {
    return (
      this.db.prepare('SELECT * FROM alert_deliveries WHERE alert_id = ? ORDER BY id').all(alertId) as DeliveryRow[]
    ).map(deliveryFromRow);
  }
}
