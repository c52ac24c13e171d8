import { Hono } from 'hono';
import { CapabilityRequest, PresenceCommand } from '../../protocol/index.ts';
import { requireDevice, type DeviceEnv } from '../http/device-auth.ts';
import { limitBody, readJson } from '../http/respond.ts';
import type { DeviceTokens } from './tokens.ts';
import type { IdentityService } from './identity-service.ts';

/** `/api/identity`: presence, the household's profiles, and requests to use a proxy's SMS. */
export function identityRoutes(identity: IdentityService, tokens: DeviceTokens): Hono<DeviceEnv> {
  const app = new Hono<DeviceEnv>({ strict: false });
  app.use(requireDevice(tokens));
  app.put('/presence', limitBody(8 * 1024), async (c) => {
    const body = await readJson(c, PresenceCommand);
    if (!body.ok) return body.response;
    return c.json(await identity.presence(c.var.device, body.value));
  });
  app.get('/profiles', async (c) => c.json(await identity.profiles(c.var.device)));
  app.post('/requests', limitBody(256), async (c) => {
    const body = await readJson(c, CapabilityRequest);
    if (!body.ok) return body.response;
    return c.json({ askedProxies: await identity.requestSms(c.var.device) }, 202);
  });
  app.get('/requests', async (c) => c.json(await identity.pending(c.var.device)));
  app.delete('/requests/:profileId', async (c) => {
    await identity.decline(c.var.device, c.req.param('profileId'));
    return c.body(null, 204);
  });
  return app;
}
