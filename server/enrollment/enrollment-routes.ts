import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import {
  BoxEnrollment,
  DeviceRename,
  EnrollmentApproval,
  EnrollmentPoll,
  EnrollmentStart,
  ErrorCode,
  OperatorEnrollment,
  PhoneEnrollment,
  UserCode,
  type EnrollmentApproved,
  type EnrollmentConfig,
  type HouseholdDeviceList,
} from '../../protocol/index.ts';
import * as v from 'valibot';
import { ApiError } from '../http/api-error.ts';
import { clientAddress } from '../http/client-address.ts';
import { bearerToken, requireDevice, type DeviceEnv } from '../http/device-auth.ts';
import { limitBody, readJson } from '../http/respond.ts';
import type { DeviceTokens } from '../identity/tokens.ts';
import type { Database } from '../store/database.ts';
import type { EnrollmentService } from './enrollment-service.ts';
import type { HouseholdDevices } from './household-devices.ts';

/**
 * `/api/enroll`: a device with no token asks to join. `publicUrl` is where people reach the setup page; without
 * it, the origin the device reached us on.
 */
export function enrollRoutes(
  service: EnrollmentService,
  options: { publicUrl?: string | null; deviceAuthUrl?: string | null },
): Hono {
  const app = new Hono({ strict: false });
  const verificationUri = (c: Context) =>
    `${(options.publicUrl ?? new URL(c.req.url).origin).replace(/\/$/, '')}/account.html`;

  app.get('/config', (c) => {
    const config: EnrollmentConfig = {
      verificationUri: verificationUri(c),
      deviceAuthUrl: options.deviceAuthUrl ?? null,
    };
    return c.json(config);
  });
  app.post('/codes', limitBody(1024), async (c) => {
    const body = await readJson(c, EnrollmentStart);
    if (!body.ok) return body.response;
    return c.json(await service.startCode(body.value, verificationUri(c), clientAddress(c)), 201);
  });
  app.post('/token', limitBody(512), async (c) => {
    const body = await readJson(c, EnrollmentPoll);
    if (!body.ok) return body.response;
    return c.json(await service.poll(body.value.deviceCode));
  });
  app.post('/box', limitBody(8 * 1024), async (c) => {
    const body = await readJson(c, BoxEnrollment);
    if (!body.ok) return body.response;
    return c.json(await service.enrollBox(body.value), 201);
  });
  app.post('/phone', limitBody(2048), async (c) => {
    const body = await readJson(c, PhoneEnrollment);
    if (!body.ok) return body.response;
    return c.json(await service.enrollPhone(body.value), 201);
  });
  return app;
}

/**
 * `/api/joint-accounts/:id/…` for enrollment: approving a code and the devices page, with the setup page's
 * joint-account session. `householdOf` is provisioning's session check (401 expired, 403 another account's).
 */
export function jointAccountDeviceRoutes(
  service: EnrollmentService,
  devices: HouseholdDevices,
  householdOf: (sessionToken: string, jointAccountId: string) => Promise<string>,
): Hono {
  const app = new Hono({ strict: false });
  const household = (c: Context) =>
    householdOf(bearerToken(c.req.header('authorization')), c.req.param('id') ?? '');

  app.get('/:id/enrollments/:userCode', async (c) => {
    const householdId = await household(c);
    return c.json(await service.lookup(userCode(c), { source: clientAddress(c), householdId }));
  });
  app.post('/:id/enrollments', limitBody(1024), async (c) => {
    const householdId = await household(c);
    const body = await readJson(c, EnrollmentApproval);
    if (!body.ok) return body.response;
    const approved: EnrollmentApproved = {
      device: await service.approve(body.value, { source: clientAddress(c), householdId }),
    };
    return c.json(approved, 201);
  });
  app.post('/:id/enrollments/:userCode/deny', async (c) => {
    const householdId = await household(c);
    await service.deny(userCode(c), { source: clientAddress(c), householdId });
    return c.body(null, 204);
  });
  app.get('/:id/devices', async (c) => {
    const list: HouseholdDeviceList = { devices: await devices.list(await household(c)) };
    return c.json(list);
  });
  app.patch('/:id/devices/:deviceId', limitBody(1024), async (c) => {
    const householdId = await household(c);
    const body = await readJson(c, DeviceRename);
    if (!body.ok) return body.response;
    return c.json(await devices.rename(householdId, c.req.param('deviceId'), body.value));
  });
  app.delete('/:id/devices/:deviceId', async (c) => {
    await devices.remove(await household(c), c.req.param('deviceId'));
    return c.body(null, 204);
  });
  return app;
}

/**
 * `/api/household`: an enrolled phone of a joint account approves a new device from the phone itself (and sees
 * the household's devices to say which it is).
 */
export function householdPhoneRoutes(
  service: EnrollmentService,
  devices: HouseholdDevices,
  tokens: DeviceTokens,
  store: Database,
): Hono<DeviceEnv> {
  const app = new Hono<DeviceEnv>({ strict: false });
  app.use(requireDevice(tokens));
  app.use(async (c, next) => {
    const phone = c.var.device;
    if (phone.kind !== 'phone' || !(await store.accounts.get(phone.householdId))) {
      throw new ApiError(ErrorCode.Forbidden, 'only a phone of a joint account can add devices to it');
    }
    await next();
  });
  const guesser = (c: Context<DeviceEnv>) => ({
    source: clientAddress(c),
    householdId: c.var.device.householdId,
  });

  app.get('/devices', async (c) => {
    const list: HouseholdDeviceList = { devices: await devices.list(c.var.device.householdId) };
    return c.json(list);
  });
  app.get('/enrollments/:userCode', async (c) => c.json(await service.lookup(userCode(c), guesser(c))));
  app.post('/enrollments', limitBody(1024), async (c) => {
    const body = await readJson(c, EnrollmentApproval);
    if (!body.ok) return body.response;
    const approved: EnrollmentApproved = {
      device: await service.approve(body.value, guesser(c), { displaysOnly: true }),
    };
    return c.json(approved, 201);
  });
  app.post('/enrollments/:userCode/deny', async (c) => {
    await service.deny(userCode(c), guesser(c));
    return c.body(null, 204);
  });
  return app;
}

/** `/api/operator`: what an operator's provisioning system calls, with the operator key (never a device's token). */
export function operatorRoutes(service: EnrollmentService, operatorKey: string | null | undefined): Hono {
  const app = new Hono({ strict: false });
  const expected = operatorKey ? digest(operatorKey) : null;
  app.use(async (c, next) => {
    const given = bearerToken(c.req.header('authorization'));
    if (!expected || !given || !timingSafeEqual(digest(given), expected)) {
      throw new ApiError(ErrorCode.OperatorKeyInvalid, 'the operator key is missing or wrong');
    }
    await next();
  });
  app.post('/enrollments', limitBody(128 * 1024), async (c) => {
    const body = await readJson(c, OperatorEnrollment);
    if (!body.ok) return body.response;
    return c.json(await service.enrollForOperator(body.value.cableAccountIds), 201);
  });
  return app;
}

/** The user code in the path, normalised; a malformed one is a wrong guess like any other. */
function userCode(c: Context): string {
  const parsed = v.safeParse(UserCode, c.req.param('userCode') ?? '');
  return parsed.success ? parsed.output : '-';
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
