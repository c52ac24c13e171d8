import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, test } from 'node:test';
import { engineFromEnvironment } from '../../tests/helpers/backend/engines.ts';
import { armAndKill } from '../../tests/helpers/backend/killed-process.ts';
import { RecordingPublisher, type PublishedCall } from '../../tests/helpers/backend/recording-publisher.ts';
import { MemorySharedState } from '../cluster/shared-state.ts';
import { DisplayStates } from '../displays/display-states.ts';
import { NO_GUIDE } from '../displays/programme-guide.ts';
import { silentLogger } from '../log.ts';
import { InProcessBus } from '../push/device-bus.ts';
import { OutboxPublisher } from '../push/outbox-publisher.ts';
import { DEMO, seedDemoHousehold } from '../seed.ts';
import type { DatabaseLocation } from '../store/database-location.ts';
import type { Database } from '../store/database.ts';
import { TextRelay } from './text-relay.ts';
import type { StoredText } from './text-repository.ts';

const engine = engineFromEnvironment();
const { livingRoom, maryPhone } = DEMO.devices;

function queuedText(expiresAt: number): StoredText {
  const createdAt = expiresAt - 60 * 60_000;
  return {
    id: `txt_${randomUUID()}`,
    clientId: randomUUID(),
    householdId: DEMO.householdId,
    fromDevice: livingRoom.id,
    proxyDevice: maryPhone.id,
    recipient: '5055551313',
    payload: 'On my way',
    status: 'queued',
    reason: null,
    createdAt,
    expiresAt,
  };
}

/** The "failed" news the sender (the TV that wrote the text) was told, one per publish. */
const failuresToSender = (calls: readonly PublishedCall[], textId: string) =>
  calls.filter((c) => c.deviceId === livingRoom.id && c.id === `text.updated:${textId}:failed`);

describe(`a text's wait for an offline phone with two backend processes on one ${engine.name} database`, () => {
  const stores: Database[] = [];
  const relays: TextRelay[] = [];
  afterEach(async () => {
    for (const r of relays.splice(0)) r.stop();
    for (const s of stores.splice(0)) await s.close();
  });

  async function backendProcess(location: DatabaseLocation, calls: PublishedCall[], sweepMs?: number) {
    const store = await engine.open(location);
    stores.push(store);
    const relay = new TextRelay({
      store,
      gateway: new RecordingPublisher(new OutboxPublisher({ store, bus: new InProcessBus() }), calls),
      log: silentLogger,
      displays: new DisplayStates({ store, guide: NO_GUIDE, state: new MemorySharedState() }),
      sweepMs,
    });
    relays.push(relay);
    return { store, relay };
  }

  async function sharedDatabase() {
    const location = await engine.newLocation();
    const store = await engine.open(location);
    await seedDemoHousehold(store);
    await store.close();
    return location;
  }

  // See held-alerts-across-processes.test.ts: two connections in one process deadlock on SQLite.
  const onlyPostgres = engine.name === 'SQLite' && 'several processes share a database only on PostgreSQL';

  test(
    'both processes sweeping past the deadline fail each text once and tell the sender once',
    { skip: onlyPostgres },
    async () => {
      const location = await sharedDatabase();
      const calls: PublishedCall[] = [];
      const a = await backendProcess(location, calls);
      const b = await backendProcess(location, calls);
      const texts = [queuedText(Date.now() - 1), queuedText(Date.now() - 1), queuedText(Date.now() - 1)];
      for (const text of texts) await a.store.texts.add(text);
      const [byA, byB] = await Promise.all([a.relay.sweep(), b.relay.sweep()]);
      assert.ok(byA + byB >= 3, `both saw the overdue texts (${byA} + ${byB})`);
      for (const text of texts) {
        assert.equal(failuresToSender(calls, text.id).length, 1, `${text.id}: the sender told once`);
        assert.equal((await b.store.texts.get(text.id))?.status, 'failed');
      }
    },
  );

  test('a text queued by a process killed -9 still fails at its deadline, once, in another process', async () => {
    const location = await sharedDatabase();
    const calls: PublishedCall[] = [];
    const survivor = await backendProcess(location, calls, 100);
    survivor.relay.start();
    const text = queuedText(Date.now() + 700);
    await armAndKill({ kind: 'text', location, text });
    const deadline = Date.now() + 10_000;
    while (failuresToSender(calls, text.id).length === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 25));
    assert.equal(failuresToSender(calls, text.id).length, 1, 'the sender was told it failed');
    const stored = await survivor.store.texts.get(text.id);
    assert.equal(stored?.status, 'failed');
    assert.match(stored.reason ?? '', /offline for 60 minutes/);
    // The sweeps after the one that failed it find nothing: the next sweep's answer is the barrier.
    assert.equal(await survivor.relay.sweep(), 0);
    assert.equal(failuresToSender(calls, text.id).length, 1, 'and told only once');
  });
});
