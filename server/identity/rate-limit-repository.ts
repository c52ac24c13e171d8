import { preparedQuery } from '../store/prepared-query.ts';
import type { Session } from '../store/session.ts';

/** A counter of rate-limiter-flexible's, as its stores keep one: the points used, until `expire` (ms; null: never). */
export interface RateLimitCounter {
  points: number;
  expire: number | null;
}

/**
 * The counters behind the attempt limits (identity/attempt-limits.ts), one row per limiter key, in our own database:
 * kept across restarts, and shared by every process on one PostgreSQL database.
 */
export interface RateLimitRepository {
  /**
   * Adds `points` to the key's counter in one statement (two processes adding at once both count): a counter whose
   * time has passed starts again from `points` with `expire`. Answers the counter as it now is.
   */
  add(key: string, points: number, expire: number | null, now: number): Promise<RateLimitCounter>;
  /**
   * Takes `points` back from a live counter, never below 0 and never making one (a window that ended meanwhile has
   * nothing to give back). Says whether there was a live one.
   */
  takeBack(key: string, points: number, now: number): Promise<boolean>;
  /** The key's counter, unless its time has passed. */
  get(key: string, now: number): Promise<RateLimitCounter | undefined>;
  /** Says whether there was one. */
  delete(key: string): Promise<boolean>;
  /** Drops counters whose time has passed; how many. */
  purgeExpired(now: number): Promise<number>;
}

export function rateLimitRepository(session: Session): RateLimitRepository {
  // rate-limiter-flexible's own upsert for PostgreSQL (RateLimiterPostgres), written once for both engines.
  const add = preparedQuery(
    session,
    (db, p: { key: string; points: number; expire: number | null; now: number }) =>
      db
        .insertInto('rate_limits')
        .values({ key: p.key, points: p.points, expire: p.expire })
        .onConflict((c) =>
          c.column('key').doUpdateSet((eb) => {
            const over = eb('rate_limits.expire', '<=', p.now);
            return {
              points: eb
                .case()
                .when(over)
                .then(eb.val(p.points))
                .else(eb('rate_limits.points', '+', p.points))
                .end(),
              expire: eb.case().when(over).then(eb.val(p.expire)).else(eb.ref('rate_limits.expire')).end(),
            };
          }),
        )
        .returning(['points', 'expire']),
  );
  const get = preparedQuery(session, (db, p: { key: string; now: number }) =>
    db
      .selectFrom('rate_limits')
      .select(['points', 'expire'])
      .where('key', '=', p.key)
      .where((eb) => eb.or([eb('expire', '>', p.now), eb('expire', 'is', null)])),
  );
  const counter = (row: { points: number | string; expire: number | string | null }): RateLimitCounter => ({
    points: Number(row.points),
    expire: row.expire === null ? null : Number(row.expire),
  });
  return {
    async add(key, points, expire, now) {
      const row = await add.first({ key, points, expire, now });
      return counter(row!);
    },
    async takeBack(key, points, now) {
      const result = await session
        .query()
        .updateTable('rate_limits')
        .set((eb) => ({
          points: eb
            .case()
            .when('points', '>', points)
            .then(eb('points', '-', points))
            .else(0)
            .end(),
        }))
        .where('key', '=', key)
        .where('expire', '>', now)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async get(key, now) {
      const row = await get.first({ key, now });
      return row ? counter(row) : undefined;
    },
    async delete(key) {
      const result = await session
        .query()
        .deleteFrom('rate_limits')
        .where('key', '=', key)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async purgeExpired(now) {
      const result = await session
        .query()
        .deleteFrom('rate_limits')
        .where('expire', '<=', now)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
