import type { ContentType, PolicyConfig } from '../../protocol/index.ts';
import { DEVICE_COLUMNS, toDevice, type Device } from '../identity/device-repository.ts';
import { preparedQuery } from '../store/prepared-query.ts';
import type { Session } from '../store/session.ts';

/** Each household's routing rules, and the index the device API reads of which STB follows which phone. */
export interface PolicyRepository {
  /** The household's routing rules, as provisioning stored them (validated before they are stored). */
  get(householdId: string): Promise<PolicyConfig | undefined>;
  /**
   * Replaces the household's routing rules, and with them the relationship index the device API reads
   * (which STB follows which mailbox): both change in one transaction.
   */
  set(householdId: string, config: PolicyConfig): Promise<void>;
  /** The STBs a phone's content of this type goes to. */
  targets(phoneId: string, contentType: ContentType): Promise<Device[]>;
  /** The phones whose content of this type goes to an STB (the reverse of {@link targets}). */
  sources(stbId: string, contentType: ContentType): Promise<Device[]>;
}

export function policyRepository(session: Session): PolicyRepository {
  // Every alert reads its household's rules: compiled once.
  const config = preparedQuery(session, (db, p: { householdId: string }) =>
    db.selectFrom('household_policies').select('config').where('household_id', '=', p.householdId),
  );
  return {
    async get(householdId) {
      const row = await config.first({ householdId });
      return row ? (JSON.parse(row.config) as PolicyConfig) : undefined;
    },
    set(householdId, config) {
      return session.transaction(async () => {
        const row = { household_id: householdId, config: JSON.stringify(config), updated_at: Date.now() };
        await session
          .query()
          .insertInto('household_policies')
          .values(row)
          .onConflict((c) =>
            c.column('household_id').doUpdateSet({ config: row.config, updated_at: row.updated_at }),
          )
          .execute();
        await session
          .query()
          .deleteFrom('relationships')
          .where('phone_id', 'in', (eb) =>
            eb.selectFrom('devices').select('id').where('household_id', '=', householdId),
          )
          .execute();
        const links = config.relationships
          .filter((r) => !r.stopped)
          .flatMap((r) =>
            r.contentTypes.map((contentType) => ({
              phone_id: r.sourceDeviceId,
              stb_id: r.targetDeviceId,
              content_type: contentType,
            })),
          );
        if (links.length === 0) return;
        await session
          .query()
          .insertInto('relationships')
          .values(links)
          .onConflict((c) => c.doNothing())
          .execute();
      });
    },
    async targets(phoneId, contentType) {
      const rows = await session
        .query()
        .selectFrom('relationships as r')
        .innerJoin('devices', 'devices.id', 'r.stb_id')
        .select(DEVICE_COLUMNS)
        .where('r.phone_id', '=', phoneId)
        .where('r.content_type', '=', contentType)
        .orderBy('devices.name')
        .execute();
      return rows.map(toDevice);
    },
    async sources(stbId, contentType) {
      const rows = await session
        .query()
        .selectFrom('relationships as r')
        .innerJoin('devices', 'devices.id', 'r.phone_id')
        .select(DEVICE_COLUMNS)
        .where('r.stb_id', '=', stbId)
        .where('r.content_type', '=', contentType)
        .orderBy('devices.name')
        .execute();
      return rows.map(toDevice);
    },
  };
}
