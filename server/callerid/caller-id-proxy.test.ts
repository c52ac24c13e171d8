import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import type { CallPlaced, PolicyConfig } from '../../protocol/index.ts';
import { DEMO, demoPolicy } from '../seed.ts';
import { startBackend, type Harness } from '../../tests/helpers/backend/harness.ts';

const { maryPhone, livingRoom, bedroom } = DEMO.devices;

/** The demo's rules with caller ID on TV turned on and the living-room relationship carrying it. */
function callerIdOn(over: (config: PolicyConfig) => void = () => {}): PolicyConfig {
  const config = demoPolicy();
  config.callerIdOnTv = true;
  config.relationships[0]!.contentTypes = ['voicemail', 'callerid'];
  over(config);
  return config;
}

describe('caller ID on the TV', () => {
  let h: Harness;
  afterEach(() => h.close());

  async function ring(from = { callerName: 'Jane', callerNumber: '505-555-1313' }, to = '505-555-1212') {
    const res = await fetch(`${h.simUrl}/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to, ...from }),
    });
    return { status: res.status, body: (await res.json()) as CallPlaced };
  }

  async function end(callId: string, reason = 'voicemail') {
    return fetch(`${h.simUrl}/calls/${callId}/end`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reason }),
    });
  }

  const events = async (deviceId: string, name: string) =>
    (await h.store.outbox.pending(deviceId, 0, Date.now()))
      .filter((e) => e.name === name)
      .map((e) => JSON.parse(e.data) as Record<string, unknown>);

  test('off until the holder turns it on: a ringing line reaches no display, and the log says why', async () => {
    h = await startBackend();
    const { status, body } = await ring();
    assert.equal(status, 201);
    assert.equal(body.proxyNotified, true);
    assert.deepEqual(await events(livingRoom.id, 'callerid.incoming'), []);
    const log = (await h.store.deliveryLog.list(DEMO.householdId, 10)).filter(
      (e) => e.contentType === 'callerid',
    );
    assert.deepEqual(
      log.map((e) => [e.deviceId, e.outcome, e.detail['reasons']]).sort(),
      [
        [bedroom.id, 'suppress', ['no-relationship']],
        [livingRoom.id, 'suppress', ['content-type-off', 'callerid-off']],
      ].sort(),
    );
  });

  test('turned on: the living-room TV is told who is calling whom, and told again when it stops ringing', async () => {
    h = await startBackend();
    await h.app.proxy.register(DEMO.householdId, callerIdOn());
    const { body } = await ring();
    const [incoming] = await events(livingRoom.id, 'callerid.incoming');
    assert.deepEqual(incoming, {
      callId: body.callId,
      line: maryPhone.phoneNumber,
      lineOwner: 'Mary',
      callerName: 'Jane',
      callerNumber: '5055551313',
      at: incoming!['at'],
    });
    assert.deepEqual(await events(bedroom.id, 'callerid.incoming'), []);
    // The phone rings by itself: it is not sent caller ID.
    assert.deepEqual(await events(maryPhone.id, 'callerid.incoming'), []);
    assert.equal((await end(body.callId)).status, 200);
    assert.deepEqual(await events(livingRoom.id, 'callerid.ended'), [
      { callId: body.callId, reason: 'voicemail' },
    ]);
    assert.deepEqual(await events(bedroom.id, 'callerid.ended'), []);
    // Ended once: a second end is unknown.
    assert.equal((await end(body.callId)).status, 404);
  });

  test('a ringing call is short-lived news: it expires from the outbox within a minute', async () => {
    h = await startBackend();
    await h.app.proxy.register(DEMO.householdId, callerIdOn());
    await ring();
    const [entry] = await h.store.outbox.pending(livingRoom.id, 0, Date.now());
    assert.ok(entry!.expiresAt - Date.now() <= 60_000);
    assert.deepEqual(await h.store.outbox.pending(livingRoom.id, 0, Date.now() + 61_000), []);
  });

  test("the display's privacy and the caller lists hold for calls too", async () => {
    h = await startBackend();
    await h.app.proxy.register(
      DEMO.householdId,
      callerIdOn((c) => {
        c.privacy[livingRoom.id] = { level: 'number-only', privateCallers: ['5055559999'] };
        c.relationships[0]!.blockedCallers = ['5055550000'];
      }),
    );
    await ring();
    await ring({ callerName: 'Secret', callerNumber: '505-555-9999' });
    await ring({ callerName: 'Pest', callerNumber: '505-555-0000' });
    const shown = (await events(livingRoom.id, 'callerid.incoming')).map((e) => [
      e['callerName'],
      e['callerNumber'],
      e['show'],
    ]);
    assert.deepEqual(shown, [
      ['', '5055551313', 'number-only'],
      ['', '', 'private'],
    ]);
  });

  test('a line no household has rings nowhere; an unknown line is refused by the carrier', async () => {
    h = await startBackend();
    const ana = await ring(undefined, '505-555-1616');
    assert.equal(ana.status, 201);
    assert.equal(ana.body.proxyNotified, true);
    assert.equal((await ring(undefined, '505-555-0001')).status, 404);
  });
});
