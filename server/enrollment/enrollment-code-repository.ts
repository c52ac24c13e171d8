import type { Selectable } from 'kysely';
import type { DeviceDescription, DeviceKind } from '../../protocol/index.ts';
import type { Session } from '../store/session.ts';
import type { Tables } from '../store/tables.ts';

export type EnrollmentCodeState = 'pending' | 'approved' | 'denied';

/** A code a device showed to be approved (RFC 8628's device code and user code); the device code only hashed. */
export interface EnrollmentCodeRecord extends Omit<DeviceDescription, 'kind'> {
  deviceCodeHash: string;
  userCode: string;
  kind: DeviceKind;
  createdAt: number;
  expiresAt: number;
  intervalSec: number;
  lastPollAt: number | null;
  state: EnrollmentCodeState;
  /** The device it was approved as. */
  deviceId: string | null;
}

export type EnrollmentCodeChange = Partial<
  Pick<EnrollmentCodeRecord, 'state' | 'deviceId' | 'lastPollAt' | 'intervalSec'>
>;

/** Codes waiting for a household's approval, and the operator assertions already used (each works once). */
export interface EnrollmentCodeRepository {
  add(code: EnrollmentCodeRecord): Promise<void>;
  find(by: { deviceCodeHash: string } | { userCode: string }): Promise<EnrollmentCodeRecord | undefined>;
  update(deviceCodeHash: string, change: EnrollmentCodeChange): Promise<void>;
  delete(deviceCodeHash: string): Promise<void>;
  /** Drops every code approved as this device and not yet collected (the device was removed). */
  deleteFor(deviceId: string): Promise<number>;
  /** Drops codes whose time has passed. Returns how many. */
  purge(now: number): Promise<number>;
  /** True the first time an id (a signed assertion's) is seen before it expires; false for a replay. */
  claimOnce(id: string, expiresAt: number, now: number): Promise<boolean>;
}

const toCode = (r: Selectable<Tables['enrollment_codes']>): EnrollmentCodeRecord => ({
  deviceCodeHash: r.device_code_hash,
  userCode: r.user_code,
  kind: r.kind,
  platform: r.platform,
  model: r.model,
  appVersion: r.app_version,
  createdAt: Number(r.created_at),
  expiresAt: Number(r.expires_at),
  intervalSec: Number(r.interval_sec),
  lastPollAt: r.last_poll_at === null ? null : Number(r.last_poll_at),
  state: r.state,
  deviceId: r.device_id,
});

export function enrollmentCodeRepository(session: Session): EnrollmentCodeRepository {
  const codes = () => session.query().deleteFrom('enrollment_codes');
  return {
    async add(code) {
      await session
        .query()
        .insertInto('enrollment_codes')
        .values({
          device_code_hash: code.deviceCodeHash,
          user_code: code.userCode,
          kind: code.kind,
          platform: code.platform,
          model: code.model,
          app_version: code.appVersion,
          created_at: code.createdAt,
          expires_at: code.expiresAt,
          interval_sec: code.intervalSec,
          last_poll_at: code.lastPollAt,
          state: code.state,
          device_id: code.deviceId,
        })
        .execute();
    },
    async find(by) {
      const query = session.query().selectFrom('enrollment_codes').selectAll();
      const row = await (
        'deviceCodeHash' in by
          ? query.where('device_code_hash', '=', by.deviceCodeHash)
          : query.where('user_code', '=', by.userCode)
      ).executeTakeFirst();
      return row && toCode(row);
    },
    async update(deviceCodeHash, change) {
      const set = {
        ...(change.state !== undefined && { state: change.state }),
        ...(change.deviceId !== undefined && { device_id: change.deviceId }),
        ...(change.lastPollAt !== undefined && { last_poll_at: change.lastPollAt }),
        ...(change.intervalSec !== undefined && { interval_sec: change.intervalSec }),
      };
      if (Object.keys(set).length === 0) return;
      await session
        .query()
        .updateTable('enrollment_codes')
        .set(set)
        .where('device_code_hash', '=', deviceCodeHash)
        .execute();
    },
    async delete(deviceCodeHash) {
      await codes().where('device_code_hash', '=', deviceCodeHash).execute();
    },
    async deleteFor(deviceId) {
      const result = await codes().where('device_id', '=', deviceId).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async purge(now) {
      const result = await codes().where('expires_at', '<=', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    claimOnce(id, expiresAt, now) {
      return session.transaction(async () => {
        await session.query().deleteFrom('used_assertions').where('expires_at', '<=', now).execute();
        const result = await session
          .query()
          .insertInto('used_assertions')
          .values({ id, expires_at: expiresAt })
          .onConflict((c) => c.column('id').doNothing())
          .executeTakeFirst();
        return Number(result.numInsertedOrUpdatedRows) === 1;
      });
    },
  };
}
