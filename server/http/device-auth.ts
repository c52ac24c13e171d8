import type { MiddlewareHandler } from 'hono';
import { ErrorCode } from '../../protocol/index.ts';
import type { DeviceTokens } from '../identity/tokens.ts';
import type { Device } from '../store/store.ts';
import { ApiError } from './api-error.ts';

export type DeviceEnv = { Variables: { device: Device } };

/** Every device route: `Authorization: Bearer <device token>`, checked on every request; the device is `c.var.device`. */
export function requireDevice(tokens: DeviceTokens): MiddlewareHandler<DeviceEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const device = header.startsWith('Bearer ') ? tokens.verify(header.slice(7)) : undefined;
    if (!device) throw new ApiError(401, ErrorCode.AuthInvalidDevice, 'a device token is required');
    c.set('device', device);
    await next();
  };
}

/** The bearer token of a request, or '' (web sessions use the same header as devices). */
export function bearerToken(header: string | undefined): string {
  return header?.startsWith('Bearer ') ? header.slice(7) : '';
}
