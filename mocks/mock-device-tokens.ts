import { noDeviceToken, revokedDevice, type Failure } from './refusals.ts';

/**
 * Device tokens for msw: which device a token belongs to — the demo's, the ones the mocked enrollment issued — and
 * the ones a test revoked (the household removed the device). The push gateway and every mocked device route look
 * tokens up here. When a token stops working is the backend's rule (server/identity); here, when a test says so.
 */
export class MockDeviceTokens {
  private readonly devices = new Map<string, string>();
  /** Tokens a test revoked: refused as the backend refuses them, AUTH_REVOKED rather than unknown. */
  private readonly revoked = new Set<string>();
  private issued = 0;

  /** @param seed token → device id, as the demo household's devices are paired. */
  constructor(seed: Readonly<Record<string, string>> = {}) {
    for (const [token, deviceId] of Object.entries(seed)) this.devices.set(token, deviceId);
  }

  /** The device a token belongs to; undefined for an unknown or revoked token. */
  deviceOf(token: string): string | undefined {
    return this.devices.get(token);
  }

  /** A fresh token for `deviceId`. */
  issue(deviceId: string): string {
    const token = `mock-enrolled-${deviceId}-${++this.issued}-${Math.random().toString(36).slice(2, 10)}`;
    this.devices.set(token, deviceId);
    return token;
  }

  /** Every token of `deviceId` stops working. */
  revoke(deviceId: string): void {
    for (const [token, device] of [...this.devices]) {
      if (device !== deviceId) continue;
      this.devices.delete(token);
      this.revoked.add(token);
    }
  }

  /** Whether `token` was a device's until a test revoked it. */
  isRevoked(token: string): boolean {
    return this.revoked.has(token);
  }

  /** How a device route refuses `token` (one `deviceOf` does not know): revoked, or no device token at all. */
  refusal(token: string): Failure {
    return this.isRevoked(token) ? revokedDevice() : noDeviceToken();
  }
}
