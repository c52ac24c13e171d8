import type { Selectable } from 'kysely';
import type { Authorization, Capability } from '../../protocol/index.ts';
import type { Session } from '../store/session.ts';
import type { Tables } from '../store/tables.ts';

/** A device's identity profile: what it can do and, for a proxy, its master list of authorized devices. */
export interface StoredProfile {
  deviceId: string;
  /** What other devices address it by: opaque, unlike the device id. */
  profileId: string;
  capabilities: Capability[];
  authorized: Authorization[];
}

/** Devices' identity profiles, and the requests to use a proxy's SMS that wait for its holder. */
export interface ProfileRepository {
  get(deviceId: string): Promise<StoredProfile | undefined>;
  find(profileId: string): Promise<StoredProfile | undefined>;
  set(profile: StoredProfile): Promise<void>;
  /** A device asked a proxy to use its SMS; one request per pair, the latest time kept. */
  addCapabilityRequest(requesterId: string, proxyId: string, at: number): Promise<void>;
  listCapabilityRequests(proxyId: string): Promise<{ requesterId: string; at: number }[]>;
  clearCapabilityRequest(requesterId: string, proxyId: string): Promise<void>;
}

const toProfile = (r: Selectable<Tables['device_profiles']>): StoredProfile => ({
  deviceId: r.device_id,
  profileId: r.profile_id,
  capabilities: JSON.parse(r.capabilities) as StoredProfile['capabilities'],
  authorized: JSON.parse(r.authorized) as StoredProfile['authorized'],
});

export function profileRepository(session: Session): ProfileRepository {
  const profiles = () => session.query().selectFrom('device_profiles').selectAll();
  return {
    async get(deviceId) {
      const row = await profiles().where('device_id', '=', deviceId).executeTakeFirst();
      return row && toProfile(row);
    },
    async find(profileId) {
      const row = await profiles().where('profile_id', '=', profileId).executeTakeFirst();
      return row && toProfile(row);
    },
    async set(profile) {
      const row = {
        device_id: profile.deviceId,
        profile_id: profile.profileId,
        capabilities: JSON.stringify(profile.capabilities),
        authorized: JSON.stringify(profile.authorized),
        updated_at: Date.now(),
      };
      await session
        .query()
        .insertInto('device_profiles')
        .values(row)
        .onConflict((c) =>
          c.column('device_id').doUpdateSet({
            capabilities: row.capabilities,
            authorized: row.authorized,
            updated_at: row.updated_at,
          }),
        )
        .execute();
    },
    async addCapabilityRequest(requesterId, proxyId, at) {
      await session
        .query()
        .insertInto('capability_requests')
        .values({ requester_id: requesterId, proxy_id: proxyId, created_at: at })
        .onConflict((c) => c.columns(['requester_id', 'proxy_id']).doUpdateSet({ created_at: at }))
        .execute();
    },
    async listCapabilityRequests(proxyId) {
      const rows = await session
        .query()
        .selectFrom('capability_requests')
        .select(['requester_id', 'created_at'])
        .where('proxy_id', '=', proxyId)
        .orderBy('created_at')
        .execute();
      return rows.map((r) => ({ requesterId: r.requester_id, at: Number(r.created_at) }));
    },
    async clearCapabilityRequest(requesterId, proxyId) {
      await session
        .query()
        .deleteFrom('capability_requests')
        .where('requester_id', '=', requesterId)
        .where('proxy_id', '=', proxyId)
        .execute();
    },
  };
}
