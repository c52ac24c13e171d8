import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, describe, test } from 'node:test';
import { CloseCode, ErrorCode } from '../../protocol/index.ts';
import { DeviceTokens } from '../identity/tokens.ts';
import { silentLogger } from '../log.ts';
import { DEMO, seedDemoHousehold } from '../seed.ts';
import type { Database } from '../store/database.ts';
import type { DatabaseLocation } from '../store/database-location.ts';
import { engineFromEnvironment } from '../../tests/helpers/backend/engines.ts';
import { TestDevice, voicemailData } from '../../tests/helpers/backend/harness.ts';
import { startRedis, type TestRedis } from '../../tests/helpers/backend/redis.ts';
import { PushGateway } from './gateway.ts';
import { OutboxPublisher } from './outbox-publisher.ts';
import { RedisBus } from './redis-bus.ts';

const STB = DEMO.devices.livingRoom.id;

const engine = engineFromEnvironment();

/**
 * One gateway "process": its own database connection, bus connection, token checker and HTTP server, over the
 * shared database (a file on SQLite; one database on PostgreSQL with `COUCHLINE_TEST_DATABASE=postgres`).
 */
async function startGateway(location: DatabaseLocation, redisUrl: string, catchUpMs?: number) {
  const store = await engine.open(location);
  const bus = new RedisBus({ url: redisUrl, log: silentLogger });
  await bus.ready();
  const gateway = new PushGateway({
    store,
    tokens: new DeviceTokens(store),
    bus,
    log: silentLogger,
    catchUpMs,
  });
  const server: Server = createServer();
  gateway.attach(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    gateway,
    wsUrl: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/push`,
    async close() {
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await bus.close();
      await store.close();
    },
  };
}

const seqs = (device: TestDevice) => device.events().map((e) => e.seq);

async function eventsUntil(device: TestDevice, count: number, ms = 5000): Promise<number[]> {
  const deadline = Date.now() + ms;
  while (device.events().length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return seqs(device);
}

describe(`the push channel across processes (Redis bus, one ${engine.name} database)`, () => {
  let redis: TestRedis;
  let location: DatabaseLocation;
  let store: Database;
  let apiBus: RedisBus;
  let publisher: OutboxPublisher;
  let apiTokens: DeviceTokens;
  const closers: (() => Promise<void>)[] = [];

  before(async () => (redis = await startRedis()));
  after(async () => await redis.stop());

  async function setup() {
    location = await engine.newLocation();
    store = await engine.open(location);
    await seedDemoHousehold(store);
    apiBus = new RedisBus({ url: redis.url, log: silentLogger });
    await apiBus.ready();
    publisher = new OutboxPublisher({ store, bus: apiBus });
    apiTokens = new DeviceTokens(store);
    // The API process revokes; the process holding the socket closes it.
    apiTokens.onRevoked((deviceId) => void apiBus.publish(deviceId, { kind: 'revoked' }));
    closers.push(() => apiBus.close());
    return apiTokens.issue(STB);
  }
  const track = <T extends { close(): Promise<unknown> }>(thing: T): T => {
    closers.push(async () => void (await thing.close()));
    return thing;
  };
  const deposit = (n: number) =>
    publisher.publish(STB, 'voicemail.new', `voicemail.new:m${n}`, voicemailData(`m${n}`));

  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await store.close();
  });

  test('a deposit committed by the API process reaches the device through the gateway process holding its socket', async () => {
    const token = await setup();
    const a = track(await startGateway(location, redis.url));
    const tv = track(await TestDevice.connect(a.wsUrl, token));
    await deposit(1);
    const event = await tv.next((f) => f.type === 'event');
    assert.equal(event.type === 'event' && event.id, 'voicemail.new:m1');
    assert.deepEqual(seqs(tv), [1]);
  });

  test('the device moves to another gateway: the old one closes its socket, the new one replays after lastSeq and goes on live — no gap, no duplicate', async () => {
    const token = await setup();
    const a = track(await startGateway(location, redis.url));
    const b = track(await startGateway(location, redis.url));
    const first = track(await TestDevice.connect(a.wsUrl, token));
    await deposit(1);
    await deposit(2);
    assert.deepEqual(await eventsUntil(first, 2), [1, 2]);
    first.send({ type: 'ack', seq: 1 });
    await deposit(3); // sent on the old socket, never acknowledged
    assert.deepEqual(await eventsUntil(first, 3), [1, 2, 3]);

    const second = track(await TestDevice.connect(b.wsUrl, token, 1, store.outbox.epoch));
    const replaced = await first.next((f) => f.type === 'error');
    assert.equal((replaced as { code: string }).code, ErrorCode.PushReplaced);
    assert.equal(await first.waitForClose(), CloseCode.Replaced);
    await deposit(4);
    assert.deepEqual(await eventsUntil(second, 3), [2, 3, 4]);
    // A barrier: one more, then nothing else came on either socket.
    await deposit(5);
    assert.deepEqual(await eventsUntil(second, 4), [2, 3, 4, 5]);
    assert.deepEqual(seqs(first), [1, 2, 3]);
    assert.equal(a.gateway.isConnected(STB), false);
    assert.equal(b.gateway.isConnected(STB), true);
  });

  test('a bus message that is lost is filled from the outbox before the next one is sent, in order', async () => {
    const token = await setup();
    const a = track(await startGateway(location, redis.url));
    const tv = track(await TestDevice.connect(a.wsUrl, token));
    await deposit(1);
    await eventsUntil(tv, 1);
    // Committed without its announcement (the API process died between the commit and the publish).
    await store.outbox.enqueue(STB, {
      id: 'voicemail.new:lost',
      name: 'voicemail.new',
      data: voicemailData('lost'),
      at: new Date().toISOString(),
      expiresAt: Date.now() + 60_000,
    });
    await deposit(3);
    assert.deepEqual(await eventsUntil(tv, 3), [1, 2, 3]);
    assert.deepEqual(
      tv.events().map((e) => e.id),
      ['voicemail.new:m1', 'voicemail.new:lost', 'voicemail.new:m3'],
    );
  });

  test('Redis killed while events are committed: once it is back, the gateway sends what the bus lost', async () => {
    const token = await setup();
    const a = track(await startGateway(location, redis.url));
    const tv = track(await TestDevice.connect(a.wsUrl, token));
    await deposit(1);
    await eventsUntil(tv, 1);
    await redis.kill();
    await deposit(2);
    await deposit(3);
    await redis.restart();
    assert.deepEqual(await eventsUntil(tv, 3, 10_000), [1, 2, 3]);
  });

  test('a device removed by the API process is closed by the gateway process that holds its socket', async () => {
    const token = await setup();
    const a = track(await startGateway(location, redis.url));
    const tv = track(await TestDevice.connect(a.wsUrl, token));
    await apiTokens.revoke(STB);
    const error = await tv.next((f) => f.type === 'error');
    assert.equal((error as { code: string }).code, ErrorCode.AuthRevoked);
    assert.equal(await tv.waitForClose(), CloseCode.Revoked);
  });
});
