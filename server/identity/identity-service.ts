import { randomBytes } from 'node:crypto';
import {
  ErrorCode,
  type PresenceCommand,
  type DeviceProfile,
  type PendingRequestList,
  type PresenceStatus,
  type ProfileList,
} from '../../protocol/index.ts';
import { ApiError } from '../http/api-error.ts';
import type { Publisher } from '../push/publisher.ts';
import type { Device } from './device-repository.ts';
import type { Database } from '../store/database.ts';
import type { StoredProfile } from './profile-repository.ts';

/**
 * Our identity service. A device registers what it can do with a presence command (its device token, issued when
 * it was paired and kept only as a hash, says who it is) and gets its profile: an opaque identifier plus capability
 * attributes. Devices see the profiles of their own household only, and a proxy's profile (one that can send SMS)
 * only once that proxy has put them on its master list. A device may ask the household's proxies for that; each
 * proxy is told, and answers by sending its master list again.
 */
export class IdentityService {
  private readonly store: Pick<Database, 'devices' | 'profiles' | 'transaction'>;
  private readonly gateway: Publisher;
  private readonly now: () => number;

  constructor(deps: {
    store: Pick<Database, 'devices' | 'profiles' | 'transaction'>;
    gateway: Publisher;
    now?: () => number;
  }) {
    this.store = deps.store;
    this.gateway = deps.gateway;
    this.now = deps.now ?? Date.now;
  }

  async presence(device: Device, command: PresenceCommand): Promise<PresenceStatus> {
    const household = await this.store.devices.list(device.householdId);
    const authorized = command.authorized ?? [];
    if (authorized.length > 0 && !command.capabilities.includes('sms')) {
      // A device of the wrong kind for a master list: nothing to lend, so a 422 on the field, not a 403.
      throw new ApiError(ErrorCode.DeviceNotOwned, 'only a device that can send SMS authorizes others', {
        field: 'authorized',
      });
    }
    for (const [i, entry] of authorized.entries()) {
      const target = await this.store.profiles.find(entry.profileId);
      if (!target || target.deviceId === device.id || !household.some((d) => d.id === target.deviceId)) {
        throw new ApiError(ErrorCode.DeviceNotOwned, 'that device is not another device of this household', {
          field: `authorized.${i}.profileId`,
        });
      }
    }
    const before = await this.store.profiles.get(device.id);
    const profile: StoredProfile = {
      deviceId: device.id,
      profileId: before?.profileId ?? `prf_${randomBytes(12).toString('base64url')}`,
      capabilities: command.capabilities,
      authorized,
    };
    await this.store.transaction(async () => {
      await this.store.profiles.set(profile);
      // Everyone whose grant changed reads the profiles again, and their requests to this proxy are answered.
      const grants = (p: StoredProfile | undefined) =>
        new Map((p?.authorized ?? []).map((a) => [a.profileId, a.scopes.join()]));
      const old = grants(before);
      const now = grants(profile);
      for (const profileId of new Set([...old.keys(), ...now.keys()])) {
        if (old.get(profileId) === now.get(profileId)) continue;
        const target = await this.store.profiles.find(profileId);
        if (!target) continue;
        await this.store.profiles.clearCapabilityRequest(target.deviceId, device.id);
        await this.gateway.publish(
          target.deviceId,
          'profiles.changed',
          `profiles.changed:${profile.profileId}:${this.now()}`,
          {},
        );
      }
    });
    return { status: 'ok', profile: this.view(device, profile, null) };
  }

  /** The other devices of the household; a proxy only if it authorized the one asking. */
  async profiles(device: Device): Promise<ProfileList> {
    const mine = await this.store.profiles.get(device.id);
    const profiles: DeviceProfile[] = [];
    for (const d of await this.store.devices.list(device.householdId)) {
      const profile = d.id === device.id ? undefined : await this.store.profiles.get(d.id);
      if (!profile) continue;
      if (!profile.capabilities.includes('sms')) {
        profiles.push(this.view(d, profile, null));
        continue;
      }
      const grant = mine && profile.authorized.find((a) => a.profileId === mine.profileId);
      if (grant) profiles.push(this.view(d, profile, grant.scopes));
    }
    return { profiles };
  }

  /**
   * Asks every proxy of the household that does not let this device send yet — also one that gave it copies only,
   * since sending is what the device asks for. Returns how many were asked.
   */
  async requestSms(device: Device): Promise<number> {
    const mine = await this.store.profiles.get(device.id);
    if (!mine) throw new ApiError(ErrorCode.ProvisioningOutOfOrder, 'send a presence command first');
    let asked = 0;
    for (const proxy of await this.store.devices.list(device.householdId)) {
      const profile = await this.store.profiles.get(proxy.id);
      if (proxy.id === device.id || !profile?.capabilities.includes('sms')) continue;
      const grant = profile.authorized.find((a) => a.profileId === mine.profileId);
      if (grant?.scopes.includes('send')) continue;
      await this.store.profiles.addCapabilityRequest(device.id, proxy.id, this.now());
      await this.gateway.publish(
        proxy.id,
        'capability.requested',
        `capability.requested:${mine.profileId}:${this.now()}`,
        {
          profileId: mine.profileId,
          name: device.name,
          capability: 'sms',
        },
      );
      asked++;
    }
    return asked;
  }

  /** The proxy says no ("none of it"): the request is gone, and the device asking reads the profiles again. */
  async decline(proxy: Device, profileId: string): Promise<void> {
    const requester = await this.store.profiles.find(profileId);
    const waiting = (await this.store.profiles.listCapabilityRequests(proxy.id)).some(
      (r) => r.requesterId === requester?.deviceId,
    );
    if (!requester || !waiting) throw new ApiError(ErrorCode.NotFound, 'no such request for this phone');
    await this.store.transaction(async () => {
      await this.store.profiles.clearCapabilityRequest(requester.deviceId, proxy.id);
      await this.gateway.publish(
        requester.deviceId,
        'profiles.changed',
        `profiles.changed:declined:${this.now()}`,
        {},
      );
    });
  }

  /** Requests waiting on this proxy's master list. */
  async pending(proxy: Device): Promise<PendingRequestList> {
    const requests: PendingRequestList['requests'] = [];
    for (const { requesterId, at } of await this.store.profiles.listCapabilityRequests(proxy.id)) {
      const device = await this.store.devices.get(requesterId);
      const profile = await this.store.profiles.get(requesterId);
      if (device && profile) {
        requests.push({
          profileId: profile.profileId,
          name: device.name,
          capability: 'sms',
          at: new Date(at).toISOString(),
        });
      }
    }
    return { requests };
  }

  private view(
    device: Device,
    profile: StoredProfile,
    granted: DeviceProfile['grantedToYou'] | null,
  ): DeviceProfile {
    return {
      profileId: profile.profileId,
      name: device.name,
      kind: device.kind,
      capabilities: profile.capabilities,
      ...(granted ? { grantedToYou: granted } : {}),
    };
  }
}
