import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import type { HouseholdDeviceList } from '../../protocol/index.ts';
import { startBackendProcess, type BackendProcess } from '../../scripts/cluster/backend-process.ts';
import { deployment, depositAt } from '../../tests/helpers/backend/deployment.ts';
import { engineFromEnvironment } from '../../tests/helpers/backend/engines.ts';
import { TestDevice } from '../../tests/helpers/backend/harness.ts';
import { startRedis, type TestRedis } from '../../tests/helpers/backend/redis.ts';
import { DeviceTokens } from '../identity/tokens.ts';
import { DEMO } from '../seed.ts';
import type { Database } from '../store/database.ts';
import type { ReadinessAnswer } from './health-routes.ts';

const engine = engineFromEnvironment();
const STB = DEMO.devices.livingRoom.id;
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

const metrics = async (process: BackendProcess) => {
  const res = await fetch(`${process.url}/metrics`);
  assert.equal(res.status, 200);
  return res.text();
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
    const { location, env } = await deployment(engine, redis.url);
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
    const res = await depositAt(api, 'msg-across');
    assert.equal(res.status, 202, await res.clone().text());
    assert.deepEqual(((await res.json()) as { recipients: string[] }).recipients.includes(STB), true);
    const event = await tv.next((f) => f.type === 'event', 5000);
    assert.equal(event.type === 'event' && event.name, 'voicemail.new');
    assert.equal(event.type === 'event' && event.id, 'voicemail.new:msg-across');
    // Each process counts its own part: the API what it committed, the gateway what it wrote to the socket.
    assert.match(await metrics(api), /^couchline_events_published_total\{event="voicemail.new"\} [1-9]/m);
    assert.match(await metrics(gateway), /^couchline_push_events_sent_total\{path="live"\} 1$/m);
    assert.match(await metrics(gateway), /^couchline_push_delivery_seconds_count 1$/m);
  });

  test('each process does its role only: the gateway serves no API, the API holds no socket', async () => {
    const { api, gateway } = await cluster();
    assert.equal((await depositAt(gateway, 'msg-wrong-door')).status, 404);
    assert.equal((await fetch(`${gateway.url}/api/voicemail`)).status, 404);
    await assert.rejects(TestDevice.open(`${api.url.replace('http', 'ws')}/push`));
    for (const process of [api, gateway]) {
      const health = (await (await fetch(`${process.url}/healthz`)).json()) as { ok: boolean; role: string };
      assert.deepEqual([health.ok, health.role], [true, process.role]);
    }
    // /metrics on both: sockets where they are held, the database-wide outbox backlog where the API runs.
    const [apiMetrics, gatewayMetrics] = [await metrics(api), await metrics(gateway)];
    assert.match(gatewayMetrics, /^couchline_push_sockets\{state="open"\} 0$/m);
    assert.doesNotMatch(gatewayMetrics, /^couchline_outbox_depth/m);
    assert.match(apiMetrics, /^couchline_outbox_depth \d+$/m);
    assert.doesNotMatch(apiMetrics, /^couchline_push_sockets/m);
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
    const { env } = await deployment(engine, 'redis://127.0.0.1:9');
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
