import type { MockGateway } from '../../mocks/mock-gateway.ts';
import { freshDbName, waitFor } from '../../tests/helpers/wait.ts';
import { LAST_PHONE_KEY, phoneCredentialsKey, phoneProfileKey, phoneSimKey } from './phone-saved.ts';
import { proxyStateKey } from './sms-proxy-state.ts';
// Defines <phone-app>, which the helpers below create.
import './phone-app.ts';

/**
 * For the phone page's browser tests: opens the phone page as `deviceId` against the mock backend, as a fresh
 * install (no saved token, SIM, sign-in or proxy state, its own IndexedDB), and waits until it is on the push
 * channel (unless `connected` is false: a phone that must sign in first), on its own clock if `now` is given.
 * `remove()` closes it.
 */
export async function openPhonePage(
  gateway: MockGateway,
  deviceId: string,
  { connected = true, now }: { connected?: boolean; now?: () => number } = {},
) {
  forgetPhone(deviceId);
  const page = appendPhonePage(deviceId, now);
  if (connected) await waitFor(() => gateway.isConnected(deviceId), 'the phone on the channel');
  return { page, remove: () => page.remove() };
}

/** The phone page as `deviceId` against the mock backend, with its own IndexedDB and what localStorage keeps of it. */
export function appendPhonePage(deviceId: string, now?: () => number) {
  const page = document.createElement('phone-app');
  if (now) page.now = now;
  page.pushUrl = 'ws://couchline.test/push';
  page.apiUrl = window.location.origin;
  page.deviceId = deviceId;
  page.storageName = freshDbName();
  document.body.append(page);
  return page;
}

/** What the phone page keeps of `deviceId` in localStorage, gone (tests of every file share one origin). */
export function forgetPhone(deviceId: string): void {
  for (const key of [
    phoneCredentialsKey(deviceId),
    phoneSimKey(deviceId),
    phoneProfileKey(deviceId),
    proxyStateKey(deviceId),
  ]) {
    localStorage.removeItem(key);
  }
  if (localStorage.getItem(LAST_PHONE_KEY) === deviceId) localStorage.removeItem(LAST_PHONE_KEY);
}
