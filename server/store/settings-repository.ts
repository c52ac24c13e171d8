import type { Session } from './session.ts';

/** Small named values the backend keeps for itself (the outbox epoch). */
export interface SettingsRepository {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  /** Sets `key` to `value` unless it has a value already; answers the value it has now, either way. */
  setIfAbsent(key: string, value: string): Promise<string>;
}

export function settingsRepository(session: Session): SettingsRepository {
  const repository: SettingsRepository = {
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
    async setIfAbsent(key, value) {
      await session
        .query()
        .insertInto('settings')
        .values({ key, value })
        .onConflict((c) => c.column('key').doNothing())
        .execute();
      return (await repository.get(key))!;
    },
  };
  return repository;
}
