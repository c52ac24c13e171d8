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
  return {
    claim(id, expiresAt, now) {
      return session.transaction(async () => {
        await session.query().deleteFrom('webhook_ids').where('expires_at', '<=', now).execute();
        const result = await session
          .query()
          .insertInto('webhook_ids')
          .values({ id, expires_at: expiresAt })
          .onConflict((c) => c.column('id').doNothing())
          .executeTakeFirst();
        return Number(result.numInsertedOrUpdatedRows) === 1;
      });
    },
    async release(id) {
      await session.query().deleteFrom('webhook_ids').where('id', '=', id).execute();
    },
  };
}
