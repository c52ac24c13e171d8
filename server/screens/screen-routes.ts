import { Hono } from 'hono';
import { ErrorCode, ScreenReport, type ScreenView } from '../../protocol/index.ts';
import { ApiError } from '../http/api-error.ts';
import { requireDevice, type DeviceEnv } from '../http/device-auth.ts';
import { limitBody, readJson } from '../http/respond.ts';
import type { DeviceTokens } from '../identity/tokens.ts';
import type { DeferredAlerts } from './deferred-alerts.ts';
import type { ScreenStates } from './screen-states.ts';

/**
 * A set-top box's own screen (`/api/screens/me`): it reports the channel it shows, and the viewer asks for quiet
 * until the programme ends (or ends the quiet early, which releases what waited). Set-top boxes only.
 */
export function screenRoutes(
  screens: ScreenStates,
  held: DeferredAlerts,
  tokens: DeviceTokens,
): Hono<DeviceEnv> {
  const app = new Hono<DeviceEnv>({ strict: false });
  app.use(requireDevice(tokens));
  app.use(async (c, next) => {
    if (c.var.device.kind !== 'stb')
      throw new ApiError(ErrorCode.Forbidden, 'only a set-top box has a screen');
    await next();
  });

  app.put('/me', limitBody(512), async (c) => {
    const body = await readJson(c, ScreenReport);
    if (!body.ok) return body.response;
    if (screens.report(c.var.device.id, body.value.channel)) await held.release(c.var.device.id);
    return c.body(null, 204);
  });
  app.get('/me', async (c) => {
    const view: ScreenView = await screens.view(c.var.device.id);
    return c.json(view);
  });
  app.post('/me/quiet', async (c) => c.json(await screens.quietForProgramme(c.var.device.id)));
  app.delete('/me/quiet', async (c) => {
    screens.endQuiet(c.var.device.id);
    return c.json({ released: await held.release(c.var.device.id) });
  });
  return app;
}
