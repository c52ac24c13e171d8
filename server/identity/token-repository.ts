import { preparedQuery } from '../store/prepared-query.ts';
import type { Session } from '../store/session.ts';
import { DEVICE_COLUMNS, toDevice, type Device } from './device-repository.ts';

/** A device token, as kept: only its hash, with its times. */
export interface StoredToken {
  device: Device;
  createdAt: number;
  lastSeenAt: number;
  /** When it was revoked (the device removed, or enrolled again); null while it is valid. */
  revokedAt: number | null;
}

/** Devices' tokens, by hash. */
export interface TokenRepository {
  add(deviceId: string, tokenHash: string, at?: number): Promise<void>;
  find(tokenHash: string): Promise<StoredToken | undefined>;
  touch(tokenHash: string, at: number): Promise<void>;
  delete(tokenHash: string): Promise<void>;
  /** Revokes every valid token of a device at `at`. Returns how many there were. */
  revokeAll(deviceId: string, at: number): Promise<number>;
  /** Forgets tokens revoked before `before`. */
  purgeRevoked(before: number): Promise<number>;
  /** Whether the device holds a valid token now: not revoked, and used after `usedSince`. */
  hasValid(deviceId: string, usedSince: number): Promise<boolean>;
}

export function tokenRepository(session: Session): TokenRepository {
  const tokens = () => session.query().updateTable('device_tokens');
  // Every connection and device request checks its token: compiled once.
  const byHash = preparedQuery(session, (db, p: { tokenHash: string }) =>
    db
      .selectFrom('device_tokens as t')
      .innerJoin('devices', 'devices.id', 't.device_id')
      .select([...DEVICE_COLUMNS, 't.created_at', 't.last_seen_at', 't.revoked_at'])
      .where('t.token_hash', '=', p.tokenHash),
  );
  const touch = preparedQuery(session, (db, p: { tokenHash: string; at: number }) =>
    db.updateTable('device_tokens').set({ last_seen_at: p.at }).where('token_hash', '=', p.tokenHash),
  );
  return {
    async add(deviceId, tokenHash, at = Date.now()) {
      await session
        .query()
        .insertInto('device_tokens')
        .values({ token_hash: tokenHash, device_id: deviceId, created_at: at, last_seen_at: at })
        .execute();
    },
    async find(tokenHash) {
      const row = await byHash.first({ tokenHash });
      if (!row) return undefined;
      const createdAt = Number(row.created_at);
      return {
        device: toDevice(row),
        createdAt,
        lastSeenAt: row.last_seen_at === null ? createdAt : Number(row.last_seen_at),
        revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
      };
    },
    async touch(tokenHash, at) {
      await touch.affected({ tokenHash, at });
    },
    async delete(tokenHash) {
      await session.query().deleteFrom('device_tokens').where('token_hash', '=', tokenHash).execute();
    },
    async revokeAll(deviceId, at) {
      const result = await tokens()
        .set({ revoked_at: at })
        .where('device_id', '=', deviceId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async purgeRevoked(before) {
      const result = await session
        .query()
        .deleteFrom('device_tokens')
        .where('revoked_at', '<', before)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async hasValid(deviceId, usedSince) {
      const row = await session
        .query()
        .selectFrom('device_tokens')
        .select('token_hash')
        .where('device_id', '=', deviceId)
        .where('revoked_at', 'is', null)
        .where('last_seen_at', '>', usedSince)
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}
