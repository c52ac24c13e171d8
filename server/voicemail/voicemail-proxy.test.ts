import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { ErrorCode, type DepositResponse, type VoicemailDepositedHook } from '../../protocol/index.ts';
import { DEMO, demoPolicy } from '../seed.ts';
import { startBackend, type Harness } from '../../tests/helpers/backend/harness.ts';
import { createTestApp, TEST_WEBHOOK_SECRET, type TestApp } from '../../tests/helpers/backend/test-app.ts';
import { signedWebhookHeaders } from './webhook-signature.ts';

const hook = (over: Partial<VoicemailDepositedHook> = {}): VoicemailDepositedHook => ({
  type: 'message.deposited',
  messageId: 'msg_1',
  mailbox: '5055551212',
  callerName: 'Jane',
  callerNumber: '5055551313',
  receivedAt: '2026-11-22T20:00:00.000Z',
  durationSec: 12.3,
  format: 'amr-nb',
  ...over,
});

describe('voicemail webhook → proxy', () => {
  let h: TestApp;
  afterEach(() => h.close());

  // Signed as the carrier signs (carrier-webhook.test.ts tests the signature, its timestamp and replays).
  const post = (body: string) =>
    h.app.http.request('/hooks/voicemail', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signedWebhookHeaders(TEST_WEBHOOK_SECRET, body) },
      body,
    });

  test("queues voicemail.new for Mary's phone and the living-room STB, and no other device", async () => {
    h = await createTestApp();
    const res = await post(JSON.stringify(hook()));
    assert.equal(res.status, 202);
    assert.deepEqual(await res.json(), {
      accepted: true,
      recipients: [DEMO.devices.maryPhone.id, DEMO.devices.livingRoom.id],
    });
    const [event] = await h.store.outbox.pending(DEMO.devices.livingRoom.id, 0, Date.now());
    assert.equal(event?.name, 'voicemail.new');
    assert.deepEqual(JSON.parse(event.data), {
      messageId: 'msg_1',
      mailbox: '5055551212',
      mailboxOwner: 'Mary',
      callerName: 'Jane',
      callerNumber: '5055551313',
      receivedAt: '2026-11-22T20:00:00.000Z',
      durationSec: 12.3,
      transcript: null,
    });
    assert.equal((await h.store.outbox.pending(DEMO.devices.bedroom.id, 0, Date.now())).length, 0);
    assert.equal((await h.store.outbox.pending(DEMO.devices.simonPhone.id, 0, Date.now())).length, 0);
  });

  test("Simon's voicemail reaches only Simon's phone (no relationship to an STB)", async () => {
    h = await createTestApp();
    const res = await post(JSON.stringify(hook({ mailbox: '5055551414' })));
    assert.deepEqual(((await res.json()) as { recipients: string[] }).recipients, [
      DEMO.devices.simonPhone.id,
    ]);
  });

  test("the carrier's transcript travels with the alert", async () => {
    h = await createTestApp();
    await post(JSON.stringify(hook({ transcript: 'Hi Mary, call me back' })));
    const [event] = await h.store.outbox.pending(DEMO.devices.livingRoom.id, 0, Date.now());
    assert.equal((JSON.parse(event!.data) as { transcript: string }).transcript, 'Hi Mary, call me back');
  });

  test('the same deposit told again (a new webhook id) does not queue the alert twice', async () => {
    h = await createTestApp();
    await post(JSON.stringify(hook()));
    await post(JSON.stringify(hook()));
    assert.equal((await h.store.outbox.pending(DEMO.devices.livingRoom.id, 0, Date.now())).length, 1);
  });

  test('a malformed body is refused with PROTOCOL_MALFORMED and changes nothing', async () => {
    h = await createTestApp();
    for (const body of [
      '{oops',
      JSON.stringify({ ...hook(), mailbox: 'call me' }),
      JSON.stringify({ ...hook(), extra: 1 }),
    ]) {
      const res = await post(body);
      assert.equal(res.status, 400);
      assert.equal(
        ((await res.json()) as { error: { code: string } }).error.code,
        ErrorCode.ProtocolMalformed,
      );
    }
    assert.equal((await h.store.outbox.pending(DEMO.devices.maryPhone.id, 0, Date.now())).length, 0);
  });

  test('an oversized body is refused with 413 before it is parsed', async () => {
    h = await createTestApp();
    const res = await post(JSON.stringify({ ...hook(), callerName: 'x'.repeat(20_000) }));
    assert.equal(res.status, 413);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, ErrorCode.ProtocolTooLarge);
  });

  test('a caller name full of markup is stored and sent as plain data', async () => {
    h = await createTestApp();
    const name = '<img src=x onerror=alert(1)>';
    await post(JSON.stringify(hook({ callerName: name })));
    const [event] = await h.store.outbox.pending(DEMO.devices.livingRoom.id, 0, Date.now());
    assert.equal((JSON.parse(event!.data) as { callerName: string }).callerName, name);
  });

  test('the routing rules decide: outside its window the living-room TV is not told, and the log says why', async () => {
    h = await createTestApp();
    const policy = demoPolicy();
    // The rule is for every day but today in Denver: the engine decides at the time the alert goes out.
    const today = new Date().toLocaleDateString('en-US', { timeZone: 'America/Denver', weekday: 'short' });
    const todayIso = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(today) + 1;
    policy.relationships[0]!.windows = [
      { days: [1, 2, 3, 4, 5, 6, 7].filter((d) => d !== todayIso), start: '00:00', end: '24:00' },
    ];
    await h.store.policies.set(DEMO.householdId, policy);
    const res = await post(JSON.stringify(hook()));
    assert.deepEqual(((await res.json()) as { recipients: string[] }).recipients, [
      DEMO.devices.maryPhone.id,
    ]);
    assert.equal((await h.store.outbox.pending(DEMO.devices.livingRoom.id, 0, Date.now())).length, 0);
    const log = await h.store.deliveryLog.list(DEMO.householdId, 10);
    const byDevice = Object.fromEntries(
      log.map((e) => [e.deviceId, [e.outcome, e.detail['reasons'] ?? null]]),
    );
    assert.deepEqual(byDevice, {
      [DEMO.devices.maryPhone.id]: ['deliver', null],
      [DEMO.devices.livingRoom.id]: ['suppress', ['outside-window']],
      [DEMO.devices.bedroom.id]: ['suppress', ['no-relationship']],
    });
    assert.ok(log.every((e) => e.subject === 'msg_1' && e.contentType === 'voicemail'));
  });

  test("a private display is sent neither the caller's name, number nor words — now or when the message changes", async () => {
    h = await createTestApp();
    const policy = demoPolicy();
    policy.privacy[DEMO.devices.livingRoom.id] = { level: 'private', privateCallers: [] };
    await h.store.policies.set(DEMO.householdId, policy);
    await post(JSON.stringify(hook({ transcript: 'Hi Mary, it is Jane' })));
    const [event] = await h.store.outbox.pending(DEMO.devices.livingRoom.id, 0, Date.now());
    const data = JSON.parse(event!.data) as Record<string, unknown>;
    assert.deepEqual(
      [data['callerName'], data['callerNumber'], data['transcript'], data['show'], data['mailboxOwner']],
      ['', '', null, 'private', 'Mary'],
    );
    // Mary's own phone still gets everything.
    const [own] = await h.store.outbox.pending(DEMO.devices.maryPhone.id, 0, Date.now());
    assert.equal((JSON.parse(own!.data) as { callerName: string }).callerName, 'Jane');
    assert.deepEqual(await h.store.voicemail.recipients('msg_1'), [
      { deviceId: DEMO.devices.maryPhone.id, show: 'name-and-number' },
      { deviceId: DEMO.devices.livingRoom.id, show: 'private' },
    ]);
    // Mary keeps it for later on her phone: the TV hears of it, still without the name.
    await h.app.voicemail.later((await h.store.devices.get(DEMO.devices.maryPhone.id))!, 'msg_1');
    const updated = (await h.store.outbox.pending(DEMO.devices.livingRoom.id, 0, Date.now())).find(
      (e) => e.name === 'voicemail.updated',
    );
    assert.equal((JSON.parse(updated!.data) as { callerName: string }).callerName, '');
    const toPhone = (await h.store.outbox.pending(DEMO.devices.maryPhone.id, 0, Date.now())).find(
      (e) => e.name === 'voicemail.updated',
    );
    assert.equal((JSON.parse(toPhone!.data) as { callerName: string }).callerName, 'Jane');
  });

  test('a number-only display gets the number without the name', async () => {
    h = await createTestApp();
    const policy = demoPolicy();
    policy.privacy[DEMO.devices.livingRoom.id] = { level: 'number-only', privateCallers: [] };
    await h.store.policies.set(DEMO.householdId, policy);
    await post(JSON.stringify(hook()));
    const [event] = await h.store.outbox.pending(DEMO.devices.livingRoom.id, 0, Date.now());
    const data = JSON.parse(event!.data) as Record<string, unknown>;
    assert.deepEqual(
      [data['callerName'], data['callerNumber'], data['show']],
      ['', '5055551313', 'number-only'],
    );
  });

  test('stopping a relationship stops it everywhere: no alert, and the TV no longer lists that mailbox', async () => {
    h = await createTestApp();
    const policy = demoPolicy();
    policy.relationships[0]!.stopped = true;
    await h.store.policies.set(DEMO.householdId, policy);
    await post(JSON.stringify(hook()));
    assert.equal((await h.store.outbox.pending(DEMO.devices.livingRoom.id, 0, Date.now())).length, 0);
    assert.deepEqual(await h.store.policies.sources(DEMO.devices.livingRoom.id, 'voicemail'), []);
    assert.equal(
      (await h.store.deliveryLog.list(DEMO.householdId, 10)).find(
        (e) => e.deviceId === DEMO.devices.livingRoom.id,
      )?.outcome,
      'suppress',
    );
  });

  test('a deposit for a mailbox no household follows is accepted with no recipients', async () => {
    h = await createTestApp();
    const res = await post(JSON.stringify(hook({ mailbox: '2125550000' })));
    assert.equal(res.status, 202);
    assert.deepEqual(((await res.json()) as { recipients: string[] }).recipients, []);
  });
});

describe('demo routes', () => {
  let h: TestApp;
  afterEach(() => h.close());

  test('pairing issues a working token for a demo device only', async () => {
    h = await createTestApp();
    const ok = await h.app.http.request('/api/demo/pair', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId: DEMO.devices.bedroom.id }),
    });
    assert.equal(ok.status, 201);
    const { token } = (await ok.json()) as { token: string };
    assert.equal((await h.app.tokens.verify(token))?.id, DEMO.devices.bedroom.id);

    const unknown = await h.app.http.request('/api/demo/pair', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId: 'stb-of-the-neighbours' }),
    });
    assert.equal(unknown.status, 404);
  });

  test('demo routes are off unless the server runs in demo mode', async () => {
    h = await createTestApp({ demoHouseholdId: null });
    const res = await h.app.http.request('/api/demo/devices');
    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, ErrorCode.DemoDisabled);
  });
});

describe('a message left at the carrier', () => {
  let h: Harness;
  afterEach(() => h.close());

  // The carrier's voicemail server and our proxy together: its webhook needs our backend listening.
  test('a spoken message becomes AMR-NB, is stored, and reaches the proxy over a signed webhook', async () => {
    h = await startBackend();
    const res = await h.sim.app.request('/mailboxes/505-555-1212/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        callerName: 'Jane',
        callerNumber: '505-555-1313',
        say: 'Hi Mary, call me back',
      }),
    });
    assert.equal(res.status, 201);
    const body = (await res.json()) as DepositResponse;
    assert.equal(body.proxyNotified, true);
    assert.equal(body.format, 'amr-nb');
    assert.ok(body.durationSec > 1 && body.durationSec < 5, `spoken duration ${body.durationSec}s`);
    const [stored] = h.sim.mailboxes.listMessages('5055551212');
    assert.equal(stored?.callerNumber, '5055551313');
    assert.equal(stored?.transcript, 'Hi Mary, call me back');
    const queued = await h.store.outbox.pending(DEMO.devices.livingRoom.id, 0, Date.now());
    assert.equal(queued.length, 1);
    assert.equal((JSON.parse(queued[0]!.data) as { messageId: string }).messageId, body.messageId);
  });
});
