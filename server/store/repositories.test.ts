import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../tests/helpers/backend/engines.ts';
import type { DeferredAlert } from '../displays/held-alert-repository.ts';
import { DEMO, seedDemoHousehold } from '../seed.ts';

/** Past 2^31 ms (January 1970 + 24 days): a time PostgreSQL's 32-bit INTEGER could not hold. */
const NOW = Date.parse('2026-12-05T12:00:00Z');
const alertData = (messageId: string): DeferredAlert['data'] => ({
  messageId,
  mailbox: '5055550100',
  mailboxOwner: 'Mary',
  callerName: 'Jane',
  callerNumber: '5055551313',
  receivedAt: new Date(NOW).toISOString(),
  durationSec: 3,
});

// The repositories' queries that lean on what engines do differently: row ids and their order, aggregates over
// BIGINT, LIKE, upserts and claims that answer whether they took. The services' tests run them all on either
// engine too (COUCHLINE_TEST_DATABASE=postgres).
forEachEngine((engine) => {
  test('rate limits: a counter adds up in its window, starts again once it has passed, and expired ones are purged', async () => {
    const store = await engine.open();
    const { rateLimits } = store;
    assert.deepEqual(await rateLimits.add('login:mary', 1, NOW + 1000, NOW), {
      points: 1,
      expire: NOW + 1000,
    });
    assert.deepEqual(await rateLimits.add('login:mary', 1, NOW + 1500, NOW + 500), {
      points: 2,
      expire: NOW + 1000,
    });
    assert.deepEqual(await rateLimits.get('login:mary', NOW + 999), { points: 2, expire: NOW + 1000 });
    assert.equal(await rateLimits.get('login:mary', NOW + 1000), undefined, 'its window has passed');
    assert.deepEqual(
      await rateLimits.add('login:mary', 1, NOW + 2000, NOW + 1000),
      { points: 1, expire: NOW + 2000 },
      'a new window',
    );
    // Many processes adding at once: every one is counted (one statement each).
    await Promise.all(Array.from({ length: 20 }, () => rateLimits.add('code:all', 1, NOW + 60_000, NOW)));
    assert.equal((await rateLimits.get('code:all', NOW))?.points, 20);
    await rateLimits.add('pin:old', 1, NOW + 10, NOW);
    assert.equal(await rateLimits.purgeExpired(NOW + 100), 1);
    assert.equal(await rateLimits.delete('login:mary'), true);
    assert.equal(await rateLimits.delete('login:mary'), false);
    await store.close();
  });

  test('held alerts: the next due time, then the due ones taken oldest first, once', async () => {
    const store = await engine.open();
    await seedDemoHousehold(store);
    const { livingRoom, bedroom } = DEMO.devices;
    await store.heldAlerts.hold({
      deviceId: livingRoom.id,
      until: NOW + 500,
      programmeTitle: 'News',
      data: alertData('m1'),
    });
    await store.heldAlerts.hold({
      deviceId: livingRoom.id,
      until: NOW + 500,
      programmeTitle: 'News',
      data: alertData('m2'),
    });
    await store.heldAlerts.hold({
      deviceId: bedroom.id,
      until: NOW + 900,
      programmeTitle: 'Film',
      data: alertData('m3'),
    });
    assert.equal(await store.heldAlerts.nextDueAt(), NOW + 500);
    const due = await store.heldAlerts.take(NOW + 600);
    assert.deepEqual(
      due.map((a) => [a.deviceId, a.until, a.data.messageId]),
      [
        [livingRoom.id, NOW + 500, 'm1'],
        [livingRoom.id, NOW + 500, 'm2'],
      ],
    );
    assert.deepEqual(await store.heldAlerts.take(NOW + 600), []);
    assert.equal(await store.heldAlerts.nextDueAt(), NOW + 900);
    await store.close();
  });

  test('the delivery log lists newest first, and knows what a device was sent', async () => {
    const store = await engine.open();
    await seedDemoHousehold(store);
    const entry = (subject: string, outcome: string) => ({
      at: new Date(NOW).toISOString(),
      contentType: 'voicemail' as const,
      subject,
      deviceId: DEMO.devices.livingRoom.id,
      outcome,
      detail: { reasons: [] },
    });
    await store.deliveryLog.append(DEMO.householdId, [entry('m1', 'deliver'), entry('m2', 'suppress')]);
    await store.deliveryLog.append(DEMO.householdId, [entry('m1', 'delivered')]);
    assert.deepEqual(
      (await store.deliveryLog.list(DEMO.householdId, 10)).map((e) => [e.subject, e.outcome]),
      [
        ['m1', 'delivered'],
        ['m2', 'suppress'],
        ['m1', 'deliver'],
      ],
    );
    assert.equal(await store.deliveryLog.wasSent(DEMO.householdId, 'm1', DEMO.devices.livingRoom.id), true);
    assert.equal(await store.deliveryLog.wasSent(DEMO.householdId, 'm9', DEMO.devices.livingRoom.id), false);
    await store.close();
  });

  test('claims answer whether they took: a webhook id and a box assertion are used once', async () => {
    const store = await engine.open();
    assert.equal(await store.webhookIds.claim('hook_1', NOW + 300_000, NOW), true);
    assert.equal(await store.webhookIds.claim('hook_1', NOW + 300_000, NOW + 1), false);
    assert.equal(await store.enrollmentCodes.claimOnce('fxt:jti-1', NOW + 60_000, NOW), true);
    assert.equal(await store.enrollmentCodes.claimOnce('fxt:jti-1', NOW + 60_000, NOW + 1), false);
    assert.equal(await store.settings.setIfAbsent('outbox.epoch-test', 'first'), 'first');
    assert.equal(await store.settings.setIfAbsent('outbox.epoch-test', 'second'), 'first');
    await store.close();
  });

  test("a joint account's carrier accounts come back in the order they were linked", async () => {
    const store = await engine.open();
    await seedDemoHousehold(store);
    const accounts = [
      { directory: 'wireless', accountId: 'w-9', holderName: 'Zoe', via: 'credentials' },
      { directory: 'cable', accountId: 'c-1', holderName: 'Ann', via: 'consent' },
      { directory: 'wireless', accountId: 'w-1', holderName: 'Bob', via: 'consent' },
    ] as const;
    await store.accounts.setLogin(DEMO.householdId, { passwordHash: 'hash', billingCode: 'code', accounts });
    assert.deepEqual(
      (await store.accounts.get(DEMO.householdId))?.accounts.map((a) => a.accountId),
      ['w-9', 'c-1', 'w-1'],
    );
    await store.close();
  });

  test("the outbox's backlog: every device's unacknowledged rows and the oldest one's time, none once acknowledged", async () => {
    const store = await engine.open();
    await seedDemoHousehold(store);
    const { livingRoom, bedroom } = DEMO.devices;
    assert.deepEqual(await store.outbox.backlog(), { depth: 0, oldestAt: null });
    const event = (id: string, at: number) => ({
      id,
      name: 'voicemail.new',
      data: {},
      at: new Date(at).toISOString(),
      expiresAt: at + 3600_000,
    });
    await store.outbox.enqueue(livingRoom.id, event('e1', NOW + 1000));
    await store.outbox.enqueue(livingRoom.id, event('e2', NOW + 2000));
    await store.outbox.enqueue(bedroom.id, event('e3', NOW));
    assert.deepEqual(await store.outbox.backlog(), { depth: 3, oldestAt: new Date(NOW).toISOString() });
    await store.outbox.ack(bedroom.id, 1);
    assert.deepEqual(await store.outbox.backlog(), {
      depth: 2,
      oldestAt: new Date(NOW + 1000).toISOString(),
    });
    await store.close();
  });
});
