import type { DeviceSummary } from '../../protocol/index.ts';
import type { Sim } from './sms-network.ts';

// What the phone page keeps of each phone in localStorage (the page stands in for a phone's own storage): its device
// token, its SIM, who it is, and which phone the page was last. The inbox and the push cursor are in IndexedDB
// (phone-db.ts); the SMS proxy's state has its own key (sms-proxy-state.ts).

/** Where this page keeps each phone's device token (its own key: the TV app's are the emulator's business). */
export function phoneCredentialsKey(deviceId: string): string {
  return `couchline.phone.credentials.${deviceId}`;
}

/** Where this page keeps each phone's SIM (the SMS network's address and the line's key). */
export function phoneSimKey(deviceId: string): string {
  return `couchline.phone.sim.${deviceId}`;
}

/**
 * Where this page keeps who a phone is once it signed in (or was removed): its name and number, for the header and
 * to pre-fill the sign-in. `removed` is set when its household removed it.
 */
export function phoneProfileKey(deviceId: string): string {
  return `couchline.phone.profile.${deviceId}`;
}

/** The phone that last signed in on this page: opened without `?device=`, the page is that phone again. */
export const LAST_PHONE_KEY = 'couchline.phone.last';

/** Who a phone is, as the page keeps it once it signed in; `removed` once its household removed it. */
export type SavedProfile = DeviceSummary & { removed?: boolean };

/** The device token this page saved for `deviceId`, or null. */
export function savedToken(deviceId: string): string | null {
  return localStorage.getItem(phoneCredentialsKey(deviceId));
}

/** Keeps a phone's device token and its SIM; without a SIM, an older one goes. */
export function saveCredentials(deviceId: string, token: string, sim: Sim | undefined): void {
  localStorage.setItem(phoneCredentialsKey(deviceId), token);
  if (sim) localStorage.setItem(phoneSimKey(deviceId), JSON.stringify(sim));
  else localStorage.removeItem(phoneSimKey(deviceId));
}

export function saveProfile(profile: SavedProfile): void {
  localStorage.setItem(phoneProfileKey(profile.id), JSON.stringify(profile));
}

/** Who `deviceId` is, as this page saved it when it signed in (or was removed); null if it never did. */
export function savedProfile(deviceId: string): SavedProfile | null {
  try {
    const profile = JSON.parse(
      localStorage.getItem(phoneProfileKey(deviceId)) ?? 'null',
    ) as SavedProfile | null;
    return profile && profile.id === deviceId && typeof profile.name === 'string' ? profile : null;
  } catch {
    return null;
  }
}

/** The token and the SIM go; who the phone was stays, to pre-fill its sign-in. */
export function forgetToken(deviceId: string): void {
  localStorage.removeItem(phoneCredentialsKey(deviceId));
  localStorage.removeItem(phoneSimKey(deviceId));
}

/** The SIM this page saved for `deviceId`, or null (none, or unreadable). */
export function savedSim(deviceId: string): Sim | null {
  try {
    const sim = JSON.parse(localStorage.getItem(phoneSimKey(deviceId)) ?? 'null') as Sim | null;
    return sim && typeof sim.networkUrl === 'string' && typeof sim.key === 'string' ? sim : null;
  } catch {
    return null;
  }
}
