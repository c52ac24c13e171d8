import { Hono } from 'hono';
import { IncomingTextReport, SendTextRequest, TextStatusReport } from '../../protocol/index.ts';
import { requireDevice, type DeviceEnv } from '../http/device-auth.ts';
import { limitBody, readJson } from '../http/respond.ts';
import type { DeviceTokens } from '../identity/tokens.ts';
import type { TextRelay } from './text-relay.ts';

/** `/api/texts`: send through a proxy, read a text, and (the proxy) report on it. */
export function textRoutes(relay: TextRelay, tokens: DeviceTokens): Hono<DeviceEnv> {
  const app = new Hono<DeviceEnv>({ strict: false });
  app.use(requireDevice(tokens));
  app.post('/', limitBody(8 * 1024), async (c) => {
    const body = await readJson(c, SendTextRequest);
    if (!body.ok) return body.response;
    const { text, refused } = await relay.send(c.var.device, body.value);
    return c.json(text, refused ? 403 : 202);
  });
  app.post('/incoming', limitBody(8 * 1024), async (c) => {
    const body = await readJson(c, IncomingTextReport);
    if (!body.ok) return body.response;
    return c.json({ told: await relay.incoming(c.var.device, body.value) }, 202);
  });
  app.get('/:id', async (c) => c.json(await relay.get(c.var.device, c.req.param('id'))));
  app.post('/:id/status', limitBody(1024), async (c) => {
    const body = await readJson(c, TextStatusReport);
    if (!body.ok) return body.response;
    return c.json(await relay.report(c.var.device, c.req.param('id'), body.value));
  });
  return app;
}
