import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import { SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';

/**
 * Kysely's SQLite dialect speaks better-sqlite3's interface; this adapts Node's built-in `node:sqlite` to it (no
 * native build step: better-sqlite3 compiles from source here for ~100 s on every fresh install). Kysely holds
 * the one connection under a mutex, so a transaction never interleaves with another caller's statements.
 */
export function nodeSqliteDialect(db: DatabaseSync): SqliteDialect {
  return new SqliteDialect({ database: new NodeSqliteDatabase(db) });
}

class NodeSqliteDatabase implements SqliteDatabase {
  /** Statements are prepared once and reused: the outbox path runs for every event. */
  private readonly statements = new Map<string, NodeSqliteStatement>();
  private readonly db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.db = db;
  }

  prepare(sql: string): SqliteStatement {
    let statement = this.statements.get(sql);
    if (!statement) {
      // A transaction takes the write lock when it starts: another process on the same file (a bulk enrollment
      // next to the server) then waits its turn (busy_timeout) instead of failing when a read turns into a write.
      const text = sql === 'begin' ? 'BEGIN IMMEDIATE' : sql;
      statement = new NodeSqliteStatement(this.db.prepare(text));
      this.statements.set(sql, statement);
    }
    return statement;
  }

  close(): void {
    this.statements.clear();
    this.db.close();
  }
}

class NodeSqliteStatement implements SqliteStatement {
  readonly reader: boolean;
  private readonly statement: StatementSync;

  constructor(statement: StatementSync) {
    this.statement = statement;
    // A statement that returns columns (a SELECT, or a write with RETURNING) is read with all().
    this.reader = statement.columns().length > 0;
  }

  all(parameters: readonly unknown[]): unknown[] {
    return this.statement.all(...(parameters as SQLInputValue[]));
  }

  run(parameters: readonly unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint } {
    return this.statement.run(...(parameters as SQLInputValue[]));
  }

  iterate(parameters: readonly unknown[]): IterableIterator<unknown> {
    return this.statement.iterate(...(parameters as SQLInputValue[]));
  }
}
