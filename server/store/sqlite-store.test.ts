import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DEMO, seedDemoHousehold } from '../seed.ts';
import { openSqliteStore } from './sqlite-store.ts';

const event = (id: string, expiresAt = Date.now() + 60_000) => ({
  id,
  name: 'voicemail.new',
  data: { id },
  at: 'now',
  expiresAt,
});

describe('SQLite store', () => {
  test('survives a restart: migrations run once, the seed is not repeated, the outbox and epoch persist', () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    try {
      const path = join(dir, 'couchline.db');
      const first = openSqliteStore(path);
      seedDemoHousehold(first);
      first.enqueue(DEMO.devices.livingRoom.id, event('a'));
      const epoch = first.epoch;
      first.close();

      const second = openSqliteStore(path);
      seedDemoHousehold(second);
      assert.equal(second.epoch, epoch);
      assert.equal(second.listDevices(DEMO.householdId).length, 4);
      assert.deepEqual(
        second.pending(DEMO.devices.livingRoom.id, 0, Date.now()).map((e) => e.id),
        ['a'],
      );
      assert.equal(second.enqueue(DEMO.devices.livingRoom.id, event('b')).entry.seq, 2);
      second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('sequence numbers are per device and ack is cumulative', () => {
    const store = openSqliteStore(':memory:');
    seedDemoHousehold(store);
    const stb = DEMO.devices.livingRoom.id;
    const bedroom = DEMO.devices.bedroom.id;
    assert.equal(store.enqueue(stb, event('a')).entry.seq, 1);
    assert.equal(store.enqueue(stb, event('b')).entry.seq, 2);
    assert.equal(store.enqueue(bedroom, event('a')).entry.seq, 1);
    assert.equal(store.enqueue(stb, event('c')).entry.seq, 3);
    assert.equal(store.ack(stb, 2), 2);
    assert.deepEqual(
      store.pending(stb, 0, Date.now()).map((e) => e.seq),
      [3],
    );
    assert.equal(store.pending(bedroom, 0, Date.now()).length, 1);
    store.close();
  });

  test('expired events are purged', () => {
    const store = openSqliteStore(':memory:');
    seedDemoHousehold(store);
    store.enqueue(DEMO.devices.livingRoom.id, event('old', 10));
    store.enqueue(DEMO.devices.livingRoom.id, event('new'));
    assert.equal(store.purgeExpired(100), 1);
    assert.equal(store.pending(DEMO.devices.livingRoom.id, 0, 0).length, 1);
    store.close();
  });

  test('device tokens are looked up by hash only', () => {
    const store = openSqliteStore(':memory:');
    seedDemoHousehold(store);
    store.addDeviceToken(DEMO.devices.bedroom.id, 'hash-1');
    assert.equal(store.findToken('hash-1')?.device.id, DEMO.devices.bedroom.id);
    assert.equal(store.findToken('hash-2'), undefined);
    store.close();
  });
});
