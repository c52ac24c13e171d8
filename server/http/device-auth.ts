import type { MiddlewareHandler } from 'hono';
import { ErrorCode } from '../../protocol/index.ts';
import type { DeviceTokens } from '../identity/tokens.ts';
import type { Device } from '../identity/device-repository.ts';
import { logContext } from '../log-context.ts';
import { ApiError } from './api-error.ts';

export type DeviceEnv = { Variables: { device: Device } };

/** Every device route: `Authorization: Bearer <device token>`, checked on every request; the device is `c.var.device`. */
export function requireDevice(tokens: Pick<DeviceTokens, 'check'>): MiddlewareHandler<DeviceEnv> {
  return async (c, next) => {
    c.set('device', await deviceOf(tokens, c.req.header('authorization') ?? ''));
    await next();
  };
}

/**
 * The device an `Authorization` header names, or a refusal (AUTH_REVOKED, AUTH_INVALID_DEVICE); for a route where
 * the token is optional (the audio, which an `<audio>` element asks for without one), read only when sent.
 */
export async function deviceOf(tokens: Pick<DeviceTokens, 'check'>, header: string): Promise<Device> {
  const checked = header.startsWith('Bearer ')
    ? await tokens.check(header.slice(7))
    : { status: 'unknown' as const };
  if (checked.status === 'revoked') {
    throw new ApiError(ErrorCode.AuthRevoked, 'this device was removed from its household: enroll it again');
  }
  if (checked.status !== 'valid')
    throw new ApiError(ErrorCode.AuthInvalidDevice, 'a device token is required');
  // The request's log lines now say whose device it is.
  logContext.add({ deviceId: checked.device.id, householdId: checked.device.householdId });
  return checked.device;
}

/** The bearer token of a request, or '' (web sessions use the same header as devices). */
export function bearerToken(header: string | undefined): string {
  return header?.startsWith('Bearer ') ? header.slice(7) : '';
}
