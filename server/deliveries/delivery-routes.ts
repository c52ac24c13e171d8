import { Hono } from 'hono';
import { DeliveryReports } from '../../protocol/index.ts';
import { requireDevice, type DeviceEnv } from '../http/device-auth.ts';
import { limitBody, readJson } from '../http/respond.ts';
import type { DeviceTokens } from '../identity/tokens.ts';
import type { DeliveryOutcomes } from './delivery-outcomes.ts';

/** `POST /api/deliveries`: a device's outcome reports. */
export function deliveryRoutes(outcomes: DeliveryOutcomes, tokens: DeviceTokens): Hono<DeviceEnv> {
  const app = new Hono<DeviceEnv>({ strict: false });
  app.use(requireDevice(tokens));
  app.post('/', limitBody(16 * 1024), async (c) => {
    const body = await readJson(c, DeliveryReports);
    if (!body.ok) return body.response;
    return c.json(await outcomes.report(c.var.device, body.value.reports), 202);
  });
  return app;
}
