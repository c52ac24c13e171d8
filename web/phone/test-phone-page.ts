import type { MockGateway } from '../../mocks/mock-gateway.ts';
import { freshDbName, waitFor } from '../../tests/helpers/wait.ts';
import { phoneCredentialsKey, phoneSimKey } from './phone-app.ts';
import { proxyStateKey } from './sms-proxy.ts';

/**
 * For the phone page's browser tests: opens the phone page as `deviceId` against the mock backend, as a fresh install (no saved token, SIM or proxy
 * state, its own IndexedDB), and waits until it is on the push channel. `remove()` closes it.
 */
export async function openPhonePage(gateway: MockGateway, deviceId: string) {
  for (const key of [phoneCredentialsKey(deviceId), phoneSimKey(deviceId), proxyStateKey(deviceId)]) {
    localStorage.removeItem(key);
  }
  const page = document.createElement('phone-app');
  page.pushUrl = 'ws://couchline.test/push';
  page.apiUrl = window.location.origin;
  page.deviceId = deviceId;
  page.storageName = freshDbName();
  document.body.append(page);
  await waitFor(() => gateway.isConnected(deviceId), 'the phone on the channel');
  return { page, remove: () => page.remove() };
}
