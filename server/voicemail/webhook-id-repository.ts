import { preparedQuery } from '../store/prepared-query.ts';
import type { Session } from '../store/session.ts';

/**
 * The ids of the carrier webhooks we accepted, each kept until its timestamp leaves the tolerance window (after
 * that the timestamp alone refuses it), so a captured webhook cannot be replayed while it is still fresh — across
 * restarts, and past one process when the database is shared.
 */
export interface WebhookIdRepository {
  /**
   * Records `id` until `expiresAt`: true the first time, false while an earlier record of it lasts (a replay). An
   * expired record is claimed anew. In the caller's transaction, a second claim of the same id waits for the first
   * to commit (then false) or roll back (then true): two copies of a webhook at two processes are processed once.
   */
  claim(id: string, expiresAt: number, now: number): Promise<boolean>;
  /**
   * Drops the records whose time has passed. Run outside a webhook's transaction: deleting rows others may be
   * deleting too would make concurrent webhooks wait on each other's commits.
   */
  purgeExpired(now: number): Promise<number>;
}

export function webhookIdRepository(session: Session): WebhookIdRepository {
  // Every webhook runs both: compiled once.
  const claim = preparedQuery(session, (db, p: { id: string; expiresAt: number; now: number }) =>
    db
      .insertInto('webhook_ids')
      .values({ id: p.id, expires_at: p.expiresAt })
      .onConflict((c) =>
        c.column('id').doUpdateSet({ expires_at: p.expiresAt }).where('webhook_ids.expires_at', '<=', p.now),
      ),
  );
  const expire = preparedQuery(session, (db, p: { now: number }) =>
    db.deleteFrom('webhook_ids').where('expires_at', '<=', p.now),
  );
  return {
    async claim(id, expiresAt, now) {
      return (await claim.affected({ id, expiresAt, now })) === 1;
    },
    purgeExpired(now) {
      return expire.affected({ now });
    },
  };
}
