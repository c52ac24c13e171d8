import {
  ErrorCode,
  type DeviceRename,
  type HouseholdDevice,
  type PolicyConfig,
} from '../../protocol/index.ts';
import { ApiError } from '../http/api-error.ts';
import { TOKEN_IDLE_EXPIRY_MS, type DeviceTokens } from '../identity/tokens.ts';
import type { Device, Store } from '../store/store.ts';

/**
 * A household's devices page: every phone and TV with what it said when it enrolled, when it was last heard
 * from and whether it is online; Rename, and Remove, which revokes its tokens at once (its socket closes). A
 * screen the household added itself is removed for good, with the rules that named it; a phone line or a box
 * of a linked account stays listed, not enrolled, and comes back only when the household approves it again (a code)
 * or, for a phone, when it signs in with its line's password — never by its operator identity or in bulk.
 */
export class HouseholdDevices {
  private readonly store: Store;
  private readonly tokens: DeviceTokens;
  private readonly isOnline: (deviceId: string) => boolean;
  private readonly reconfigure: (householdId: string, config: PolicyConfig) => void;
  private readonly now: () => number;

  constructor(deps: {
    store: Store;
    tokens: DeviceTokens;
    isOnline: (deviceId: string) => boolean;
    /** Registers a household's changed rules with every router (provisioning's). */
    reconfigure: (householdId: string, config: PolicyConfig) => void;
    now?: () => number;
  }) {
    this.store = deps.store;
    this.tokens = deps.tokens;
    this.isOnline = deps.isOnline;
    this.reconfigure = deps.reconfigure;
    this.now = deps.now ?? Date.now;
  }

  list(householdId: string): HouseholdDevice[] {
    return this.store.listDevices(householdId).map((d) => this.view(d));
  }

  view(device: Device): HouseholdDevice {
    const enrollment = this.store.getDeviceEnrollment(device.id);
    const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());
    const enrolled = this.store.hasDeviceToken(device.id, this.now() - TOKEN_IDLE_EXPIRY_MS);
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
      online: this.isOnline(device.id),
    };
  }

  rename(householdId: string, deviceId: string, change: DeviceRename): HouseholdDevice {
    const device = this.owned(householdId, deviceId);
    if (change.room !== undefined && device.kind !== 'stb') {
      throw new ApiError(422, ErrorCode.DeviceNotOwned, 'only a TV has a room', { field: 'room' });
    }
    this.store.renameDevice(device.id, change);
    return this.view(this.store.getDevice(device.id)!);
  }

  remove(householdId: string, deviceId: string): void {
    const device = this.owned(householdId, deviceId);
    this.store.transaction(() => {
      this.tokens.revoke(device.id);
      // An approval not yet collected would bring it straight back.
      this.store.deleteEnrollmentCodesFor(device.id);
      if (this.store.getDeviceEnrollment(device.id)?.origin !== 'screen') {
        // A line or box of the accounts stays listed; it comes back only when the household approves it again.
        this.store.setDeviceHeld(device.id, this.now());
        return;
      }
      this.store.markDeviceRemoved(device.id, this.now());
      const config = this.store.getPolicy(householdId);
      if (!config) return;
      const privacy = Object.fromEntries(Object.entries(config.privacy).filter(([id]) => id !== device.id));
      this.reconfigure(householdId, {
        ...config,
        relationships: config.relationships.filter((r) => r.targetDeviceId !== device.id),
        privacy,
      });
    });
  }

  /** A device of this household, or a 404 that says nothing of other households' devices. */
  owned(householdId: string, deviceId: string): Device {
    const device = this.store.getDevice(deviceId);
    if (
      !device ||
      device.householdId !== householdId ||
      this.store.getDeviceEnrollment(deviceId)?.removedAt
    ) {
      throw new ApiError(404, ErrorCode.DeviceNotFound, 'no such device in this household');
    }
    return device;
  }
}
