import { createHash, randomBytes } from 'node:crypto';
import type { Device } from './device-repository.ts';
import type { Database } from '../store/database.ts';

type TokenStore = Pick<Database, 'tokens' | 'devices' | 'transaction' | 'afterCommit'>;

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

/** A token nobody has used for this long stops working (the device enrolls again). */
export const TOKEN_IDLE_EXPIRY_MS = 90 * 24 * 3600_000;
/**
 * Last-seen times are written at most this often per token: every request checks the token, but a write per
 * request would put the database on every path for a figure the devices page shows to the minute.
 */
const TOUCH_EVERY_MS = 60_000;

export type TokenCheck =
  { status: 'valid'; device: Device } | { status: 'revoked'; device: Device } | { status: 'unknown' };

export class DeviceTokens {
  private readonly store: TokenStore;
  private readonly now: () => number;
  private readonly revokedListeners = new Set<(deviceId: string) => void>();
  private purgedAt = -Infinity;

  constructor(store: TokenStore, options: { now?: () => number } = {}) {
    this.store = store;
    this.now = options.now ?? Date.now;
  }

  /**
   * Adds a token for a device alongside any it has. Enrollment uses {@link replace}; this is for tests and tools
   * that hold several connections of one device.
   */
  async issue(deviceId: string): Promise<string> {
    const token = generateToken();
    await this.store.tokens.add(deviceId, hashToken(token), this.now());
    return token;
  }

  /** Enrolling again: every earlier token of the device stops working (and its socket closes); one new token. */
  replace(deviceId: string): Promise<string> {
    return this.store.transaction(async () => {
      await this.revoke(deviceId);
      return this.issue(deviceId);
    });
  }

  /**
   * What a token is: valid (its device), revoked (the device was removed or enrolled again: it must enroll), or
   * unknown (never issued, expired, or forgotten). Checked on every request and every connection; an idle token
   * past its 90 days is deleted here.
   */
  async check(token: string): Promise<TokenCheck> {
    const hash = hashToken(token);
    const found = await this.store.tokens.find(hash);
    if (!found) return { status: 'unknown' };
    if (found.revokedAt !== null) return { status: 'revoked', device: found.device };
    const now = this.now();
    if (now - found.lastSeenAt > TOKEN_IDLE_EXPIRY_MS) {
      await this.store.tokens.delete(hash);
      return { status: 'unknown' };
    }
    if (now - found.lastSeenAt >= TOUCH_EVERY_MS) {
      await this.store.transaction(async () => {
        await this.store.tokens.touch(hash, now);
        await this.store.devices.touch(found.device.id, now);
      });
    }
    return { status: 'valid', device: found.device };
  }

  /** The device a valid token belongs to; undefined for a revoked, expired or unknown one. */
  async verify(token: string): Promise<Device | undefined> {
    const checked = await this.check(token);
    return checked.status === 'valid' ? checked.device : undefined;
  }

  /**
   * Revokes every token of a device; listeners (the push gateway) close its socket at once. Revoked tokens are
   * remembered for 90 days, so a device that was off when it was removed is told so when it comes back.
   */
  async revoke(deviceId: string): Promise<number> {
    const now = this.now();
    const revoked = await this.store.tokens.revokeAll(deviceId, now);
    if (now - this.purgedAt > 3600_000) {
      this.purgedAt = now;
      await this.store.tokens.purgeRevoked(now - TOKEN_IDLE_EXPIRY_MS);
    }
    // Sockets close only once the revocation is committed: a rolled-back one must not sign a device out.
    this.store.afterCommit(() => {
      for (const listener of this.revokedListeners) listener(deviceId);
    });
    return revoked;
  }

  /** Told of every revocation, with the device id. Returns the function that stops it. */
  onRevoked(listener: (deviceId: string) => void): () => void {
    this.revokedListeners.add(listener);
    return () => this.revokedListeners.delete(listener);
  }
}
