import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { silentLogger } from '../log.ts';
import { startRedis, type TestRedis } from '../../tests/helpers/backend/redis.ts';
import type { DeviceMessage } from './device-bus.ts';
import { InProcessBus } from './device-bus.ts';
import { deviceChannel, RedisBus } from './redis-bus.ts';

/** Resolves with the next message a handler gets, or rejects after `ms`. */
function collector() {
  const got: DeviceMessage[] = [];
  const waiters: (() => void)[] = [];
  return {
    got,
    handler: (message: DeviceMessage) => {
      got.push(message);
      waiters.splice(0).forEach((w) => w());
    },
    async until(count: number, ms = 5000): Promise<DeviceMessage[]> {
      const deadline = Date.now() + ms;
      while (got.length < count) {
        if (Date.now() > deadline) throw new Error(`only ${got.length} of ${count} messages within ${ms} ms`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
      return got;
    },
  };
}

describe('the in-process bus', () => {
  test('delivers to the device’s handlers only, at once, until unsubscribed', async () => {
    const bus = new InProcessBus();
    const tv = collector();
    const phone = collector();
    const stopTv = await bus.subscribe('tv', tv.handler);
    await bus.subscribe('phone', phone.handler);
    await bus.publish('tv', { kind: 'revoked' });
    assert.deepEqual(tv.got, [{ kind: 'revoked' }]); // synchronous: no wait
    assert.deepEqual(phone.got, []);
    stopTv();
    await bus.publish('tv', { kind: 'revoked' });
    assert.equal(tv.got.length, 1);
    assert.equal(bus.lossy, false);
  });
});

describe('the Redis bus (a real redis-server)', () => {
  let redis: TestRedis;
  before(async () => (redis = await startRedis()));
  after(async () => await redis.stop());

  test('a message published by one process reaches the process subscribed to the device, and no other device', async () => {
    const api = new RedisBus({ url: redis.url, log: silentLogger });
    const gateway = new RedisBus({ url: redis.url, log: silentLogger });
    try {
      await Promise.all([api.ready(), gateway.ready()]);
      const tv = collector();
      const other = collector();
      await gateway.subscribe('stb-1', tv.handler);
      await gateway.subscribe('stb-2', other.handler);
      await api.publish('stb-1', { kind: 'takeover', connectionId: 'c-1' });
      assert.deepEqual(await tv.until(1), [{ kind: 'takeover', connectionId: 'c-1' }]);
      // A later message to stb-2 arrives after it, so stb-2 had nothing before: a positive barrier.
      await api.publish('stb-2', { kind: 'revoked' });
      assert.deepEqual(await other.until(1), [{ kind: 'revoked' }]);
      assert.equal(tv.got.length, 1);
      assert.equal(deviceChannel('stb-1'), 'couchline:device:{stb-1}');
    } finally {
      await Promise.all([api.close(), gateway.close()]);
    }
  });

  test('after unsubscribing the last handler of a device, its messages stop', async () => {
    const api = new RedisBus({ url: redis.url, log: silentLogger });
    const gateway = new RedisBus({ url: redis.url, log: silentLogger });
    try {
      await Promise.all([api.ready(), gateway.ready()]);
      const tv = collector();
      const barrier = collector();
      const stop = await gateway.subscribe('stb-1', tv.handler);
      await gateway.subscribe('stb-barrier', barrier.handler);
      stop();
      await api.publish('stb-1', { kind: 'revoked' });
      await api.publish('stb-barrier', { kind: 'revoked' });
      await barrier.until(1);
      assert.deepEqual(tv.got, []);
    } finally {
      await Promise.all([api.close(), gateway.close()]);
    }
  });

  test('Redis killed and started again: the subscriber subscribes again, then reports the gap, and later messages arrive', async () => {
    const api = new RedisBus({ url: redis.url, log: silentLogger });
    const gateway = new RedisBus({ url: redis.url, log: silentLogger });
    try {
      await Promise.all([api.ready(), gateway.ready()]);
      const tv = collector();
      await gateway.subscribe('stb-1', tv.handler);
      let gaps = 0;
      gateway.onGap(() => gaps++);
      await redis.kill();
      // Published while Redis is down: lost, and publish says nothing (the outbox has the event).
      await api.publish('stb-1', { kind: 'revoked' });
      await redis.restart();
      const deadline = Date.now() + 10_000;
      while (gaps === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.equal(gaps, 1, 'the gap is reported once the channels are subscribed again');
      await api.ready();
      await api.publish('stb-1', { kind: 'takeover', connectionId: 'after' });
      assert.deepEqual(await tv.until(1), [{ kind: 'takeover', connectionId: 'after' }]);
    } finally {
      await Promise.all([api.close(), gateway.close()]);
    }
  });
});
