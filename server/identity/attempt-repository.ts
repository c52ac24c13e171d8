import type { Session } from '../store/session.ts';
import type { FailureLog } from './attempt-limits.ts';

/** Wrong tries at our own secrets (joint-account logins under `joint:<id>`, enrollment codes), kept to limit them. */
export interface AttemptRepository extends FailureLog {
  recordFailure(subject: string, at: number): Promise<void>;
  failuresSince(subject: string, since: number): Promise<number[]>;
  clearFailures(subject: string): Promise<void>;
  /** Forgets attempts older than `before` whose subject starts with `subjectPrefix`. */
  purge(before: number, subjectPrefix: string): Promise<number>;
}

export function attemptRepository(session: Session): AttemptRepository {
  return {
    async recordFailure(subject, at) {
      await session.query().insertInto('login_failures').values({ subject, at }).execute();
    },
    async failuresSince(subject, since) {
      const rows = await session
        .query()
        .selectFrom('login_failures')
        .select('at')
        .where('subject', '=', subject)
        .where('at', '>', since)
        .orderBy('at')
        .execute();
      return rows.map((r) => Number(r.at));
    },
    async clearFailures(subject) {
      await session.query().deleteFrom('login_failures').where('subject', '=', subject).execute();
    },
    async purge(before, subjectPrefix) {
      const result = await session
        .query()
        .deleteFrom('login_failures')
        .where('at', '<', before)
        .where('subject', 'like', `${subjectPrefix}%`)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
