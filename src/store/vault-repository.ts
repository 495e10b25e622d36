import type { Db } from './database.js';

export interface SealedSecret {
  id: string;
  type: string;
  meta: Record<string, string>;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
  updatedAt: string;
}

interface Row {
  id: string;
  type: string;
  meta_json: string;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
  updated_at: string;
}

const fromRow = (row: Row): SealedSecret => ({
  id: row.id,
  type: row.type,
  meta: JSON.parse(row.meta_json) as Record<string, string>,
  iv: row.iv,
  ciphertext: row.ciphertext,
  tag: row.tag,
  updatedAt: row.updated_at,
});

export class VaultRepository {
  constructor(private readonly db: Db) {}

  put(secret: SealedSecret): void {
    this.db
      .prepare(
        `INSERT INTO vault (id, type, meta_json, iv, ciphertext, tag, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET type = excluded.type, meta_json = excluded.meta_json, iv = excluded.iv,
           ciphertext = excluded.ciphertext, tag = excluded.tag, updated_at = excluded.updated_at`,
      )
      .run(
        secret.id,
        secret.type,
        JSON.stringify(secret.meta),
        secret.iv,
        secret.ciphertext,
        secret.tag,
        secret.updatedAt,
      );
  }

  get(id: string): SealedSecret | undefined {
    const row = this.db.prepare('SELECT * FROM vault WHERE id = ?').get(id) as Row | undefined;
    return row && fromRow(row);
  }

  list(): SealedSecret[] {
    return (this.db.prepare('SELECT * FROM vault ORDER BY id').all() as Row[]).map(fromRow);
  }

  remove(id: string): boolean {
    return this.db.prepare('DELETE FROM vault WHERE id = ?').run(id).changes > 0;
  }
}
