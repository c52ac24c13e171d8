import { preparedInsert, preparedQuery } from '../store/prepared-query.ts';
import type { Session } from '../store/session.ts';

/**
 * The ids of the carrier webhooks we accepted, each kept until its timestamp leaves the tolerance window (after
 * that the timestamp alone refuses it), so a captured webhook cannot be replayed while it is still fresh — across
 * restarts, and past one process when the database is shared.
 */
export interface WebhookIdRepository {
  /**
   * Records `id` until `expiresAt`: true the first time, false while an earlier record of it lasts (a replay).
   * Drops the records whose time has passed first.
   */
  claim(id: string, expiresAt: number, now: number): Promise<boolean>;
  /** Forgets `id`: the webhook failed before it was processed, so the carrier's retry of it must get through. */
  release(id: string): Promise<void>;
}

export function webhookIdRepository(session: Session): WebhookIdRepository {
  // Every webhook claims its id: compiled once.
  const expire = preparedQuery(session, (db, p: { now: number }) =>
    db.deleteFrom('webhook_ids').where('expires_at', '<=', p.now),
  );
  const insert = preparedInsert(session, (db, rows: { id: string; expires_at: number }[]) =>
    db
      .insertInto('webhook_ids')
      .values(rows)
      .onConflict((c) => c.column('id').doNothing()),
  );
  return {
    claim(id, expiresAt, now) {
      return session.transaction(async () => {
        await expire.affected({ now });
        return (await insert.insert([{ id, expires_at: expiresAt }])) === 1;
      });
    },
    async release(id) {
      await session.query().deleteFrom('webhook_ids').where('id', '=', id).execute();
    },
  };
}
