import { createHash, randomBytes } from 'node:crypto';
import type { Device, Store } from '../store/store.ts';

/**
 * Device tokens: 256 random bits, shown once to the device and stored only as a SHA-256 hash.
 * A fast hash is right here (unlike PINs and passwords): the token has full entropy, so nothing can be guessed offline.
 */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export class DeviceTokens {
  private readonly store: Store;

  constructor(store: Store) {
    this.store = store;
  }

  /** Issues a new token for a device; earlier tokens stay valid (one per paired screen or app install). */
  issue(deviceId: string): string {
    const token = generateToken();
    this.store.addDeviceToken(deviceId, hashToken(token));
    return token;
  }

  /** The device a token belongs to, or undefined for an unknown or revoked token. */
  verify(token: string): Device | undefined {
    return this.store.findDeviceByTokenHash(hashToken(token));
  }
}
