import type { DatabaseSync } from 'node:sqlite';

/**
 * Applies the migrations a carrier's database has not seen yet, in order, each in its own transaction;
 * `PRAGMA user_version` records how many ran. Never edit a shipped migration: add the next one.
 */
export function migrate(db: DatabaseSync, migrations: readonly string[]): void {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number };
  for (let i = row.user_version; i < migrations.length; i++) {
    db.exec('BEGIN');
    try {
      db.exec(migrations[i]!);
      db.exec(`PRAGMA user_version = ${i + 1}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw new Error(`migration ${i + 1} failed`, { cause: error });
    }
  }
}
