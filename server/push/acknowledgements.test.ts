import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { engineFromEnvironment } from '../../tests/helpers/backend/engines.ts';
import { DEMO, seedDemoHousehold } from '../seed.ts';
import type { Database } from '../store/database.ts';
import { TypedEvents } from '../typed-events.ts';
import { Acknowledgements } from './acknowledgements.ts';
import type { PushEvents } from './gateway.ts';
import type { OutboxEntry } from './outbox-repository.ts';

const engine = engineFromEnvironment();
const LIVING = DEMO.devices.livingRoom.id;
const BEDROOM = DEMO.devices.bedroom.id;

describe(`acknowledgements, batched (${engine.name})`, () => {
  let db: Database;
  let transactions: number;
  let heard: { deviceId: string; seqs: number[] }[];
  let events: TypedEvents<PushEvents>;
  /** The real database, with its transactions counted: what the batching is for. */
  let store: Pick<Database, 'outbox' | 'transaction'>;

  before(async () => {
    db = await engine.open();
    await seedDemoHousehold(db);
  });
  after(() => db.close());

  beforeEach(async () => {
    for (const id of [LIVING, BEDROOM]) await db.outbox.ack(id, await db.outbox.lastSeq(id));
    transactions = 0;
    heard = [];
    events = new TypedEvents<PushEvents>();
    events.on(
      'acked',
      ({ deviceId, entries }) => void heard.push({ deviceId, seqs: entries.map((e) => e.seq) }),
    );
    store = {
      outbox: db.outbox,
      transaction: (work) => (transactions++, db.transaction(work)),
    };
  });

  async function enqueue(deviceId: string, count: number): Promise<OutboxEntry[]> {
    const entries: OutboxEntry[] = [];
    for (let i = 0; i < count; i++) {
      const { entry } = await db.outbox.enqueue(deviceId, {
        id: crypto.randomUUID(),
        name: 'voicemail.new',
        data: { n: i },
        at: new Date().toISOString(),
        expiresAt: Date.now() + 60_000,
      });
      entries.push(entry);
    }
    return entries;
  }

  const pendingSeqs = async (deviceId: string) =>
    (await db.outbox.pending(deviceId, 0, Date.now())).map((e) => e.seq);

  test('acknowledgements of several devices within the window are recorded in one transaction', async () => {
    const living = await enqueue(LIVING, 3);
    const bedroom = await enqueue(BEDROOM, 2);
    const acks = new Acknowledgements({ store, events, now: Date.now, windowMs: 20 });

    await Promise.all([
      acks.add(LIVING, living[2]!.seq, living),
      acks.add(BEDROOM, bedroom[0]!.seq, bedroom.slice(0, 1)),
    ]);

    assert.equal(transactions, 1);
    assert.deepEqual(await pendingSeqs(LIVING), []);
    assert.deepEqual(await pendingSeqs(BEDROOM), [bedroom[1]!.seq]);
    assert.deepEqual(
      heard.sort((a, b) => a.deviceId.localeCompare(b.deviceId)),
      [
        { deviceId: BEDROOM, seqs: [bedroom[0]!.seq] },
        { deviceId: LIVING, seqs: living.map((e) => e.seq) },
      ].sort((a, b) => a.deviceId.localeCompare(b.deviceId)),
    );
  });

  test('an add resolves only once its acknowledgement is committed', async () => {
    const living = await enqueue(LIVING, 1);
    const acks = new Acknowledgements({ store, events, now: Date.now, windowMs: 20 });
    const recorded = acks.add(LIVING, living[0]!.seq, living);
    // Before the window closes nothing is written: the event is still pending.
    assert.deepEqual(await pendingSeqs(LIVING), [living[0]!.seq]);
    await recorded;
    assert.deepEqual(await pendingSeqs(LIVING), []);
  });

  test('two acknowledgements of one device in one batch: the later covers the earlier, told once', async () => {
    const living = await enqueue(LIVING, 4);
    const acks = new Acknowledgements({ store, events, now: Date.now, windowMs: 20 });
    await Promise.all([
      acks.add(LIVING, living[1]!.seq, living.slice(0, 2)),
      acks.add(LIVING, living[3]!.seq, living.slice(2, 4)),
    ]);
    assert.deepEqual(await pendingSeqs(LIVING), []);
    assert.deepEqual(heard, [{ deviceId: LIVING, seqs: living.map((e) => e.seq) }]);
    assert.equal(transactions, 1);
  });

  test('without the sent events (a socket that resumed), what reached the device is read from the outbox', async () => {
    const living = await enqueue(LIVING, 3);
    const acks = new Acknowledgements({ store, events, now: Date.now, windowMs: 5 });
    await acks.add(LIVING, living[1]!.seq);
    assert.deepEqual(heard, [{ deviceId: LIVING, seqs: [living[0]!.seq, living[1]!.seq] }]);
    assert.deepEqual(await pendingSeqs(LIVING), [living[2]!.seq]);
  });

  test("one device's failing acknowledgement does not hold back the others of its batch", async () => {
    const living = await enqueue(LIVING, 1);
    const bedroom = await enqueue(BEDROOM, 1);
    const failing: Pick<Database, 'outbox' | 'transaction'> = {
      ...store,
      outbox: {
        ...db.outbox,
        epoch: db.outbox.epoch,
        ack: (deviceId, seq) =>
          deviceId === BEDROOM ? Promise.reject(new Error('disk full')) : db.outbox.ack(deviceId, seq),
      },
    };
    const acks = new Acknowledgements({ store: failing, events, now: Date.now, windowMs: 20 });
    const results = await Promise.allSettled([
      acks.add(LIVING, living[0]!.seq, living),
      acks.add(BEDROOM, bedroom[0]!.seq, bedroom),
    ]);
    assert.equal(results[0].status, 'fulfilled');
    assert.equal(results[1].status, 'rejected');
    assert.deepEqual(await pendingSeqs(LIVING), []);
    // The failed one is still pending: the device is sent it again and drops it by its sequence number.
    assert.deepEqual(await pendingSeqs(BEDROOM), [bedroom[0]!.seq]);
  });

  test('flush records what waits at once (a gateway closing)', async () => {
    const living = await enqueue(LIVING, 1);
    const acks = new Acknowledgements({ store, events, now: Date.now, windowMs: 60_000 });
    const recorded = acks.add(LIVING, living[0]!.seq, living);
    await acks.flush();
    await recorded;
    assert.deepEqual(await pendingSeqs(LIVING), []);
  });
});
