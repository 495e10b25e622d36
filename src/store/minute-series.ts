import type { Statement } from 'better-sqlite3';
import type { Db } from './database.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const SLOTS = 60;

/**
 * Per-minute values packed 60 to a row (one row per key and hour, a Float64Array of `fields` values per minute,
 * NaN where a minute has none), so a 30-day chart at 1-minute resolution reads 720 rows, not 43,200.
 * Values are the final ones of each minute, written by the rollup that computed them, in its transaction.
 */
export class MinuteSeries {
  private readonly pending = new Map<string, { key: string[]; hour: number; slots: Map<number, number[]> }>();
  private readonly readOne: Statement;
  private readonly write: Statement;

  constructor(
    private readonly db: Db,
    private readonly table: string,
    private readonly keyColumns: readonly string[],
    private readonly fields: number,
  ) {
    const keys = keyColumns.join(', ');
    this.readOne = db.prepare(`SELECT minutes FROM ${table} WHERE ${keyColumns.map((column) => `${column} = ?`).join(' AND ')} AND hour = ?`);
    this.write = db.prepare(`INSERT OR REPLACE INTO ${table} (${keys}, hour, minutes) VALUES (${keyColumns.map(() => '?').join(', ')}, ?, ?)`);
  }

  /** Records a minute's values; written by `flush`. */
  set(key: string[], minute: number, values: number[]): void {
    const hour = minute - (minute % HOUR);
    const id = `${key.join('\u0000')}\u0000${hour}`;
    let entry = this.pending.get(id);
    if (!entry) this.pending.set(id, (entry = { key, hour, slots: new Map() }));
    entry.slots.set((minute - hour) / MINUTE, values);
  }

  /** Writes what `set` recorded (call inside the transaction that wrote the minutes). */
  flush(): void {
    for (const { key, hour, slots } of this.pending.values()) {
      const row = this.readOne.get(...key, hour) as { minutes: Buffer } | undefined;
      const vector = row ? unpack(row.minutes) : new Float64Array(SLOTS * this.fields).fill(Number.NaN);
      for (const [slot, values] of slots) vector.set(values, slot * this.fields);
      this.write.run(...key, hour, Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength));
    }
    this.pending.clear();
  }

  /**
   * Visits every stored minute in [since, until) of the keys starting with `prefix`, hour by hour, minutes in order
   * within a row (rows of several keys of the same hour follow each other). `values` is read at `offset`, `fields` long.
   */
  forEach(prefix: readonly string[], since: number, until: number, visit: (key: unknown[], t: number, values: Float64Array, offset: number) => void): void {
    const where = prefix.map((_, index) => `${this.keyColumns[index]} = ?`).join(' AND ');
    const rows = this.db
      .prepare(`SELECT ${this.keyColumns.join(', ')}, hour, minutes FROM ${this.table} WHERE ${where ? `${where} AND ` : ''}hour >= ? AND hour < ? ORDER BY hour`)
      .raw()
      .all(...prefix, since - (since % HOUR), until) as unknown[][];
    const keys = this.keyColumns.length;
    for (const row of rows) {
      const hour = row[keys] as number;
      const vector = unpack(row[keys + 1] as Buffer);
      for (let slot = 0; slot < SLOTS; slot++) {
        const t = hour + slot * MINUTE;
        const offset = slot * this.fields;
        if (t >= since && t < until && !Number.isNaN(vector[offset]!)) visit(row, t, vector, offset);
      }
    }
  }

  deleteBefore(time: number): void {
    this.db.prepare(`DELETE FROM ${this.table} WHERE hour < ?`).run(time - (time % HOUR));
  }
}

/** A stored vector, copied out of SQLite's buffer (which need not be 8-byte aligned). */
function unpack(blob: Buffer): Float64Array {
  const copy = new Float64Array(blob.byteLength / 8);
  new Uint8Array(copy.buffer).set(blob);
  return copy;
}
