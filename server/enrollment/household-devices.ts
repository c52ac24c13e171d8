import {
  ErrorCode,
  type DeviceRename,
  type HouseholdDevice,
  type PolicyConfig,
} from '../../protocol/index.ts';
import { ApiError } from '../http/api-error.ts';
import { TOKEN_IDLE_EXPIRY_MS, type DeviceTokens } from '../identity/tokens.ts';
import type { Device } from '../identity/device-repository.ts';
import type { Database } from '../store/database.ts';

/**
 * A household's devices page: every phone and TV with what it said when it enrolled, when it was last heard
 * from and whether it is online; Rename, and Remove, which revokes its tokens at once (its socket closes). A
 * display the household added itself is removed for good, with the rules that named it; a phone line or a box
 * of a linked account stays listed, not enrolled, and comes back only when the household approves it again (a code)
 * or, for a phone, when it signs in with its line's password — never by its operator identity or in bulk.
 */
export class HouseholdDevices {
  private readonly store: Pick<
    Database,
    'devices' | 'enrollmentCodes' | 'policies' | 'tokens' | 'transaction'
  >;
  private readonly tokens: DeviceTokens;
  private readonly isOnline: (deviceId: string) => Promise<boolean>;
  private readonly reconfigure: (householdId: string, config: PolicyConfig) => Promise<void>;
  private readonly now: () => number;

  constructor(deps: {
    store: Pick<Database, 'devices' | 'enrollmentCodes' | 'policies' | 'tokens' | 'transaction'>;
    tokens: DeviceTokens;
    /** Asynchronous: past one process the socket is on another gateway, and presence is read from Redis. */
    isOnline: (deviceId: string) => Promise<boolean>;
    /** Registers a household's changed rules with every router (provisioning's). */
    reconfigure: (householdId: string, config: PolicyConfig) => Promise<void>;
    now?: () => number;
  }) {
    this.store = deps.store;
    this.tokens = deps.tokens;
    this.isOnline = deps.isOnline;
    this.reconfigure = deps.reconfigure;
    this.now = deps.now ?? Date.now;
  }

  async list(householdId: string): Promise<HouseholdDevice[]> {
    return Promise.all((await this.store.devices.list(householdId)).map((d) => this.view(d)));
  }

  async view(device: Device): Promise<HouseholdDevice> {
    const enrollment = await this.store.devices.enrollment(device.id);
    const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());
    const enrolled = await this.store.tokens.hasValid(device.id, this.now() - TOKEN_IDLE_EXPIRY_MS);
    return {
      id: device.id,
      kind: device.kind,
      name: device.name,
      room: device.room,
      phoneNumber: device.phoneNumber,
      ownerName: device.ownerName,
      platform: enrollment?.platform ?? null,
      model: enrollment?.model ?? null,
      appVersion: enrollment?.appVersion ?? null,
      enrolled,
      enrolledAt: enrolled ? iso(enrollment?.enrolledAt) : null,
      lastSeenAt: iso(enrollment?.lastSeenAt),
      online: await this.isOnline(device.id),
    };
  }

  async rename(householdId: string, deviceId: string, change: DeviceRename): Promise<HouseholdDevice> {
    const device = await this.owned(householdId, deviceId);
    if (change.room !== undefined && device.kind !== 'stb') {
      throw new ApiError(ErrorCode.DeviceNotOwned, 'only a TV has a room', { field: 'room' });
    }
    await this.store.devices.rename(device.id, change);
    return this.view((await this.store.devices.get(device.id)) ?? device);
  }

  async remove(householdId: string, deviceId: string): Promise<void> {
    const device = await this.owned(householdId, deviceId);
    await this.store.transaction(async () => {
      await this.tokens.revoke(device.id);
      // An approval not yet collected would bring it straight back.
      await this.store.enrollmentCodes.deleteFor(device.id);
      if ((await this.store.devices.enrollment(device.id))?.origin !== 'display') {
        // A line or box of the accounts stays listed; it comes back only when the household approves it again.
        await this.store.devices.setHeld(device.id, this.now());
        return;
      }
      await this.store.devices.markRemoved(device.id, this.now());
      const config = await this.store.policies.get(householdId);
      if (!config) return;
      const privacy = Object.fromEntries(Object.entries(config.privacy).filter(([id]) => id !== device.id));
      await this.reconfigure(householdId, {
        ...config,
        relationships: config.relationships.filter((r) => r.targetDeviceId !== device.id),
        privacy,
      });
    });
  }

  /** A device of this household, or a 404 that says nothing of other households' devices. */
  async owned(householdId: string, deviceId: string): Promise<Device> {
    const device = await this.store.devices.get(deviceId);
    if (
      !device ||
      device.householdId !== householdId ||
      (await this.store.devices.enrollment(deviceId))?.removedAt
    ) {
      throw new ApiError(ErrorCode.DeviceNotFound, 'no such device in this household');
    }
    return device;
  }
}
