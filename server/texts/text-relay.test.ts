import assert from 'node:assert/strict';
import type { ApiError } from '../http/api-error.ts';
import { HTTP_STATUS } from '../http/error-status.ts';
import { afterEach, describe, test } from 'node:test';
import {
  openRelationship,
  type ErrorBody,
  type PresenceStatus,
  type ServerFrame,
  type TextView,
} from '../../protocol/index.ts';
import { silentLogger } from '../log.ts';
import { DEMO } from '../seed.ts';
import { settle, startBackend, TestDevice, type Harness } from '../../tests/helpers/backend/harness.ts';
import { TextRelay } from './text-relay.ts';

const { maryPhone, simonPhone, livingRoom, bedroom } = DEMO.devices;
const PHONE_CAPS = ['sms', 'voice', 'display', 'audio'];

describe('texts through the phone: the relay', () => {
  let h: Harness;
  afterEach(() => h.close());

  async function call<T>(token: string, method: string, path: string, body?: unknown) {
    const res = await h.app.http.request(`/api${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T & ErrorBody };
  }

  /** Mary's phone as proxy, the living-room TV allowed to send, the bedroom TV allowed to receive copies. */
  async function household(
    grants: { tv?: string[]; bedroom?: string[] } = { tv: ['send'], bedroom: ['receive'] },
  ) {
    const tokens = {
      phone: await h.app.tokens.issue(maryPhone.id),
      tv: await h.app.tokens.issue(livingRoom.id),
      bedroom: await h.app.tokens.issue(bedroom.id),
      simon: await h.app.tokens.issue(simonPhone.id),
    };
    const profile = async (token: string, capabilities: string[]) =>
      (await call<PresenceStatus>(token, 'PUT', '/identity/presence', { capabilities })).body.profile
        .profileId;
    const ids = {
      tv: await profile(tokens.tv, ['display', 'audio']),
      bedroom: await profile(tokens.bedroom, ['display']),
      simon: await profile(tokens.simon, PHONE_CAPS),
    };
    const authorize = (g: typeof grants) =>
      call<PresenceStatus>(tokens.phone, 'PUT', '/identity/presence', {
        capabilities: PHONE_CAPS,
        authorized: [
          ...(g.tv ? [{ profileId: ids.tv, scopes: g.tv }] : []),
          ...(g.bedroom ? [{ profileId: ids.bedroom, scopes: g.bedroom }] : []),
        ],
      });
    const proxy = (await authorize(grants)).body.profile.profileId;
    return { tokens, ids, proxy, authorize };
  }

  let n = 0;
  const send = (token: string, proxy: string, over: Record<string, unknown> = {}) =>
    call<TextView>(token, 'POST', '/texts', {
      clientId: `client-${++n}-0000`,
      proxyProfileId: proxy,
      recipient: '505-555-1313',
      payload: 'Watching TV — I’ll call you back',
      sendAsSms: true,
      ...over,
    });
  const updates = (device: TestDevice, textId: string) =>
    device.frames
      .filter(
        (f): f is Extract<ServerFrame, { type: 'event' }> => f.type === 'event' && f.name === 'text.updated',
      )
      .map((f) => f.data as { textId: string; status: string })
      .filter((d) => d.textId === textId)
      .map((d) => d.status);

  test('queued → sent to phone → sent → delivered, told to the sender and to the devices that may see copies', async () => {
    h = await startBackend();
    const { tokens, proxy } = await household();
    const phone = await TestDevice.connect(h.wsUrl, tokens.phone);
    const tv = await TestDevice.connect(h.wsUrl, tokens.tv);
    const bed = await TestDevice.connect(h.wsUrl, tokens.bedroom);
    const simon = await TestDevice.connect(h.wsUrl, tokens.simon);
    const sent = await send(tokens.tv, proxy);
    assert.deepEqual([sent.status, sent.body.status], [202, 'queued']);
    const request = await phone.next((f) => f.type === 'event' && f.name === 'sms.send-request');
    assert.ok(request.type === 'event' && request.name === 'sms.send-request');
    assert.deepEqual(
      [request.data.recipient, request.data.payload, request.data.fromName, request.data.sendAsSms],
      ['5055551313', 'Watching TV — I’ll call you back', 'Living-room TV', true],
    );
    phone.send({ type: 'ack', seq: request.seq });
    await tv.next(
      (f) => f.type === 'event' && f.name === 'text.updated' && f.data.status === 'sent-to-phone',
    );
    const textId = sent.body.textId;
    await call(tokens.phone, 'POST', `/texts/${textId}/status`, { status: 'sent' });
    await call(tokens.phone, 'POST', `/texts/${textId}/status`, { status: 'delivered' });
    await tv.next((f) => f.type === 'event' && f.name === 'text.updated' && f.data.status === 'delivered');
    assert.deepEqual(updates(tv, textId), ['queued', 'sent-to-phone', 'sent', 'delivered']);
    await bed.next((f) => f.type === 'event' && f.name === 'text.updated' && f.data.status === 'delivered');
    assert.deepEqual(updates(bed, textId), ['queued', 'sent-to-phone', 'sent', 'delivered']);
    await phone.next((f) => f.type === 'event' && f.name === 'text.updated' && f.data.status === 'delivered');
    assert.deepEqual(
      updates(phone, textId),
      ['queued', 'sent-to-phone', 'sent', 'delivered'],
      'the proxy too',
    );
    assert.deepEqual(updates(simon, textId), [], 'not on the master list: no copy');
    // Final is final; a status may not go back.
    await call(tokens.phone, 'POST', `/texts/${textId}/status`, { status: 'failed', reason: 'late' });
    assert.equal((await call<TextView>(tokens.tv, 'GET', `/texts/${textId}`)).body.status, 'delivered');
    // Only the proxy reports.
    assert.equal(
      (await call(tokens.tv, 'POST', `/texts/${textId}/status`, { status: 'failed' })).status,
      404,
    );
    for (const d of [phone, tv, bed, simon]) d.socket.close();
  });

  test('a private display’s copy of a text the household sent says neither whom it went to nor its words; the sender and the phone get all of it', async () => {
    h = await startBackend();
    const { tokens, proxy } = await household({ tv: ['send', 'receive'], bedroom: ['receive'] });
    const config = (await h.store.policies.get(DEMO.householdId))!;
    config.privacy[bedroom.id] = { level: 'private', privateCallers: [] };
    await h.app.proxy.register(DEMO.householdId, config);
    const phone = await TestDevice.connect(h.wsUrl, tokens.phone);
    const tv = await TestDevice.connect(h.wsUrl, tokens.tv);
    const bed = await TestDevice.connect(h.wsUrl, tokens.bedroom);
    const sent = await send(tokens.tv, proxy, { payload: 'Dinner at 8, Jane' });
    const textId = sent.body.textId;
    const queued = (device: TestDevice) =>
      device.next((f) => f.type === 'event' && f.name === 'text.updated' && f.data.textId === textId);
    const [mine, proxied, copy] = await Promise.all([queued(tv), queued(phone), queued(bed)]);
    for (const frame of [mine, proxied]) {
      assert.ok(frame.type === 'event' && frame.name === 'text.updated');
      assert.deepEqual([frame.data.recipient, frame.data.payload], ['5055551313', 'Dinner at 8, Jane']);
    }
    assert.ok(copy.type === 'event' && copy.name === 'text.updated');
    assert.deepEqual(copy.data, {
      textId,
      clientId: mine.type === 'event' && mine.name === 'text.updated' ? mine.data.clientId : '',
      fromName: 'Living-room TV',
      recipient: '',
      payload: '',
      status: 'queued',
      reason: null,
    });
    assert.doesNotMatch(JSON.stringify(copy), /5055551313|505-555-1313|Dinner/);
    // A number listed as private there is withheld from a display that otherwise shows everything.
    config.privacy[bedroom.id] = { level: 'name-and-number', privateCallers: ['5055554242'] };
    await h.app.proxy.register(DEMO.householdId, config);
    const other = await send(tokens.tv, proxy, { recipient: '505-555-4242', payload: 'See you' });
    const otherCopy = await bed.next(
      (f) => f.type === 'event' && f.name === 'text.updated' && f.data.textId === other.body.textId,
    );
    assert.ok(otherCopy.type === 'event' && otherCopy.name === 'text.updated');
    assert.deepEqual([otherCopy.data.recipient, otherCopy.data.payload], ['', '']);
    const shown = await send(tokens.tv, proxy, { recipient: '505-555-1313', payload: 'Hello' });
    const shownCopy = await bed.next(
      (f) => f.type === 'event' && f.name === 'text.updated' && f.data.textId === shown.body.textId,
    );
    assert.ok(shownCopy.type === 'event' && shownCopy.name === 'text.updated');
    assert.deepEqual([shownCopy.data.recipient, shownCopy.data.payload], ['5055551313', 'Hello']);
    for (const d of [phone, tv, bed]) d.socket.close();
  });

  test('a status never goes back: an acknowledgement after the phone’s report, or a report after the end, changes nothing', async () => {
    h = await startBackend();
    const { tokens, proxy } = await household({ tv: ['send'] });
    const phone = await TestDevice.connect(h.wsUrl, tokens.phone);
    const sent = await send(tokens.tv, proxy);
    const textId = sent.body.textId;
    const request = await phone.next((f) => f.type === 'event' && f.name === 'sms.send-request');
    assert.ok(request.type === 'event');
    const report = (status: string) => call(tokens.phone, 'POST', `/texts/${textId}/status`, { status });
    // The phone sent it as SMS before its acknowledgement of the request reached the gateway.
    await report('sent');
    phone.send({ type: 'ack', seq: request.seq });
    const sendRequests = async () =>
      (await h.store.outbox.pending(maryPhone.id, 0, Date.now())).filter(
        (e) => e.name === 'sms.send-request',
      );
    for (let i = 0; i < 50 && (await sendRequests()).length > 0; i++) await settle(20);
    assert.deepEqual(await sendRequests(), [], 'the acknowledgement handled');
    await report('delivered');
    await report('sent');
    // What the TV (not connected: everything stays in its outbox) was told, in order.
    const told = (await h.store.outbox.pending(livingRoom.id, 0, Date.now()))
      .filter((e) => e.name === 'text.updated')
      .map((e) => JSON.parse(e.data) as { textId: string; status: string })
      .filter((d) => d.textId === textId)
      .map((d) => d.status);
    assert.deepEqual(told, ['queued', 'sent', 'delivered']);
    assert.equal((await call<TextView>(tokens.tv, 'GET', `/texts/${textId}`)).body.status, 'delivered');
    phone.socket.close();
  });

  test('an unauthorized device is refused with the indicator, and nothing reaches the phone', async () => {
    h = await startBackend();
    const { tokens, proxy } = await household({ bedroom: ['receive'] });
    const refused = await send(tokens.tv, proxy);
    assert.deepEqual([refused.status, refused.body.status], [403, 'unauthorized']);
    assert.match(refused.body.reason!, /Mary's phone has not authorized Living-room TV to send texts/);
    assert.deepEqual(
      (await h.store.outbox.pending(maryPhone.id, 0, Date.now())).filter(
        (e) => e.name === 'sms.send-request',
      ),
      [],
    );
    // "Receive" alone does not let the bedroom TV send either.
    assert.equal((await send(tokens.bedroom, proxy)).status, 403);
  });

  test('revoking takes effect on the next message', async () => {
    h = await startBackend();
    const { tokens, proxy, authorize } = await household();
    assert.equal((await send(tokens.tv, proxy)).status, 202);
    await authorize({ bedroom: ['receive'] });
    assert.equal((await send(tokens.tv, proxy)).body.status, 'unauthorized');
  });

  test('the same client id is the same text; an unknown or foreign proxy is refused', async () => {
    h = await startBackend();
    const { tokens, proxy, ids } = await household();
    const first = await send(tokens.tv, proxy, { clientId: 'retry-after-timeout-1' });
    const again = await send(tokens.tv, proxy, { clientId: 'retry-after-timeout-1' });
    assert.equal(again.body.textId, first.body.textId);
    assert.equal(
      (await h.store.outbox.pending(maryPhone.id, 0, Date.now())).filter((e) => e.name === 'sms.send-request')
        .length,
      1,
    );
    assert.deepEqual((await send(tokens.tv, 'prf_nobody')).body.error.details, { field: 'proxyProfileId' });
    // A device without SMS is no proxy.
    assert.equal((await send(tokens.tv, ids.bedroom)).status, 404);
    // Markup and size: a text is plain and at most 1,600 characters.
    assert.equal((await send(tokens.tv, proxy, { payload: 'x'.repeat(1601) })).status, 400);
  });

  test('a phone that stays offline past the wait: the text fails and says why', async () => {
    h = await startBackend();
    const { tokens, proxy } = await household();
    const tv = await TestDevice.connect(h.wsUrl, tokens.tv);
    const sent = await send(tokens.tv, proxy, { waitMinutes: 1 });
    const later = new TextRelay({
      store: h.store,
      gateway: h.app.publisher,
      log: silentLogger,
      displays: h.app.displays,
      now: () => Date.now() + 61_000,
    });
    assert.equal(await later.sweep(), 1);
    const view = (await call<TextView>(tokens.tv, 'GET', `/texts/${sent.body.textId}`)).body;
    assert.deepEqual([view.status, view.reason], ['failed', 'the phone was offline for 1 minute']);
    await tv.next((f) => f.type === 'event' && f.name === 'text.updated' && f.data.status === 'failed');
    tv.socket.close();
  });

  test("by default a text waits an hour for an offline phone, then the backend's own sweeper fails it and the draft stays with the TV", async (t) => {
    // The backend's clock and its timers, both the test's: an hour passes in a moment, and the sweeper that fails
    // overdue texts is the backend's own interval (TextRelay.start() in createApp), not a sweep the test calls.
    const start = Date.now();
    t.mock.timers.enable({ apis: ['setInterval', 'Date'], now: start });
    h = await startBackend();
    const { tokens, proxy } = await household();
    const sent = await send(tokens.tv, proxy); // no waitMinutes: the default
    assert.deepEqual([sent.status, sent.body.status], [202, 'queued']);
    const textId = sent.body.textId;
    const status = async () => (await call<TextView>(tokens.tv, 'GET', `/texts/${textId}`)).body;
    const sendRequests = async () =>
      (await h.store.outbox.pending(maryPhone.id, 0, Date.now())).filter(
        (e) => e.name === 'sms.send-request',
      );
    assert.equal((await sendRequests()).length, 1, 'waiting for the phone');

    // 59 minutes on, the sweeper runs (every 15 s) and the text still waits.
    t.mock.timers.setTime(start + 59 * 60_000);
    t.mock.timers.tick(15_000);
    await settle(100);
    assert.equal((await status()).status, 'queued');

    // The hour is up: the next run of the sweeper fails it, and says why.
    t.mock.timers.setTime(start + 60 * 60_000);
    t.mock.timers.tick(15_000);
    for (let i = 0; i < 50 && (await status()).status === 'queued'; i++) await settle(20);
    const failed = await status();
    assert.deepEqual([failed.status, failed.reason], ['failed', 'the phone was offline for 60 minutes']);
    // The TV is told, with its own id for the text and every word of it: its draft is kept for Send to try again
    // (the TV's side: tests/integration/texts.test.ts, "a failure keeps the draft").
    const told = (await h.store.outbox.pending(livingRoom.id, 0, Date.now()))
      .filter((e) => e.name === 'text.updated')
      .map((e) => JSON.parse(e.data) as Record<string, unknown>)
      .filter((d) => d['textId'] === textId);
    assert.deepEqual(
      told.map((d) => [d['status'], d['clientId'], d['recipient'], d['payload']]),
      [
        ['queued', sent.body.clientId, '5055551313', 'Watching TV — I’ll call you back'],
        ['failed', sent.body.clientId, '5055551313', 'Watching TV — I’ll call you back'],
      ],
    );
    // A phone that comes back now is no longer asked to send it.
    assert.deepEqual(await sendRequests(), []);
  });

  test('rate limits: 10 texts an hour and 50 a day per device, refused before anything is stored or sent', async () => {
    h = await startBackend();
    const { tokens, proxy } = await household();
    for (let i = 0; i < 10; i++) assert.equal((await send(tokens.tv, proxy)).status, 202);
    const eleventh = await send(tokens.tv, proxy, { clientId: 'one-too-many-1' });
    assert.equal(eleventh.status, 429);
    assert.equal(eleventh.body.error.code, 'TEXT_RATE_LIMITED');
    assert.match(eleventh.body.error.message, /10 texts an hour/);
    const wait = eleventh.body.error.details!.retryAfterSec!;
    assert.ok(wait > 3590 && wait <= 3600, `retry after ${wait} s`);
    assert.equal(await h.store.texts.find(livingRoom.id, 'one-too-many-1'), undefined);
    assert.equal(
      (await h.store.outbox.pending(maryPhone.id, 0, Date.now())).filter((e) => e.name === 'sms.send-request')
        .length,
      10,
    );
    // Another device has its own count.
    await call<PresenceStatus>(tokens.phone, 'PUT', '/identity/presence', {
      capabilities: PHONE_CAPS,
      authorized: [
        { profileId: (await h.store.profiles.get(livingRoom.id))!.profileId, scopes: ['send'] },
        { profileId: (await h.store.profiles.get(bedroom.id))!.profileId, scopes: ['send'] },
      ],
    });
    assert.equal((await send(tokens.bedroom, proxy)).status, 202);

    // An hour on, ten more; and so on until the day's fifty are used, whichever hour it is.
    const tv = (await h.store.devices.get(livingRoom.id))!;
    const request = (i: number) => ({
      clientId: `later-${i}-000000`,
      proxyProfileId: proxy,
      recipient: '5055551313',
      payload: 'Later',
      sendAsSms: true as const,
    });
    let hours = 0;
    const relayAt = () =>
      new TextRelay({
        store: h.store,
        gateway: h.app.publisher,
        log: silentLogger,
        displays: h.app.displays,
        now: () => Date.now() + hours * 3_601_000,
      });
    for (hours = 1; hours <= 4; hours++) {
      for (let i = 0; i < 10; i++) await relayAt().send(tv, request(hours * 100 + i));
    }
    const refused = await (async () => {
      try {
        await relayAt().send(tv, request(999));
        return null;
      } catch (error) {
        return error as ApiError;
      }
    })();
    assert.equal(refused && HTTP_STATUS[refused.code], 429);
    assert.match(refused?.message ?? '', /50 texts a day/);
  });

  test('a text that arrives on the phone reaches the displays the phone shares with and the rules allow', async () => {
    h = await startBackend();
    const { tokens, authorize } = await household({ tv: ['send', 'receive'], bedroom: ['receive'] });
    // The rules: Mary's texts go to the living-room TV (with voicemail); the bedroom has no relationship.
    const config = (await h.store.policies.get(DEMO.householdId))!;
    config.relationships[0]!.contentTypes = ['voicemail', 'sms'];
    await h.app.proxy.register(DEMO.householdId, config);
    const report = (smsId: string, from = '505-555-1313') =>
      call<{ told: string[] }>(tokens.phone, 'POST', '/texts/incoming', {
        smsId,
        from,
        text: 'Call me <script>x</script>',
        receivedAt: new Date().toISOString(),
      });
    assert.deepEqual((await report('sms-1')).body.told, [livingRoom.id]);
    const [event] = (await h.store.outbox.pending(livingRoom.id, 0, Date.now())).filter(
      (e) => e.name === 'text.incoming',
    );
    assert.deepEqual(JSON.parse(event!.data), {
      smsId: 'sms-1',
      line: maryPhone.phoneNumber,
      lineOwner: 'Mary',
      from: '5055551313',
      text: 'Call me <script>x</script>',
      receivedAt: (JSON.parse(event!.data) as { receivedAt: string }).receivedAt,
    });
    const log = (await h.store.deliveryLog.list(DEMO.householdId, 10)).filter((e) => e.subject === 'sms-1');
    assert.deepEqual(
      log.map((e) => [e.deviceId, e.outcome, e.detail['reasons'] ?? null]).sort(),
      [
        [bedroom.id, 'suppress', ['no-relationship']],
        [livingRoom.id, 'deliver', null],
      ].sort(),
    );
    // A blocked number stays on the phone; so does everything once the phone stops sharing with the TV.
    config.relationships[0]!.blockedCallers = ['5055550000'];
    await h.app.proxy.register(DEMO.householdId, config);
    assert.deepEqual((await report('sms-2', '505-555-0000')).body.told, []);
    // Sending through the phone is not seeing its texts: a TV allowed to send only gets no copy.
    await authorize({ tv: ['send'], bedroom: ['receive'] });
    assert.deepEqual((await report('sms-3')).body.told, []);
    await call(tokens.phone, 'PUT', '/identity/presence', { capabilities: PHONE_CAPS, authorized: [] });
    assert.deepEqual((await report('sms-4')).body.told, []);
    for (const smsId of ['sms-3', 'sms-4']) {
      const notShared = (await h.store.deliveryLog.list(DEMO.householdId, 20)).find(
        (e) => e.subject === smsId && e.deviceId === livingRoom.id,
      );
      assert.deepEqual(notShared?.detail['reasons'], ['not-on-master-list'], smsId);
    }
    // Only a phone that can send SMS reports texts.
    const tvReport = await call(tokens.tv, 'POST', '/texts/incoming', {
      smsId: 'sms-5',
      from: '505-555-1313',
      text: 'hi',
      receivedAt: new Date().toISOString(),
    });
    assert.equal(tvReport.status, 403);
  });

  test("a private display is sent neither the sender's number nor the words of a text — per display, per sender", async () => {
    h = await startBackend();
    const { tokens } = await household({ tv: ['send', 'receive'], bedroom: ['receive'] });
    // Mary's texts go to both TVs. The living-room TV is private; the bedroom TV shows everything but Jane.
    const config = (await h.store.policies.get(DEMO.householdId))!;
    config.relationships = [
      openRelationship('rel-mary-living-room', maryPhone.id, livingRoom.id, ['sms']),
      openRelationship('rel-mary-bedroom', maryPhone.id, bedroom.id, ['sms']),
    ];
    config.privacy[livingRoom.id] = { level: 'private', privateCallers: [] };
    config.privacy[bedroom.id] = { level: 'name-and-number', privateCallers: ['5055551313'] };
    await h.app.proxy.register(DEMO.householdId, config);
    const tv = await TestDevice.connect(h.wsUrl, tokens.tv);
    const receivedAt = new Date().toISOString();
    const report = (smsId: string, from: string, text: string) =>
      call<{ told: string[] }>(tokens.phone, 'POST', '/texts/incoming', { smsId, from, text, receivedAt });
    const incomingTo = async (deviceId: string, smsId: string) => {
      const entry = (await h.store.outbox.pending(deviceId, 0, Date.now())).find(
        (e) => e.name === 'text.incoming' && e.id === `text.incoming:${smsId}`,
      );
      return entry && (JSON.parse(entry.data) as Record<string, unknown>);
    };
    // Exactly what a private display is sent (app/features/texts/private-text-alert.test.ts draws this).
    const redacted = (smsId: string) => ({
      smsId,
      line: maryPhone.phoneNumber,
      lineOwner: 'Mary',
      from: '',
      text: '',
      receivedAt,
      show: 'private',
    });

    assert.deepEqual(
      (await report('sms-jane', '505-555-1313', 'Meet me at 8, Jane')).body.told.sort(),
      [bedroom.id, livingRoom.id].sort(),
    );
    assert.deepEqual(await incomingTo(livingRoom.id, 'sms-jane'), redacted('sms-jane'));
    assert.deepEqual(await incomingTo(bedroom.id, 'sms-jane'), redacted('sms-jane'), 'Jane is private there');
    // What reached the living-room TV's socket is that, too: no number, no words, anywhere in the frame.
    const frame = await tv.next((f) => f.type === 'event' && f.name === 'text.incoming');
    assert.ok(frame.type === 'event');
    assert.deepEqual(frame.data, redacted('sms-jane'));
    assert.doesNotMatch(JSON.stringify(frame), /5055551313|505-555-1313|Meet me|Jane/);

    // Someone else: the private display still gets nothing of them; the bedroom gets all of it.
    await report('sms-ann', '505-555-4242', 'Dinner at six');
    assert.deepEqual(await incomingTo(livingRoom.id, 'sms-ann'), redacted('sms-ann'));
    // (Everything at "name-and-number": the event as it came, without `show`.)
    assert.deepEqual(await incomingTo(bedroom.id, 'sms-ann'), {
      smsId: 'sms-ann',
      line: maryPhone.phoneNumber,
      lineOwner: 'Mary',
      from: '5055554242',
      text: 'Dinner at six',
      receivedAt,
    });
    // The delivery log records the privacy each display was sent with.
    const log = (await h.store.deliveryLog.list(DEMO.householdId, 20)).filter(
      (e) => e.subject === 'sms-jane',
    );
    assert.deepEqual(
      log.map((e) => [e.deviceId, e.outcome, e.detail['show']]).sort(),
      [
        [bedroom.id, 'deliver', 'private'],
        [livingRoom.id, 'deliver', 'private'],
      ].sort(),
    );
    tv.socket.close();
  });
});
