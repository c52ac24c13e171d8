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
import type { Device, Store, StoredProfile } from '../store/store.ts';

/**
 * Our identity service. A device registers what it can do with a presence command (its device token, issued when
 * it was paired and kept only as a hash, says who it is) and gets its profile: an opaque identifier plus capability
 * attributes. Devices see the profiles of their own household only, and a proxy's profile (one that can send SMS)
 * only once that proxy has put them on its master list. A device may ask the household's proxies for that; each
 * proxy is told, and answers by sending its master list again.
 */
export class IdentityService {
  private readonly store: Store;
  private readonly gateway: Publisher;
  private readonly now: () => number;

  constructor(deps: { store: Store; gateway: Publisher; now?: () => number }) {
    this.store = deps.store;
    this.gateway = deps.gateway;
    this.now = deps.now ?? Date.now;
  }

  presence(device: Device, command: PresenceCommand): PresenceStatus {
    const household = this.store.listDevices(device.householdId);
    const authorized = command.authorized ?? [];
    if (authorized.length > 0 && !command.capabilities.includes('sms')) {
      throw new ApiError(422, ErrorCode.Forbidden, 'only a device that can send SMS authorizes others', {
        field: 'authorized',
      });
    }
    authorized.forEach((entry, i) => {
      const target = this.store.findProfile(entry.profileId);
      if (!target || target.deviceId === device.id || !household.some((d) => d.id === target.deviceId)) {
        throw new ApiError(
          422,
          ErrorCode.DeviceNotOwned,
          'that device is not another device of this household',
          {
            field: `authorized.${i}.profileId`,
          },
        );
      }
    });
    const before = this.store.getProfile(device.id);
    const profile: StoredProfile = {
      deviceId: device.id,
      profileId: before?.profileId ?? `prf_${randomBytes(12).toString('base64url')}`,
      capabilities: command.capabilities,
      authorized,
    };
    this.store.transaction(() => {
      this.store.setProfile(profile);
      // Everyone whose grant changed reads the profiles again, and their requests to this proxy are answered.
      const grants = (p: StoredProfile | undefined) =>
        new Map((p?.authorized ?? []).map((a) => [a.profileId, a.scopes.join()]));
      const old = grants(before);
      const now = grants(profile);
      for (const profileId of new Set([...old.keys(), ...now.keys()])) {
        if (old.get(profileId) === now.get(profileId)) continue;
        const target = this.store.findProfile(profileId);
        if (!target) continue;
        this.store.clearCapabilityRequest(target.deviceId, device.id);
        this.gateway.publish(
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
  profiles(device: Device): ProfileList {
    const mine = this.store.getProfile(device.id);
    const profiles = this.store
      .listDevices(device.householdId)
      .filter((d) => d.id !== device.id)
      .flatMap((d) => {
        const profile = this.store.getProfile(d.id);
        if (!profile) return [];
        if (!profile.capabilities.includes('sms')) return [this.view(d, profile, null)];
        const grant = mine && profile.authorized.find((a) => a.profileId === mine.profileId);
        return grant ? [this.view(d, profile, grant.scopes)] : [];
      });
    return { profiles };
  }

  /** Asks every proxy of the household that has not authorized this device yet. Returns how many were asked. */
  requestSms(device: Device): number {
    const mine = this.store.getProfile(device.id);
    if (!mine) throw new ApiError(409, ErrorCode.ProvisioningOutOfOrder, 'send a presence command first');
    let asked = 0;
    for (const proxy of this.store.listDevices(device.householdId)) {
      const profile = this.store.getProfile(proxy.id);
      if (proxy.id === device.id || !profile?.capabilities.includes('sms')) continue;
      if (profile.authorized.some((a) => a.profileId === mine.profileId)) continue;
      this.store.addCapabilityRequest(device.id, proxy.id, this.now());
      this.gateway.publish(
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
  decline(proxy: Device, profileId: string): void {
    const requester = this.store.findProfile(profileId);
    const waiting = this.store
      .listCapabilityRequests(proxy.id)
      .some((r) => r.requesterId === requester?.deviceId);
    if (!requester || !waiting) throw new ApiError(404, ErrorCode.NotFound, 'no such request for this phone');
    this.store.transaction(() => {
      this.store.clearCapabilityRequest(requester.deviceId, proxy.id);
      this.gateway.publish(
        requester.deviceId,
        'profiles.changed',
        `profiles.changed:declined:${this.now()}`,
        {},
      );
    });
  }

  /** Requests waiting on this proxy's master list. */
  pending(proxy: Device): PendingRequestList {
    return {
      requests: this.store.listCapabilityRequests(proxy.id).flatMap(({ requesterId, at }) => {
        const device = this.store.getDevice(requesterId);
        const profile = this.store.getProfile(requesterId);
        return device && profile
          ? [
              {
                profileId: profile.profileId,
                name: device.name,
                capability: 'sms' as const,
                at: new Date(at).toISOString(),
              },
            ]
          : [];
      }),
    };
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
