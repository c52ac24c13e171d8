import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, describe, test } from 'node:test';
import { DeviceTokens } from '../identity/tokens.ts';
import { silentLogger } from '../log.ts';
import { PushGateway } from '../push/gateway.ts';
import { InProcessBus, type DeviceBus } from '../push/device-bus.ts';
import { RedisBus } from '../push/redis-bus.ts';
import { DEMO, seedDemoHousehold } from '../seed.ts';
import type { Database } from '../store/database.ts';
import type { DatabaseLocation } from '../store/database-location.ts';
import { engineFromEnvironment } from '../../tests/helpers/backend/engines.ts';
import { TestDevice } from '../../tests/helpers/backend/harness.ts';
import { startRedis, type TestRedis } from '../../tests/helpers/backend/redis.ts';
import { LocalPresence, RedisPresence, type Presence } from './presence.ts';

const engine = engineFromEnvironment();
const STB = DEMO.devices.livingRoom.id;

async function until(check: () => Promise<boolean>, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!(await check()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return check();
}

describe(`presence: which devices have a socket open, across gateways (${engine.name})`, () => {
  let redis: TestRedis;
  before(async () => (redis = await startRedis()));
  after(async () => await redis.stop());
  const closers: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  /** One gateway "process": its own database connection, bus, presence and server. */
  async function gatewayProcess(
    location: DatabaseLocation,
    presence: Presence,
    bus: DeviceBus = new InProcessBus(),
  ) {
    const store = await engine.open(location);
    const gateway = new PushGateway({ store, tokens: new DeviceTokens(store), bus, log: silentLogger });
    const stopFollowing = presence.follow(gateway);
    const server = createServer();
    gateway.attach(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const close = async () => {
      await gateway.close();
      stopFollowing();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await bus.close();
      await store.close();
    };
    closers.push(close);
    return { gateway, wsUrl: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/push`, close };
  }

  async function setup() {
    const location = await engine.newLocation();
    const store: Database = await engine.open(location);
    closers.push(() => store.close());
    await seedDemoHousehold(store);
    return { location, token: await new DeviceTokens(store).issue(STB) };
  }

  const redisPresence = (ttlMs?: number) => {
    const presence = new RedisPresence({ url: redis.url, log: silentLogger, ttlMs });
    closers.push(() => presence.close());
    return presence;
  };

  test('embedded: the process’s own gateway answers', async () => {
    const { location, token } = await setup();
    const presence = new LocalPresence();
    const { wsUrl } = await gatewayProcess(location, presence);
    assert.equal(await presence.isOnline(STB), false);
    const tv = await TestDevice.connect(wsUrl, token);
    assert.equal(await presence.isOnline(STB), true);
    await tv.close();
    assert.equal(await until(async () => !(await presence.isOnline(STB))), true);
  });

  test('a device that moves to another gateway stays online; it is offline once its last socket closes', async () => {
    const { location, token } = await setup();
    const reader = redisPresence(); // an API process's
    const busA = new RedisBus({ url: redis.url, log: silentLogger });
    const busB = new RedisBus({ url: redis.url, log: silentLogger });
    await Promise.all([busA.ready(), busB.ready()]);
    const a = await gatewayProcess(location, redisPresence(), busA);
    const b = await gatewayProcess(location, redisPresence(), busB);
    const first = await TestDevice.connect(a.wsUrl, token);
    assert.equal(await until(() => reader.isOnline(STB)), true);
    const second = await TestDevice.connect(b.wsUrl, token);
    await first.waitForClose();
    // Gateway A released the entry only if it still named A's socket: B's stays.
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(await reader.isOnline(STB), true);
    await second.close();
    assert.equal(await until(async () => !(await reader.isOnline(STB))), true);
  });

  test('a gateway that dies without a word leaves its devices online for one TTL at most', async () => {
    const { location, token } = await setup();
    const reader = redisPresence();
    const dying = redisPresence(300);
    const { wsUrl } = await gatewayProcess(location, dying);
    await TestDevice.connect(wsUrl, token);
    assert.equal(await until(() => reader.isOnline(STB)), true);
    // Refreshed while it lives: still online after several TTLs.
    await new Promise((r) => setTimeout(r, 700));
    assert.equal(await reader.isOnline(STB), true);
    await dying.close(); // its Redis connection gone: no refresh, no release
    assert.equal(await until(async () => !(await reader.isOnline(STB)), 2000), true);
  });

  test('a socket that said hello while Redis was away is online once Redis is back', async () => {
    const { location, token } = await setup();
    const reader = redisPresence();
    const { wsUrl } = await gatewayProcess(location, redisPresence());
    await redis.kill();
    await TestDevice.connect(wsUrl, token);
    await redis.restart(); // empty: nothing was saved
    assert.equal(await until(() => reader.isOnline(STB), 10_000), true);
  });
});
