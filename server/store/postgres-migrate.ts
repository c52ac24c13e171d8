import type pg from 'pg';
import { POSTGRES, type Migration } from './migrations.ts';

/**
 * The advisory lock key migrations run under: any number that no other user of the same database picks
 * ("couchline" in ASCII, 0x636f7563 = "couc", is enough of a name).
 */
const MIGRATION_LOCK = 0x636f7563;

/**
 * Applies the migrations a PostgreSQL database has not seen yet, in order, each in its own transaction, and records
 * how many ran in `schema_version` (SQLite keeps the same count in `PRAGMA user_version`). Runs under a session-level
 * advisory lock, so processes starting at once against a new database migrate it once: the others wait, then find
 * nothing left to do.
 */
export async function migratePostgres(pool: pg.Pool, migrations: readonly Migration[]): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_version');
      let version = rows[0]?.version ?? 0;
      if (rows.length === 0) await client.query('INSERT INTO schema_version (version) VALUES (0)');
      for (; version < migrations.length; version++) {
        await client.query('BEGIN');
        try {
          // One simple query: PostgreSQL runs the migration's statements in order (no parameters, none needed).
          await client.query(migrations[version]!(POSTGRES));
          await client.query('UPDATE schema_version SET version = $1', [version + 1]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw new Error(`migration ${version + 1} failed`, { cause: error });
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
