import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { DeviceKind } from '../../protocol/index.ts';
import { preparedQuery } from '../store/prepared-query.ts';
import type { Session } from '../store/session.ts';
import type { Tables } from '../store/tables.ts';

export interface Device {
  id: string;
  householdId: string;
  kind: DeviceKind;
  name: string;
  /** Digits; phones only. */
  phoneNumber: string | null;
  /** The room an STB is in; STBs only. */
  room: string | null;
  /** Who the device belongs to ("Mary"): the owner shown on shared displays. */
  ownerName: string;
}

/** Where a device of a household comes from. */
export type DeviceOrigin =
  /** A phone line or set-top box of a linked carrier account. */
  | 'carrier'
  /** A display (TV set) the household added by code, named by room. */
  | 'display';

/** What a device said of itself when it enrolled, and when it was last heard from (ms since the epoch). */
export interface DeviceEnrollment {
  platform: string | null;
  model: string | null;
  appVersion: string | null;
  enrolledAt: number | null;
  lastSeenAt: number | null;
  origin: DeviceOrigin;
  /** Set when the household removed a display it had added; the device is kept only so the log can name it. */
  removedAt: number | null;
  /**
   * Set when the household removed a line or box of its accounts: only the household's approval of a code brings
   * it back, not its operator identity, bulk enrollment or the demo route.
   */
  heldAt: number | null;
}

export type NewDevice = Omit<Device, 'id'> & { id?: string; origin?: DeviceOrigin };

/** The phones and set-top boxes (and displays added by code) of every household. */
export interface DeviceRepository {
  create(input: NewDevice): Promise<Device>;
  /**
   * A device of no joint account yet, in a place of its own (demo pairing of a device a carrier directory knows):
   * a joint account that links its carrier account later takes it in.
   */
  createUnjoined(device: Omit<Device, 'householdId'>): Promise<Device>;
  get(id: string): Promise<Device | undefined>;
  /** The household's devices; displays it removed only with `includeRemoved` (the delivery log still names them). */
  list(householdId: string, options?: { includeRemoved?: boolean }): Promise<Device[]>;
  findPhone(phoneNumber: string): Promise<Device | undefined>;
  enrollment(deviceId: string): Promise<DeviceEnrollment | undefined>;
  /** Records what an enrolling device said of itself; a removed display enrolled again is back. */
  setEnrolled(
    deviceId: string,
    description: { platform: string; model: string; appVersion: string },
    at: number,
  ): Promise<void>;
  /** The device was heard from (a request or a connection). */
  touch(deviceId: string, at: number): Promise<void>;
  rename(deviceId: string, change: { name?: string; room?: string }): Promise<void>;
  /** Marks a display the household added as removed (its tokens are revoked separately). */
  markRemoved(deviceId: string, at: number): Promise<void>;
  /** Marks a line or box the household removed (or clears that with null). */
  setHeld(deviceId: string, at: number | null): Promise<void>;
}

export type DeviceRow = Pick<
  Selectable<Tables['devices']>,
  'id' | 'household_id' | 'kind' | 'name' | 'phone_number' | 'room' | 'owner_name'
>;

export const DEVICE_COLUMNS = [
  'devices.id',
  'devices.household_id',
  'devices.kind',
  'devices.name',
  'devices.phone_number',
  'devices.room',
  'devices.owner_name',
] as const;

export const toDevice = (r: DeviceRow): Device => ({
  id: r.id,
  householdId: r.household_id,
  kind: r.kind,
  name: r.name,
  phoneNumber: r.phone_number,
  room: r.room,
  ownerName: r.owner_name,
});

const optionalNumber = (n: number | null) => (n === null ? null : Number(n));

export function deviceRepository(session: Session): DeviceRepository {
  const update = () => session.query().updateTable('devices');
  // The lookups of every alert and connection: compiled once.
  const byId = preparedQuery(session, (db, p: { id: string }) =>
    db.selectFrom('devices').select(DEVICE_COLUMNS).where('id', '=', p.id),
  );
  const phoneByNumber = preparedQuery(session, (db, p: { phoneNumber: string }) =>
    db
      .selectFrom('devices')
      .select(DEVICE_COLUMNS)
      .where('kind', '=', 'phone')
      .where('phone_number', '=', p.phoneNumber),
  );
  const ofHousehold = (includeRemoved: boolean) =>
    preparedQuery(session, (db, p: { householdId: string }) => {
      let query = db.selectFrom('devices').select(DEVICE_COLUMNS).where('household_id', '=', p.householdId);
      if (!includeRemoved) query = query.where('removed_at', 'is', null);
      return query.orderBy('kind').orderBy('name');
    });
  const listed = ofHousehold(false);
  const listedWithRemoved = ofHousehold(true);
  const touch = preparedQuery(session, (db, p: { id: string; at: number }) =>
    db.updateTable('devices').set({ last_seen_at: p.at }).where('id', '=', p.id),
  );
  const repository: DeviceRepository = {
    async create(input) {
      const { origin = 'carrier', ...rest } = input;
      const device: Device = { ...rest, id: input.id ?? `dev_${randomUUID()}` };
      await session
        .query()
        .insertInto('devices')
        .values({
          id: device.id,
          household_id: device.householdId,
          kind: device.kind,
          name: device.name,
          phone_number: device.phoneNumber,
          room: device.room,
          owner_name: device.ownerName,
          origin,
        })
        .execute();
      return device;
    },
    createUnjoined(device) {
      return session.transaction(async () => {
        const id = `own_${device.id}`;
        await session.query().insertInto('households').values({ id, name: device.name, joint: 0 }).execute();
        return repository.create({ ...device, householdId: id });
      });
    },
    async get(id) {
      const row = await byId.first({ id });
      return row && toDevice(row);
    },
    async list(householdId, options = {}) {
      const rows = await (options.includeRemoved ? listedWithRemoved : listed).rows({ householdId });
      return rows.map(toDevice);
    },
    async findPhone(phoneNumber) {
      const row = await phoneByNumber.first({ phoneNumber });
      return row && toDevice(row);
    },
    async enrollment(deviceId) {
      const row = await session
        .query()
        .selectFrom('devices')
        .select([
          'platform',
          'model',
          'app_version',
          'enrolled_at',
          'last_seen_at',
          'origin',
          'removed_at',
          'held_at',
        ])
        .where('id', '=', deviceId)
        .executeTakeFirst();
      return (
        row && {
          platform: row.platform,
          model: row.model,
          appVersion: row.app_version,
          enrolledAt: optionalNumber(row.enrolled_at),
          lastSeenAt: optionalNumber(row.last_seen_at),
          origin: row.origin,
          removedAt: optionalNumber(row.removed_at),
          heldAt: optionalNumber(row.held_at),
        }
      );
    },
    async setEnrolled(deviceId, description, at) {
      await update()
        .set({
          platform: description.platform,
          model: description.model,
          app_version: description.appVersion,
          enrolled_at: at,
          last_seen_at: at,
          removed_at: null,
          held_at: null,
        })
        .where('id', '=', deviceId)
        .execute();
    },
    async touch(deviceId, at) {
      await touch.affected({ id: deviceId, at });
    },
    async rename(deviceId, change) {
      const set = {
        ...(change.name !== undefined && { name: change.name }),
        ...(change.room !== undefined && { room: change.room }),
      };
      if (Object.keys(set).length) await update().set(set).where('id', '=', deviceId).execute();
    },
    async markRemoved(deviceId, at) {
      await update().set({ removed_at: at }).where('id', '=', deviceId).execute();
    },
    async setHeld(deviceId, at) {
      await update().set({ held_at: at }).where('id', '=', deviceId).execute();
    },
  };
  return repository;
}
