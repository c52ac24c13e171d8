import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { describe, test } from 'node:test';
import { forEachEngine, POSTGRES_ENGINE, SQLITE_ENGINE } from '../../tests/helpers/backend/engines.ts';
import { DEMO, seedDemoHousehold } from '../seed.ts';
import { openSqliteDatabase } from './database.ts';
import { migrate } from './migrate.ts';
import { MIGRATIONS } from './migrations.ts';

const event = (id: string, expiresAt = Date.now() + 60_000) => ({
  id,
  name: 'voicemail.new',
  data: { id },
  at: 'now',
  expiresAt,
});

forEachEngine((engine) => {
  test('survives a restart: migrations run once, the seed is not repeated, the outbox and epoch persist', async () => {
    const location = await engine.newLocation();
    const first = await engine.open(location);
    await seedDemoHousehold(first);
    await first.outbox.enqueue(DEMO.devices.livingRoom.id, event('a'));
    const epoch = first.outbox.epoch;
    await first.close();

    const second = await engine.open(location);
    await seedDemoHousehold(second);
    assert.equal(second.outbox.epoch, epoch);
    assert.equal((await second.devices.list(DEMO.householdId)).length, 4);
    assert.deepEqual(
      (await second.outbox.pending(DEMO.devices.livingRoom.id, 0, Date.now())).map((e) => e.id),
      ['a'],
    );
    assert.equal((await second.outbox.enqueue(DEMO.devices.livingRoom.id, event('b'))).entry.seq, 2);
    await second.close();
  });

  test('sequence numbers are per device and ack is cumulative', async () => {
    const store = await engine.open();
    await seedDemoHousehold(store);
    const stb = DEMO.devices.livingRoom.id;
    const bedroom = DEMO.devices.bedroom.id;
    assert.equal((await store.outbox.enqueue(stb, event('a'))).entry.seq, 1);
    assert.equal((await store.outbox.enqueue(stb, event('b'))).entry.seq, 2);
    assert.equal((await store.outbox.enqueue(bedroom, event('a'))).entry.seq, 1);
    assert.equal((await store.outbox.enqueue(stb, event('c'))).entry.seq, 3);
    assert.equal(await store.outbox.ack(stb, 2), 2);
    assert.deepEqual(
      (await store.outbox.pending(stb, 0, Date.now())).map((e) => e.seq),
      [3],
    );
    assert.equal((await store.outbox.pending(bedroom, 0, Date.now())).length, 1);
    // Many devices' numbers in one query, as a gateway compares its sockets; an unknown id is simply absent.
    assert.deepEqual(
      await store.outbox.lastSeqs([stb, bedroom, 'no-such-device']),
      new Map([
        [stb, 3],
        [bedroom, 1],
      ]),
    );
    assert.deepEqual(await store.outbox.lastSeqs([]), new Map());
    await assert.rejects(store.outbox.lastSeqs(Array.from({ length: 1001 }, (_, i) => `d${i}`)), RangeError);
    await store.close();
  });

  test('enqueuing is idempotent by event id, and concurrent producers never share a sequence number', async () => {
    const store = await engine.open();
    await seedDemoHousehold(store);
    const stb = DEMO.devices.livingRoom.id;
    const first = await store.outbox.enqueue(stb, event('same'));
    const again = await store.outbox.enqueue(stb, event('same'));
    assert.equal(first.created, true);
    assert.equal(again.created, false);
    assert.equal(again.entry.seq, first.entry.seq);
    const many = await Promise.all(
      Array.from({ length: 50 }, (_, i) => store.outbox.enqueue(stb, event(`burst-${i}`))),
    );
    const seqs = many.map((m) => m.entry.seq).sort((a, b) => a - b);
    assert.deepEqual(
      seqs,
      Array.from({ length: 50 }, (_, i) => first.entry.seq + 1 + i),
    );
    await store.close();
  });

  test('a transaction is all or nothing, and what waits for its commit runs only if it commits', async () => {
    const store = await engine.open();
    await seedDemoHousehold(store);
    const stb = DEMO.devices.livingRoom.id;
    const ran: string[] = [];
    await assert.rejects(
      store.transaction(async () => {
        await store.outbox.enqueue(stb, event('rolled-back'));
        store.afterCommit(() => ran.push('rolled-back'));
        throw new Error('a later step failed');
      }),
      /a later step failed/,
    );
    await store.transaction(async () => {
      await store.outbox.enqueue(stb, event('kept'));
      store.afterCommit(() => ran.push('kept'));
      assert.deepEqual(ran, [], 'not before the commit');
    });
    assert.deepEqual(ran, ['kept']);
    assert.deepEqual(
      (await store.outbox.pending(stb, 0, Date.now())).map((e) => e.id),
      ['kept'],
    );
    assert.equal(await store.outbox.lastSeq(stb), 1, 'the rolled-back number was given back');
    await store.close();
  });

  test("another caller never sees a transaction's half-done writes", async () => {
    const store = await engine.open();
    await seedDemoHousehold(store);
    const stb = DEMO.devices.livingRoom.id;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let halfDone!: () => void;
    const inside = new Promise<void>((resolve) => (halfDone = resolve));
    const writer = store.transaction(async () => {
      await store.outbox.enqueue(stb, event('one'));
      halfDone();
      await gate;
      await store.outbox.enqueue(stb, event('two'));
    });
    await inside;
    // SQLite has one writer: the reader waits for the commit. PostgreSQL reads what was committed when it asks.
    const reader = store.outbox.pending(stb, 0, Date.now());
    release();
    await writer;
    const seen = (await reader).map((e) => e.id);
    assert.ok(
      seen.length === 0 || (seen[0] === 'one' && seen[1] === 'two' && seen.length === 2),
      `all of the transaction or none of it, not ${JSON.stringify(seen)}`,
    );
    assert.deepEqual(
      (await store.outbox.pending(stb, 0, Date.now())).map((e) => e.id),
      ['one', 'two'],
    );
    await store.close();
  });

  test('expired events are purged', async () => {
    const store = await engine.open();
    await seedDemoHousehold(store);
    await store.outbox.enqueue(DEMO.devices.livingRoom.id, event('old', 10));
    await store.outbox.enqueue(DEMO.devices.livingRoom.id, event('new'));
    assert.equal(await store.outbox.purgeExpired(100), 1);
    assert.equal((await store.outbox.pending(DEMO.devices.livingRoom.id, 0, 0)).length, 1);
    await store.close();
  });

  test('device tokens are looked up by hash only', async () => {
    const store = await engine.open();
    await seedDemoHousehold(store);
    await store.tokens.add(DEMO.devices.bedroom.id, 'hash-1');
    assert.equal((await store.tokens.find('hash-1'))?.device.id, DEMO.devices.bedroom.id);
    assert.equal(await store.tokens.find('hash-2'), undefined);
    await store.close();
  });
});

// SQLite serves one process per file (npm start); two connections in one thread would wait on each other.
describe('two processes on one PostgreSQL database', () => {
  test('migrated once, one epoch, and deposits on both never share a number or an event', async () => {
    const location = await POSTGRES_ENGINE.newLocation();
    // Opened at once, as two processes starting together would: both migrate a new database, one after the other.
    const [a, b] = await Promise.all([POSTGRES_ENGINE.open(location), POSTGRES_ENGINE.open(location)]);
    await seedDemoHousehold(a);
    assert.equal(a.outbox.epoch, b.outbox.epoch);
    const stb = DEMO.devices.livingRoom.id;
    const deposits = await Promise.all(
      Array.from({ length: 20 }, (_, i) => [
        a.outbox.enqueue(stb, event(`a-${i}`)),
        b.outbox.enqueue(stb, event(`b-${i}`)),
        // A carrier's retry of one webhook reaching both processes at once
        a.outbox.enqueue(stb, event(`both-${i}`)),
        b.outbox.enqueue(stb, event(`both-${i}`)),
      ]).flat(),
    );
    assert.equal(deposits.filter((d) => d.created).length, 60);
    const pending = await b.outbox.pending(stb, 0, Date.now());
    assert.deepEqual(
      pending.map((e) => e.seq),
      Array.from({ length: 60 }, (_, i) => i + 1),
      'one row per event, numbered 1 to 60 without gaps',
    );
    assert.equal(new Set(pending.map((e) => e.id)).size, 60);
    for (let i = 0; i < 20; i++) {
      const [fromA, fromB] = deposits.filter((d) => d.entry.id === `both-${i}`);
      assert.equal(fromA!.entry.seq, fromB!.entry.seq, 'both answers name the one row');
    }
    assert.equal(await a.outbox.lastSeq(stb), 60);
    await a.close();
    await b.close();
  });
});

describe('SQLite files made by an earlier version', () => {
  /** A database file as the backend left it after the first `migrations`, holding what `rows` inserts. */
  async function fileMadeBefore(migrations: number, rows: string): Promise<string> {
    const location = await SQLITE_ENGINE.newLocation();
    assert.equal(location.engine, 'sqlite');
    const old = new DatabaseSync(location.file);
    migrate(old, MIGRATIONS.slice(0, migrations));
    old.exec(rows);
    old.close();
    return location.file;
  }

  test("a TV the household added by code, stored as a 'screen' before migration 10, is a 'display' after it", async () => {
    const path = await fileMadeBefore(
      9,
      `
      INSERT INTO households (id, name) VALUES ('h1', 'Home');
      INSERT INTO devices (id, household_id, kind, name, room, owner_name, origin)
        VALUES ('stb_added', 'h1', 'stb', 'Kitchen TV', 'Kitchen', 'Household', 'screen');
      INSERT INTO devices (id, household_id, kind, name, room, owner_name)
        VALUES ('stb_box', 'h1', 'stb', 'Living-room TV', 'Living room', 'Mary');
      `,
    );
    const store = await openSqliteDatabase(path);
    assert.equal((await store.devices.enrollment('stb_added'))?.origin, 'display');
    assert.equal((await store.devices.enrollment('stb_box'))?.origin, 'carrier');
    await store.close();
  });

  test('migration 11 adds the carrier webhook ids to a database made before it, keeping what it holds', async () => {
    const path = await fileMadeBefore(
      10,
      `INSERT INTO used_assertions (id, expires_at) VALUES ('fxt:jti-1', 9999999999999);`,
    );
    const store = await openSqliteDatabase(path);
    assert.equal(await store.webhookIds.claim('hook_1', 2000, 1000), true);
    assert.equal(await store.webhookIds.claim('hook_1', 2000, 1500), false);
    assert.equal(await store.enrollmentCodes.claimOnce('fxt:jti-1', 9999999999999, 0), false);
    await store.close();
    const file = new DatabaseSync(path);
    assert.deepEqual({ ...file.prepare('PRAGMA user_version').get() }, { user_version: MIGRATIONS.length });
    file.close();
  });

  test("migration 12 keeps the order a joint account's carrier accounts were linked in", async () => {
    const path = await fileMadeBefore(
      11,
      `
      INSERT INTO households (id, name, password_hash, billing_code) VALUES ('h1', 'Home', 'hash', 'code');
      INSERT INTO household_accounts (household_id, directory, account_id, holder_name, via)
        VALUES ('h1', 'wireless', 'w-2', 'Zoe', 'credentials');
      INSERT INTO household_accounts (household_id, directory, account_id, holder_name, via)
        VALUES ('h1', 'cable', 'c-1', 'Ann', 'consent');
      `,
    );
    const store = await openSqliteDatabase(path);
    assert.deepEqual(
      (await store.accounts.get('h1'))?.accounts.map((a) => a.accountId),
      ['w-2', 'c-1'],
    );
    await store.close();
  });
});
