import { randomUUID } from 'node:crypto';
import type { DirectoryKind } from '../../protocol/index.ts';
import type { Device, DeviceRepository } from '../identity/device-repository.ts';
import type { Session } from '../store/session.ts';

export interface Household {
  id: string;
  name: string;
}

/** A carrier account a joint account joins, and how it was linked. */
export interface LinkedCarrierAccount {
  directory: DirectoryKind;
  accountId: string;
  holderName: string;
  via: 'credentials' | 'consent';
}

/** A household that is a joint account: its own login and billing code, and the carrier accounts it joins. */
export interface JointAccount extends Household {
  passwordHash: string | null;
  billingCode: string | null;
  accounts: LinkedCarrierAccount[];
}

export interface NewJointAccount {
  id: string;
  name: string;
  passwordHash: string;
  billingCode: string;
  accounts: readonly LinkedCarrierAccount[];
  /** The devices of those accounts; ones already known (paired before) are taken in, the rest created. */
  devices: readonly Omit<Device, 'householdId'>[];
}

export interface JointAccountLogin {
  passwordHash: string;
  billingCode: string;
  accounts: readonly LinkedCarrierAccount[];
}

/** Households, and the joint accounts among them with the carrier accounts they join. */
export interface JointAccountRepository {
  createHousehold(input: { id?: string; name: string }): Promise<Household>;
  listHouseholds(): Promise<Household[]>;
  get(id: string): Promise<JointAccount | undefined>;
  /** The joint account a carrier account is in, if any. */
  findOf(directory: DirectoryKind, accountId: string): Promise<string | undefined>;
  /**
   * Creates a joint account in one transaction: the household with its password hash and billing code, the
   * linked carrier accounts, and the devices (taking in unjoined ones). Its rules come with the registration that
   * follows. Throws if a device or carrier account is in another joint account already.
   */
  create(input: NewJointAccount): Promise<JointAccount>;
  /** Sets a joint account's login on a household made before joint accounts had one (the demo's). */
  setLogin(id: string, login: JointAccountLogin): Promise<void>;
  /**
   * Links one more carrier account to a joint account, taking in its devices as {@link create} does. Throws if a
   * device is in another joint account already.
   */
  link(
    id: string,
    account: LinkedCarrierAccount,
    devices: readonly Omit<Device, 'householdId'>[],
  ): Promise<void>;
  /**
   * Unlinks a carrier account: `deviceIds` (its devices) leave the joint account for a place of their own, as before
   * they joined; their tokens and the rules that named them are the caller's to deal with.
   */
  unlink(
    id: string,
    account: Pick<LinkedCarrierAccount, 'directory' | 'accountId'>,
    deviceIds: readonly string[],
  ): Promise<void>;
}

export function jointAccountRepository(session: Session, devices: DeviceRepository): JointAccountRepository {
  const linkAccounts = async (householdId: string, accounts: readonly LinkedCarrierAccount[]) => {
    if (accounts.length === 0) return;
    // After those already linked: a link made later comes last in the joint account's list.
    const { top } = await session
      .query()
      .selectFrom('household_accounts')
      .select((eb) => eb.fn.max('linked_order').as('top'))
      .where('household_id', '=', householdId)
      .executeTakeFirstOrThrow();
    const next = top === null ? 0 : Number(top) + 1;
    await session
      .query()
      .insertInto('household_accounts')
      .values(
        accounts.map((a, i) => ({
          household_id: householdId,
          linked_order: next + i,
          directory: a.directory,
          account_id: a.accountId,
          holder_name: a.holderName,
          via: a.via,
        })),
      )
      .execute();
  };
  /** Devices into a joint account: new ones created, unjoined ones moved in (their place of their own deleted). */
  const takeIn = async (householdId: string, incoming: readonly Omit<Device, 'householdId'>[]) => {
    for (const device of incoming) {
      const existing = await devices.get(device.id);
      if (!existing) {
        await devices.create({ ...device, householdId });
        continue;
      }
      const place = await session
        .query()
        .selectFrom('households')
        .select('joint')
        .where('id', '=', existing.householdId)
        .executeTakeFirstOrThrow();
      if (place.joint === 1)
        throw new Error(`device ${device.id} is in joint account ${existing.householdId}`);
      await session
        .query()
        .updateTable('devices')
        .set({ household_id: householdId })
        .where('id', '=', device.id)
        .execute();
      await session
        .query()
        .deleteFrom('households')
        .where('id', '=', existing.householdId)
        .where('joint', '=', 0)
        .execute();
    }
  };
  const repository: JointAccountRepository = {
    async createHousehold(input) {
      const household = { id: input.id ?? `hh_${randomUUID()}`, name: input.name };
      await session.query().insertInto('households').values(household).execute();
      return household;
    },
    listHouseholds() {
      return session.query().selectFrom('households').select(['id', 'name']).orderBy('name').execute();
    },
    async get(id) {
      const row = await session
        .query()
        .selectFrom('households')
        .select(['id', 'name', 'password_hash', 'billing_code'])
        .where('id', '=', id)
        .where('joint', '=', 1)
        .executeTakeFirst();
      if (!row) return undefined;
      // Linked in this order: a household's accounts are always linked together (created, or set anew).
      const accounts = await session
        .query()
        .selectFrom('household_accounts')
        .select(['directory', 'account_id', 'holder_name', 'via'])
        .where('household_id', '=', id)
        .orderBy('linked_order')
        .execute();
      return {
        id: row.id,
        name: row.name,
        passwordHash: row.password_hash,
        billingCode: row.billing_code,
        accounts: accounts.map((a) => ({
          directory: a.directory,
          accountId: a.account_id,
          holderName: a.holder_name,
          via: a.via,
        })),
      };
    },
    async findOf(directory, accountId) {
      const row = await session
        .query()
        .selectFrom('household_accounts')
        .select('household_id')
        .where('directory', '=', directory)
        .where('account_id', '=', accountId)
        .executeTakeFirst();
      return row?.household_id;
    },
    create(input) {
      return session.transaction(async () => {
        await session
          .query()
          .insertInto('households')
          .values({
            id: input.id,
            name: input.name,
            password_hash: input.passwordHash,
            billing_code: input.billingCode,
            created_at: Date.now(),
            joint: 1,
          })
          .execute();
        await linkAccounts(input.id, input.accounts);
        await takeIn(input.id, input.devices);
        return (await repository.get(input.id))!;
      });
    },
    setLogin(id, login) {
      return session.transaction(async () => {
        await session
          .query()
          .updateTable('households')
          .set((eb) => ({
            password_hash: login.passwordHash,
            billing_code: login.billingCode,
            created_at: eb.fn.coalesce('created_at', eb.val(Date.now())),
          }))
          .where('id', '=', id)
          .execute();
        await session.query().deleteFrom('household_accounts').where('household_id', '=', id).execute();
        await linkAccounts(id, login.accounts);
      });
    },
    link(id, account, incoming) {
      return session.transaction(async () => {
        await linkAccounts(id, [account]);
        await takeIn(id, incoming);
      });
    },
    unlink(id, account, deviceIds) {
      return session.transaction(async () => {
        await session
          .query()
          .deleteFrom('household_accounts')
          .where('household_id', '=', id)
          .where('directory', '=', account.directory)
          .where('account_id', '=', account.accountId)
          .execute();
        for (const deviceId of deviceIds) {
          // The same place of its own a device of no joint account has (DeviceRepository.createUnjoined).
          const own = `own_${deviceId}`;
          await session
            .query()
            .insertInto('households')
            .values({ id: own, name: deviceId, joint: 0 })
            .onConflict((oc) => oc.column('id').doNothing())
            .execute();
          await session
            .query()
            .updateTable('devices')
            .set({ household_id: own })
            .where('id', '=', deviceId)
            .where('household_id', '=', id)
            .execute();
        }
      });
    },
  };
  return repository;
}
