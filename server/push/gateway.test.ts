import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { CloseCode, ErrorCode, MAX_FRAME_BYTES } from '../../protocol/index.ts';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeviceTokens } from '../identity/tokens.ts';
import { silentLogger } from '../log.ts';
import { DEMO, seedDemoHousehold } from '../seed.ts';
import { openSqliteDatabase } from '../store/database.ts';
import { PushGateway } from './gateway.ts';
import { InProcessBus } from './device-bus.ts';
import {
  settle,
  startBackend,
  TestDevice,
  voicemailData,
  type Harness,
} from '../../tests/helpers/backend/harness.ts';

const STB = DEMO.devices.livingRoom.id;
const BEDROOM = DEMO.devices.bedroom.id;

describe('push gateway', () => {
  let h: Harness;
  const devices: TestDevice[] = [];
  const track = (d: TestDevice) => (devices.push(d), d);

  async function setup(overrides: Parameters<typeof startBackend>[0] = {}) {
    h = await startBackend(overrides);
    return { token: await h.app.tokens.issue(STB), bedroomToken: await h.app.tokens.issue(BEDROOM) };
  }

  afterEach(async () => {
    await Promise.all(devices.splice(0).map((d) => d.close()));
    await h.close();
  });

  test('an unknown token is refused with AUTH_INVALID_TOKEN and the socket closed', async () => {
    await setup();
    const device = track(await TestDevice.open(h.wsUrl));
    device.send({ type: 'hello', v: 1, token: 'x'.repeat(43), lastSeq: 0 });
    const error = await device.next((f) => f.type === 'error');
    assert.deepEqual(error, {
      type: 'error',
      code: ErrorCode.AuthInvalidToken,
      message: 'invalid device token',
    });
    assert.equal(await device.waitForClose(), CloseCode.AuthFailed);
  });

  test('a frame before hello is refused with AUTH_REQUIRED', async () => {
    await setup();
    const device = track(await TestDevice.open(h.wsUrl));
    device.send({ type: 'ack', seq: 1 });
    const error = await device.next((f) => f.type === 'error');
    assert.equal((error as { code: string }).code, ErrorCode.AuthRequired);
    assert.equal(await device.waitForClose(), CloseCode.AuthFailed);
  });

  test('a socket that never says hello is closed after the hello timeout', async () => {
    await setup({ helloTimeoutMs: 100 });
    const device = track(await TestDevice.open(h.wsUrl));
    assert.equal(await device.waitForClose(), CloseCode.AuthTimeout);
    assert.equal((device.frames[0] as { code: string }).code, ErrorCode.AuthTimeout);
  });

  test('the token is never accepted from the URL', async () => {
    const { token } = await setup();
    const device = track(await TestDevice.open(`${h.wsUrl}?token=${token}`));
    device.send({ type: 'ping', t: 1 });
    assert.equal(await device.waitForClose(), CloseCode.AuthFailed);
    assert.equal(h.app.gateway?.isConnected(STB), false);
  });

  test('a connected device receives a published event at once, with seq and stable id', async () => {
    const { token } = await setup();
    const device = track(await TestDevice.connect(h.wsUrl, token));
    await h.app.publisher.publish(STB, 'voicemail.new', 'voicemail.new:m1', voicemailData('m1'));
    const event = await device.next((f) => f.type === 'event');
    assert.equal(event.type === 'event' && event.seq, 1);
    assert.equal(event.type === 'event' && event.id, 'voicemail.new:m1');
    assert.equal(event.type === 'event' && event.name === 'voicemail.new' && event.data.callerName, 'Jane');
  });

  test('events published while a device is away are replayed in order after reconnect', async () => {
    const { token } = await setup();
    const first = track(await TestDevice.connect(h.wsUrl, token));
    const welcome = first.frames[0] as { epoch: string };
    await first.close();
    for (const id of ['a', 'b', 'c'])
      await h.app.publisher.publish(STB, 'voicemail.new', `vm:${id}`, voicemailData(id));

    const again = track(await TestDevice.connect(h.wsUrl, token, 0, welcome.epoch));
    await again.next((f) => f.type === 'event' && f.id === 'vm:c');
    assert.deepEqual(
      again.events().map((e) => [e.seq, e.id]),
      [
        [1, 'vm:a'],
        [2, 'vm:b'],
        [3, 'vm:c'],
      ],
    );
  });

  test('an acknowledged event is never sent again, on this or a later connection', async () => {
    const { token } = await setup();
    const device = track(await TestDevice.connect(h.wsUrl, token));
    const { epoch } = device.frames[0] as { epoch: string };
    await h.app.publisher.publish(STB, 'voicemail.new', 'vm:1', voicemailData('1'));
    await h.app.publisher.publish(STB, 'voicemail.new', 'vm:2', voicemailData('2'));
    await device.next((f) => f.type === 'event' && f.seq === 2);
    device.send({ type: 'ack', seq: 1 });
    await settle();
    await device.close();

    // Reconnect claiming nothing handled (lastSeq 0): the acknowledged event must still not come back.
    const again = track(await TestDevice.connect(h.wsUrl, token, 0, epoch));
    await again.next((f) => f.type === 'event');
    await settle();
    assert.deepEqual(
      again.events().map((e) => e.id),
      ['vm:2'],
    );
  });

  test('lastSeq in hello acknowledges what the device already handled', async () => {
    const { token } = await setup();
    const device = track(await TestDevice.connect(h.wsUrl, token));
    const { epoch } = device.frames[0] as { epoch: string };
    await device.close();
    for (const id of ['a', 'b'])
      await h.app.publisher.publish(STB, 'voicemail.new', `vm:${id}`, voicemailData(id));
    const again = track(await TestDevice.connect(h.wsUrl, token, 1, epoch));
    await again.next((f) => f.type === 'event');
    await settle();
    assert.deepEqual(
      again.events().map((e) => e.id),
      ['vm:b'],
    );
  });

  test('a lastSeq from another epoch is ignored and everything pending is replayed', async () => {
    const { token } = await setup();
    await h.app.publisher.publish(STB, 'voicemail.new', 'vm:a', voicemailData('a'));
    const device = track(await TestDevice.connect(h.wsUrl, token, 99, 'some-old-database'));
    const event = await device.next((f) => f.type === 'event');
    assert.equal(event.type === 'event' && event.id, 'vm:a');
  });

  test('publishing the same event id twice queues it once', async () => {
    const { token } = await setup();
    const device = track(await TestDevice.connect(h.wsUrl, token));
    await h.app.publisher.publish(STB, 'voicemail.new', 'vm:dup', voicemailData('dup'));
    await h.app.publisher.publish(STB, 'voicemail.new', 'vm:dup', voicemailData('dup'));
    await device.next((f) => f.type === 'event');
    await settle();
    assert.equal(device.events().length, 1);
    assert.equal((await h.store.outbox.pending(STB, 0, Date.now())).length, 1);
  });

  test('events past their time to live are not replayed', async () => {
    const { token } = await setup();
    await h.app.publisher.publish(STB, 'voicemail.new', 'vm:old', voicemailData('old'), { ttlMs: 1 });
    await h.app.publisher.publish(STB, 'voicemail.new', 'vm:fresh', voicemailData('fresh'));
    await settle(20);
    const device = track(await TestDevice.connect(h.wsUrl, token));
    await device.next((f) => f.type === 'event');
    await settle();
    assert.deepEqual(
      device.events().map((e) => e.id),
      ['vm:fresh'],
    );
  });

  test('malformed frames get an error and close no other device socket', async () => {
    const { token, bedroomToken } = await setup();
    const bad = track(await TestDevice.connect(h.wsUrl, token));
    const good = track(await TestDevice.connect(h.wsUrl, bedroomToken));
    bad.send('{not json');
    bad.send({ type: 'ack', seq: 'one' });
    bad.send({ type: 'launch-missiles' });
    bad.send({ type: 'ack', seq: 5 }); // never sent to this device
    await bad.next((f) => f.type === 'error' && f.code === ErrorCode.PushUnknownSeq);
    const codes = bad.frames.filter((f) => f.type === 'error').map((f) => (f as { code: string }).code);
    assert.deepEqual(codes, [
      ErrorCode.ProtocolMalformed,
      ErrorCode.ProtocolMalformed,
      ErrorCode.ProtocolMalformed,
      ErrorCode.PushUnknownSeq,
    ]);
    // Both sockets stay usable.
    await h.app.publisher.publish(BEDROOM, 'voicemail.new', 'vm:x', voicemailData('x'));
    await good.next((f) => f.type === 'event');
    bad.send({ type: 'ping', t: 7 });
    await bad.next((f) => f.type === 'pong');
    assert.equal(good.closeCode, undefined);
  });

  test('an oversized frame closes only the sender (1009)', async () => {
    const { token, bedroomToken } = await setup();
    const big = track(await TestDevice.connect(h.wsUrl, token));
    const other = track(await TestDevice.connect(h.wsUrl, bedroomToken));
    big.send({ type: 'ping', t: 1, pad: 'x'.repeat(MAX_FRAME_BYTES + 1) });
    assert.equal(await big.waitForClose(), 1009);
    other.send({ type: 'ping', t: 2 });
    await other.next((f) => f.type === 'pong');
  });

  test('a device that persistently sends garbage is closed after the violation limit', async () => {
    const { token } = await setup();
    const device = track(await TestDevice.connect(h.wsUrl, token));
    for (let i = 0; i < 10; i++) device.send('garbage');
    assert.equal(await device.waitForClose(), CloseCode.ProtocolViolation);
  });

  test('a second connection of the same device replaces the first', async () => {
    const { token } = await setup();
    const first = track(await TestDevice.connect(h.wsUrl, token));
    const second = track(await TestDevice.connect(h.wsUrl, token));
    assert.equal(await first.waitForClose(), CloseCode.Replaced);
    await h.app.publisher.publish(STB, 'voicemail.new', 'vm:r', voicemailData('r'));
    await second.next((f) => f.type === 'event');
    assert.equal(first.events().length, 0);
  });

  test('heartbeats drop a peer that stops answering pings', async () => {
    const { token } = await setup({ heartbeatMs: 100 });
    const device = await TestDevice.open(h.wsUrl, { autoPong: false });
    track(device);
    device.send({ type: 'hello', v: 1, token, lastSeq: 0 });
    await device.next((f) => f.type === 'welcome');
    assert.equal(h.app.gateway?.isConnected(STB), true);
    // No pong ever comes back: within two intervals the gateway terminates the socket (1006 on this side).
    assert.equal(await device.waitForClose(1000), 1006);
    await settle(20);
    assert.equal(h.app.gateway?.isConnected(STB), false);
  });

  test('a peer that answers pings stays connected', async () => {
    const { token } = await setup({ heartbeatMs: 50 });
    const device = track(await TestDevice.connect(h.wsUrl, token));
    await settle(300);
    assert.equal(device.closeCode, undefined);
    assert.equal(h.app.gateway?.isConnected(STB), true);
  });

  test('publish refuses data that does not match the event schema, and queues nothing', async () => {
    await setup();
    await assert.rejects(
      h.app.publisher.publish(STB, 'voicemail.new', 'vm:bad', { ...voicemailData('bad'), durationSec: -1 }),
    );
    assert.equal((await h.store.outbox.pending(STB, 0, Date.now())).length, 0);
  });
});

describe('push gateway: a box connected for months', () => {
  test('its token is checked once a day, which keeps it from expiring; a token revoked meanwhile closes it', async () => {
    const store = await openSqliteDatabase(':memory:');
    await seedDemoHousehold(store);
    let now = Date.now();
    const tokens = new DeviceTokens(store, { now: () => now });
    const gateway = new PushGateway({
      store,
      tokens,
      bus: new InProcessBus(),
      log: silentLogger,
      now: () => now,
    });
    const server = createServer();
    gateway.attach(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const wsUrl = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/push`;
    const token = await tokens.issue(STB);
    const tv = await TestDevice.connect(wsUrl, token);
    try {
      // 89 days connected, checked daily: the token counts as used, so at day 91 it still works.
      for (let day = 1; day <= 89; day++) {
        now += 24 * 3600_000 + 60_000;
        await gateway.maintain();
      }
      assert.equal(tv.closeCode, undefined);
      now += 2 * 24 * 3600_000;
      assert.equal((await tokens.verify(token))?.id, STB);
      // Revoked behind the gateway's back (another process, say): the next daily check closes the socket.
      await store.tokens.revokeAll(STB, now);
      now += 24 * 3600_000 + 60_000;
      await gateway.maintain();
      assert.equal(await tv.waitForClose(), CloseCode.Revoked);
    } finally {
      await tv.close();
      await gateway.close();
      server.close();
      await store.close();
    }
  });
});
