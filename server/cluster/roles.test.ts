import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, describe, test } from 'node:test';
import type { HouseholdDeviceList } from '../../protocol/index.ts';
import { startBackendProcess, type BackendProcess } from '../../scripts/cluster/backend-process.ts';
import { engineFromEnvironment } from '../../tests/helpers/backend/engines.ts';
import { TestDevice } from '../../tests/helpers/backend/harness.ts';
import { startRedis, type TestRedis } from '../../tests/helpers/backend/redis.ts';
import { TEST_WEBHOOK_SECRET } from '../../tests/helpers/backend/test-app.ts';
import { DeviceTokens } from '../identity/tokens.ts';
import { DEMO } from '../seed.ts';
import type { Database } from '../store/database.ts';
import type { DatabaseLocation } from '../store/database-location.ts';
import { signedWebhookHeaders } from '../voicemail/webhook-signature.ts';
import type { ReadinessAnswer } from './health-routes.ts';

const engine = engineFromEnvironment();
const STB = DEMO.devices.livingRoom.id;
const folders: string[] = [];
after(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** What every process of one deployment shares: the data folder (secrets), the database, Redis. */
async function deployment(redisUrl?: string) {
  const dataDir = mkdtempSync(join(tmpdir(), 'couchline-roles-'));
  folders.push(dataDir);
  const location: DatabaseLocation =
    engine.name === 'PostgreSQL'
      ? await engine.newLocation()
      : { engine: 'sqlite', file: join(dataDir, 'couchline.db') };
  const env = {
    COUCHLINE_DATA_DIR: dataDir,
    COUCHLINE_DATABASE_URL: location.engine === 'postgres' ? location.url : undefined,
    COUCHLINE_REDIS_URL: redisUrl,
    COUCHLINE_PORT: '0',
    COUCHLINE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    // Never called here: no test listens to a message.
    COUCHLINE_VOICEMAIL_SERVER_URL: 'http://127.0.0.1:9',
    COUCHLINE_LOG_LEVEL: 'warn',
  };
  return { location, env };
}

async function deposit(api: BackendProcess, messageId: string): Promise<Response> {
  const body = JSON.stringify({
    type: 'message.deposited',
    messageId,
    mailbox: DEMO.devices.maryPhone.phoneNumber,
    callerName: 'Jane',
    callerNumber: '5055551313',
    receivedAt: new Date().toISOString(),
    durationSec: 3,
    format: 'amr-nb',
  });
  return fetch(`${api.url}/hooks/voicemail`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signedWebhookHeaders(TEST_WEBHOOK_SECRET, body) },
    body,
  });
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const readyz = async (process: BackendProcess) => {
  const res = await fetch(`${process.url}/readyz`);
  return { status: res.status, body: (await res.json()) as ReadinessAnswer };
};

describe(`an API process and a gateway process (Redis, one ${engine.name} database)`, () => {
  const closers: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });
  const track = <T>(thing: T, close: (thing: T) => Promise<unknown>): T => {
    closers.push(() => close(thing));
    return thing;
  };

  async function cluster() {
    const redis: TestRedis = track(await startRedis(), (r) => r.stop());
    const { location, env } = await deployment(redis.url);
    // The API first: it migrates and makes the demo household the gateway then reads.
    const api = track(await startBackendProcess({ env: { ...env, COUCHLINE_ROLES: 'api' } }), (p) =>
      p.stop(),
    );
    const gateway = track(await startBackendProcess({ env: { ...env, COUCHLINE_ROLES: 'gateway' } }), (p) =>
      p.stop(),
    );
    const store: Database = track(await engine.open(location), (s) => s.close());
    const tokens = new DeviceTokens(store);
    return { redis, api, gateway, store, tokens, wsUrl: `${gateway.url.replace('http', 'ws')}/push` };
  }

  test('a device on the gateway process receives the voicemail deposited through the API process', async () => {
    const { api, gateway, tokens, wsUrl } = await cluster();
    assert.equal(api.role, 'api');
    assert.equal(gateway.role, 'gateway');
    const tv = track(await TestDevice.connect(wsUrl, await tokens.issue(STB)), (d) => d.close());
    const res = await deposit(api, 'msg-across');
    assert.equal(res.status, 202, await res.clone().text());
    assert.deepEqual(((await res.json()) as { recipients: string[] }).recipients.includes(STB), true);
    const event = await tv.next((f) => f.type === 'event', 5000);
    assert.equal(event.type === 'event' && event.name, 'voicemail.new');
    assert.equal(event.type === 'event' && event.id, 'voicemail.new:msg-across');
  });

  test('each process does its role only: the gateway serves no API, the API holds no socket', async () => {
    const { api, gateway } = await cluster();
    assert.equal((await deposit(gateway, 'msg-wrong-door')).status, 404);
    assert.equal((await fetch(`${gateway.url}/api/voicemail`)).status, 404);
    await assert.rejects(TestDevice.open(`${api.url.replace('http', 'ws')}/push`));
    for (const process of [api, gateway]) {
      const health = (await (await fetch(`${process.url}/healthz`)).json()) as { ok: boolean; role: string };
      assert.deepEqual([health.ok, health.role], [true, process.role]);
    }
  });

  test('the API process sees a device online while its socket is open on the gateway process, and offline after', async () => {
    const { api, tokens, wsUrl } = await cluster();
    const phone = await tokens.issue(DEMO.devices.maryPhone.id);
    const online = async () => {
      const res = await fetch(`${api.url}/api/household/devices`, {
        headers: { authorization: `Bearer ${phone}` },
      });
      assert.equal(res.status, 200);
      const list = (await res.json()) as HouseholdDeviceList;
      return list.devices.find((d) => d.id === STB)?.online;
    };
    assert.equal(await online(), false);
    const tv = await TestDevice.connect(wsUrl, await tokens.issue(STB));
    assert.equal(await until(online, (value) => value === true), true);
    await tv.close();
    assert.equal(await until(online, (value) => value === false), false);
  });

  test('/readyz: ready with the database and Redis reachable; 503 naming Redis while it is down; ready again after', async () => {
    const { redis, api, gateway } = await cluster();
    for (const process of [api, gateway]) {
      const { status, body } = await readyz(process);
      assert.equal(status, 200);
      assert.deepEqual(body, {
        ready: true,
        role: process.role,
        checks: { database: { ok: true }, redis: { ok: true } },
      });
    }
    await redis.kill();
    for (const process of [api, gateway]) {
      const { status, body } = await until(
        () => readyz(process),
        (r) => r.status === 503,
      );
      assert.equal(status, 503);
      assert.equal(body.ready, false);
      assert.equal(body.role, process.role);
      assert.deepEqual(body.checks.database, { ok: true });
      assert.equal(body.checks.redis?.ok, false);
    }
    await redis.restart();
    const back = await until(
      () => readyz(api),
      (r) => r.status === 200,
      15_000,
    );
    assert.equal(back.status, 200);
  });

  test('a wrong COUCHLINE_ROLES, or one role without Redis, stops the process with a message saying what is expected', async () => {
    const { env } = await deployment('redis://127.0.0.1:9');
    await assert.rejects(
      startBackendProcess({ env: { ...env, COUCHLINE_ROLES: 'api,sockets' } }),
      /Couchline cannot start: COUCHLINE_ROLES is api, gateway or api,gateway, not 'api,sockets' \(unknown: 'sockets'\)/,
    );
    await assert.rejects(
      startBackendProcess({ env: { ...env, COUCHLINE_ROLES: 'gateway', COUCHLINE_REDIS_URL: undefined } }),
      /COUCHLINE_ROLES=gateway needs COUCHLINE_REDIS_URL/,
    );
  });
});
