import type { DatabaseSync } from 'node:sqlite';
import { SQLITE, type Migration } from './migrations.ts';

/**
 * Applies the migrations a SQLite database has not seen yet, in order, each in its own transaction;
 * `PRAGMA user_version` records how many ran (postgres-migrate.ts does the same on PostgreSQL). Never edit a
 * shipped migration: add the next one.
 */
export function migrate(db: DatabaseSync, migrations: readonly Migration[]): void {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number };
  for (let i = row.user_version; i < migrations.length; i++) {
    db.exec('BEGIN');
    try {
      db.exec(migrations[i]!(SQLITE));
      db.exec(`PRAGMA user_version = ${i + 1}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw new Error(`migration ${i + 1} failed`, { cause: error });
    }
  }
}
