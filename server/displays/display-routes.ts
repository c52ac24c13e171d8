import { Hono } from 'hono';
import { ErrorCode, DisplayReport, type DisplayView } from '../../protocol/index.ts';
import { ApiError } from '../http/api-error.ts';
import { requireDevice, type DeviceEnv } from '../http/device-auth.ts';
import { limitBody, readJson } from '../http/respond.ts';
import type { DeviceTokens } from '../identity/tokens.ts';
import type { DeferredAlerts } from './deferred-alerts.ts';
import type { DisplayStates } from './display-states.ts';

/**
 * A set-top box's own display (`/api/displays/me`): it reports the channel it shows, and the viewer asks for quiet
 * until the programme ends (or ends the quiet early, which releases what waited). Set-top boxes only.
 */
export function displayRoutes(
  displays: DisplayStates,
  held: DeferredAlerts,
  tokens: DeviceTokens,
): Hono<DeviceEnv> {
  const app = new Hono<DeviceEnv>({ strict: false });
  app.use(requireDevice(tokens));
  app.use(async (c, next) => {
    if (c.var.device.kind !== 'stb')
      throw new ApiError(ErrorCode.Forbidden, 'only a set-top box has a display');
    await next();
  });

  app.put('/me', limitBody(512), async (c) => {
    const body = await readJson(c, DisplayReport);
    if (!body.ok) return body.response;
    if (await displays.report(c.var.device.id, body.value.channel)) await held.release(c.var.device.id);
    return c.body(null, 204);
  });
  app.get('/me', async (c) => {
    const view: DisplayView = await displays.view(c.var.device.id);
    return c.json(view);
  });
  app.post('/me/quiet', async (c) => c.json(await displays.quietForProgramme(c.var.device.id)));
  app.delete('/me/quiet', async (c) => {
    await displays.endQuiet(c.var.device.id);
    return c.json({ released: await held.release(c.var.device.id) });
  });
  return app;
}
