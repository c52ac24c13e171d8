import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Logger } from '../log.ts';
import { redactedUrl } from './database-location.ts';
import { MIGRATIONS } from './migrations.ts';
import { migratePostgres } from './postgres-migrate.ts';
import type { Tables } from './tables.ts';

/**
 * BIGINT (int8) comes back from `pg` as text, since it can exceed 2^53; ours hold ms times, sequence numbers and
 * row ids, all far below it, and the repositories expect numbers as SQLite gives them. A value past 2^53 would
 * be a fault, so it throws rather than rounding.
 */
const INT8 = 20; // pg_type.oid of int8 (BIGINT), fixed in PostgreSQL's catalogue

const INT8_AS_NUMBER: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8
      ? (text: string) => {
          const n = Number(text);
          if (!Number.isSafeInteger(n)) throw new Error(`a BIGINT beyond 2^53 came back: ${text}`);
          return n;
        }
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * The query layer on PostgreSQL: a `pg` pool (one pooled connection per transaction, others for statements outside
 * one), migrated to the current schema before it is used.
 */
export async function openPostgresQueries(url: string, log: Logger): Promise<Kysely<Tables>> {
  const pool = new pg.Pool({ connectionString: url, types: INT8_AS_NUMBER });
  // An idle pooled connection that breaks (the server restarted) is dropped by the pool and replaced on the next
  // query; without a listener its error would end the process.
  pool.on('error', (error) => log.warn('an idle PostgreSQL connection broke', { error: error.message }));
  // A connection checked out (a transaction between two statements) has no pool listener: its error — the server
  // shutting down under it — would end the process too. Its query in flight rejects to its caller either way.
  pool.on('connect', (client) =>
    client.on('error', (error) => log.warn('a PostgreSQL connection in use broke', { error: error.message })),
  );
  try {
    await migratePostgres(pool, MIGRATIONS);
  } catch (error) {
    await pool.end();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot open the PostgreSQL database at ${redactedUrl(url)}: ${reason}`, {
      cause: error,
    });
  }
  return new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
}
