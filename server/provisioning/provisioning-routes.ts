import { Hono } from 'hono';
import {
  ConsentDecision,
  CreateJointAccount,
  DeliveryLogQuery,
  JointAccountLogin,
  ProvisioningLogin,
  SecondAccount,
  UpdateConfig,
  validate,
  type ConsentList,
} from '../../protocol/index.ts';
import { ApiError } from '../http/api-error.ts';
import { bearerToken, requireDevice, type DeviceEnv } from '../http/device-auth.ts';
import { limitBody, readJson } from '../http/respond.ts';
import type { DeviceTokens } from '../identity/tokens.ts';
import type { ProvisioningService } from './provisioning-service.ts';

/** Configurations are small; this bounds one with a few dozen relationships, windows and caller lists. */
const MAX_CONFIG_BYTES = 64 * 1024;

/**
 * The setup page's API. `/api/provisioning/*` are the steps of making a joint account (the session token from
 * step 1 as `Authorization: Bearer …`); `/api/joint-accounts/*` change it later (a joint-account session).
 */
export function provisioningRoutes(service: ProvisioningService): Hono {
  const app = new Hono({ strict: false });

  app.post('/provisioning/login', limitBody(2048), async (c) => {
    const body = await readJson(c, ProvisioningLogin);
    if (!body.ok) return body.response;
    return c.json(await service.login(body.value), 201);
  });
  app.post('/provisioning/joint-account-request', async (c) =>
    c.json(await service.activate(bearerToken(c.req.header('authorization')))),
  );
  app.post('/provisioning/second-account', limitBody(2048), async (c) => {
    const body = await readJson(c, SecondAccount);
    if (!body.ok) return body.response;
    return c.json(await service.secondAccount(bearerToken(c.req.header('authorization')), body.value));
  });
  app.get('/provisioning/state', async (c) =>
    c.json(await service.state(bearerToken(c.req.header('authorization')))),
  );
  app.get('/provisioning/devices', async (c) =>
    c.json(await service.offer(bearerToken(c.req.header('authorization')))),
  );
  app.post('/provisioning/joint-account', limitBody(MAX_CONFIG_BYTES), async (c) => {
    const body = await readJson(c, CreateJointAccount);
    if (!body.ok) return body.response;
    return c.json(await service.create(bearerToken(c.req.header('authorization')), body.value), 201);
  });

  app.post('/joint-accounts/login', limitBody(2048), async (c) => {
    const body = await readJson(c, JointAccountLogin);
    if (!body.ok) return body.response;
    return c.json(await service.jointLogin(body.value));
  });
  app.post('/joint-accounts/logout', async (c) => {
    await service.logout(bearerToken(c.req.header('authorization')));
    return c.body(null, 204);
  });
  app.get('/joint-accounts/:id', async (c) =>
    c.json(await service.account(bearerToken(c.req.header('authorization')), c.req.param('id'))),
  );
  app.put('/joint-accounts/:id/config', limitBody(MAX_CONFIG_BYTES), async (c) => {
    const body = await readJson(c, UpdateConfig);
    if (!body.ok) return body.response;
    return c.json(
      await service.update(bearerToken(c.req.header('authorization')), c.req.param('id'), body.value.config),
    );
  });
  app.get('/joint-accounts/:id/delivery-log', async (c) => {
    const query = validate(DeliveryLogQuery, c.req.query());
    if (!query.ok) throw new ApiError(query.code, query.message, query.field ? { field: query.field } : {});
    return c.json(
      await service.deliveryLog(bearerToken(c.req.header('authorization')), c.req.param('id'), query.value),
    );
  });
  return app;
}

/** The line holder's side (`/api/consents`): their phone lists the requests for its line and answers them. */
export function consentRoutes(service: ProvisioningService, tokens: DeviceTokens): Hono<DeviceEnv> {
  const app = new Hono<DeviceEnv>({ strict: false });
  app.use(requireDevice(tokens));
  app.get('/', async (c) => {
    const list: ConsentList = { consents: await service.pendingConsents(c.var.device) };
    return c.json(list);
  });
  app.post('/:id/decision', limitBody(256), async (c) => {
    const body = await readJson(c, ConsentDecision);
    if (!body.ok) return body.response;
    return c.json(await service.decideConsent(c.var.device, c.req.param('id'), body.value.approve));
  });
  return app;
}
