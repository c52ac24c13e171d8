import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely, Transaction } from 'kysely';
import type { Tables } from './tables.ts';

/**
 * What a repository runs its queries through: the transaction in progress in this async context, or the
 * database. Every repository shares one session, so code called inside `transaction()` joins it without
 * being handed a transaction object (as nested calls did when the store was synchronous), and a caller in
 * another context never slips its statements into someone else's transaction: on SQLite it waits for the one
 * connection; on PostgreSQL the transaction holds one pooled connection and the caller runs on another.
 */
export interface Session {
  /**
   * The engine under it. The repositories' queries are the same on both, with one exception where a round trip
   * per event is worth it (the outbox's numbering on PostgreSQL, see outbox-repository.ts).
   */
  readonly engine: 'sqlite' | 'postgres';
  query(): Kysely<Tables>;
  /** Runs `work` in a transaction; inside one already, joins it. Commits when `work` resolves, rolls back when it throws. */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Runs `task` once the current transaction commits (at once outside one); never if it rolls back. For effects
   * outside the database, such as closing a revoked device's socket.
   */
  afterCommit(task: () => void): void;
}

interface OpenTransaction {
  trx: Transaction<Tables>;
  /** False once it has committed or rolled back: a timer started inside it then queries the database itself. */
  open: boolean;
  committed: (() => void)[];
}

export function createSession(db: Kysely<Tables>, engine: Session['engine']): Session {
  const current = new AsyncLocalStorage<OpenTransaction>();
  const active = () => {
    const tx = current.getStore();
    return tx?.open ? tx : undefined;
  };
  return {
    engine,
    query: () => active()?.trx ?? db,
    async transaction<T>(work: () => Promise<T>): Promise<T> {
      if (active()) return work();
      const committed: (() => void)[] = [];
      const result = await db.transaction().execute(async (trx) => {
        const tx: OpenTransaction = { trx, open: true, committed };
        try {
          return await current.run(tx, work);
        } finally {
          tx.open = false;
        }
      });
      for (const task of committed) task();
      return result;
    },
    afterCommit(task: () => void): void {
      const tx = active();
      if (tx) tx.committed.push(task);
      else task();
    },
  };
}
