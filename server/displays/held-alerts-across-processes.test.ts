import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import type { EventData } from '../../protocol/index.ts';
import { engineFromEnvironment } from '../../tests/helpers/backend/engines.ts';
import { armAndKill } from '../../tests/helpers/backend/killed-process.ts';
import { RecordingPublisher, type PublishedCall } from '../../tests/helpers/backend/recording-publisher.ts';
import { silentLogger } from '../log.ts';
import { InProcessBus } from '../push/device-bus.ts';
import { OutboxPublisher } from '../push/outbox-publisher.ts';
import { DEMO, seedDemoHousehold } from '../seed.ts';
import type { DatabaseLocation } from '../store/database-location.ts';
import type { Database } from '../store/database.ts';
import { DeferredAlerts } from './deferred-alerts.ts';

const engine = engineFromEnvironment();
const { livingRoom, maryPhone } = DEMO.devices;

function alertData(messageId: string): EventData<'voicemail.new'> {
  return {
    messageId,
    mailbox: maryPhone.phoneNumber,
    mailboxOwner: 'Mary',
    callerName: 'Jane',
    callerNumber: '5055551313',
    receivedAt: new Date().toISOString(),
    durationSec: 3,
  };
}

/** Summaries published, each with how many alerts it carried. */
const summaries = (calls: readonly PublishedCall[]) =>
  calls.filter((c) => c.name === 'voicemail.summary').map((c) => (c.data as { count: number }).count);

describe(`a quiet programme's held alerts with two backend processes on one ${engine.name} database`, () => {
  const stores: Database[] = [];
  const held: DeferredAlerts[] = [];
  afterEach(async () => {
    for (const h of held.splice(0)) h.stop();
    for (const s of stores.splice(0)) await s.close();
  });

  /** A "process": its own connection to the shared database, its own timers, one shared record of what it sent. */
  async function backendProcess(location: DatabaseLocation, calls: PublishedCall[], recheckMs?: number) {
    const store = await engine.open(location);
    stores.push(store);
    const publisher = new RecordingPublisher(new OutboxPublisher({ store, bus: new InProcessBus() }), calls);
    const deferred = new DeferredAlerts({ store, gateway: publisher, log: silentLogger, recheckMs });
    held.push(deferred);
    return { store, deferred };
  }

  async function sharedDatabase() {
    const location = await engine.newLocation();
    const store = await engine.open(location);
    await seedDemoHousehold(store);
    await store.close();
    return location;
  }

  // Two processes share a database only on PostgreSQL: embedded SQLite is one process, and two connections in one
  // Node process deadlock there (node:sqlite waits for a lock synchronously, so the holder never gets to commit).
  const onlyPostgres = engine.name === 'SQLite' && 'several processes share a database only on PostgreSQL';

  test(
    'both processes flushing at the programme end deliver each held alert once, in one summary',
    { skip: onlyPostgres },
    async () => {
      const location = await sharedDatabase();
      const calls: PublishedCall[] = [];
      const a = await backendProcess(location, calls);
      const b = await backendProcess(location, calls);
      for (let round = 0; round < 5; round++) {
        const until = Date.now() - 1;
        for (const id of ['m1', 'm2', 'm3'])
          await a.store.heldAlerts.hold({
            deviceId: livingRoom.id,
            until,
            programmeTitle: `Quiz Hour ${round}`,
            data: alertData(`${id}-${round}`),
          });
        const [fromA, fromB] = await Promise.all([a.deferred.flush(), b.deferred.flush()]);
        assert.equal(fromA + fromB, 3, `round ${round}: three alerts taken in all (${fromA} + ${fromB})`);
      }
      assert.deepEqual(summaries(calls), [3, 3, 3, 3, 3]);
      const logged = (await a.store.deliveryLog.list(DEMO.householdId, 500)).filter(
        (e) => (e.detail as { after?: string } | null)?.after === 'quiet-for-programme',
      );
      assert.equal(logged.length, 15, 'each held alert logged as delivered once');
      assert.equal(await b.store.heldAlerts.nextDueAt(), null);
    },
  );

  test('an alert held by a process killed -9 before the programme ended is delivered once by another', async () => {
    const location = await sharedDatabase();
    const calls: PublishedCall[] = [];
    // The surviving process started before the alert was held: its own first look found nothing due.
    const survivor = await backendProcess(location, calls, 100);
    survivor.deferred.start();
    await armAndKill({
      kind: 'held-alert',
      location,
      deviceId: livingRoom.id,
      until: Date.now() + 700,
      programmeTitle: 'The Evening News',
      data: alertData('m-orphan'),
    });
    const deadline = Date.now() + 10_000;
    while (summaries(calls).length === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 25));
    assert.deepEqual(summaries(calls), [1], 'the survivor delivered the orphaned alert as a summary');
    assert.equal(await survivor.store.heldAlerts.nextDueAt(), null, 'nothing left held to deliver again');
    const outbox = await survivor.store.outbox.pending(livingRoom.id, 0, Date.now());
    assert.deepEqual(
      outbox
        .filter((e) => e.name === 'voicemail.summary')
        .map((e) => (JSON.parse(e.data) as { programmeTitle: string }).programmeTitle),
      ['The Evening News'],
    );
  });
});
