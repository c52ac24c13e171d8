import type { Session } from './session.ts';

/** Small named values the backend keeps for itself (the outbox epoch). */
export interface SettingsRepository {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
}

export function settingsRepository(session: Session): SettingsRepository {
  return {
    async get(key) {
      const row = await session
        .query()
        .selectFrom('settings')
        .select('value')
        .where('key', '=', key)
        .executeTakeFirst();
      return row?.value;
    },
    async set(key, value) {
      await session
        .query()
        .insertInto('settings')
        .values({ key, value })
        .onConflict((c) => c.column('key').doUpdateSet({ value }))
        .execute();
    },
  };
}
