import type { DeviceCredentials } from '../contract/index.ts';

/** Where an adapter keeps the paired device's credentials in its secure storage. */
export const CREDENTIALS_KEY = 'couchline.device';

/** The stored form of a device's credentials. */
export function credentialsValue(credentials: DeviceCredentials): string {
  return JSON.stringify({ deviceId: credentials.deviceId, token: credentials.token });
}

/** Credentials as stored by {@link credentialsValue}; null for nothing stored, or anything else (a damaged store). */
export function readCredentials(raw: string | null): DeviceCredentials | null {
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<DeviceCredentials> | null;
    return typeof parsed?.deviceId === 'string' && typeof parsed.token === 'string'
      ? { deviceId: parsed.deviceId, token: parsed.token }
      : null;
  } catch {
    return null;
  }
}
