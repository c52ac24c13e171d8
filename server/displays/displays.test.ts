import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, test } from 'node:test';
import { ErrorCode, type ErrorBody, type PolicyConfig, type Programme } from '../../protocol/index.ts';
import { createHttpServer } from '../http/node-server.ts';
import { silentLogger } from '../log.ts';
import { DEMO, demoPolicy } from '../seed.ts';
import { createEpgSimulator } from '../../carriers/epg/epg-simulator.ts';
import { createTestApp, depositHook, type TestApp } from '../../tests/helpers/backend/test-app.ts';
import { DeferredAlerts } from './deferred-alerts.ts';
import { HttpProgrammeGuide, type ProgrammeGuide } from './programme-guide.ts';

const { maryPhone, livingRoom } = DEMO.devices;

/** A guide whose current programme on channel 4 ends when the test says (the EPG's own slots are whole minutes). */
function guideEndingIn(ms: number, title = 'The Evening News'): ProgrammeGuide & { restart(): void } {
  const start = new Date(Date.now() - 600_000).toISOString();
  let end = new Date(Date.now() + ms).toISOString();
  return {
    channels: () => Promise.resolve([{ id: '4', name: 'Channel 4' }]),
    onNow: (channel, at) =>
      Promise.resolve(channel === '4' && at.getTime() < Date.parse(end) ? { title, start, end } : null),
    /** The programme has `ms` left from now: a test's set-up on a busy machine does not eat into it. */
    restart() {
      end = new Date(Date.now() + ms).toISOString();
    },
  };
}

describe('the programme guide client', () => {
  test('reads what is on from the EPG simulator, on the household’s wall clock', async () => {
    const epg = createEpgSimulator({ timeZone: 'America/Denver' });
    const server = createHttpServer(epg.app.fetch);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const guide = new HttpProgrammeGuide({
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      log: silentLogger,
    });
    try {
      // 18:10 in Denver on a winter day is 01:10 UTC the next day.
      const news = await guide.onNow('4', new Date('2026-12-02T01:10:00Z'));
      assert.deepEqual(news, {
        title: 'The Evening News',
        start: '2026-12-02T01:00:00.000Z',
        end: '2026-12-02T01:30:00.000Z',
      } satisfies Programme);
      assert.equal(await guide.onNow('99', new Date()), null);
      assert.deepEqual(await guide.channels(), [
        { id: '4', name: 'Channel 4' },
        { id: '7', name: 'Channel 7' },
      ]);
    } finally {
      server.closeAllConnections();
      server.close();
    }
    // Gone: no programme is known, and nothing throws.
    assert.equal(await guide.onNow('7', new Date('2026-12-03T01:10:00Z')), null);
  });
});

describe('displays: what they show, programme suspensions and "Quiet for this programme"', () => {
  let h: TestApp;
  afterEach(() => h.close());

  const stbToken = () => h.app.tokens.issue(livingRoom.id);
  async function api<T>(method: string, path: string, token: string, body?: unknown) {
    const res = await h.app.http.request(`/api/displays${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as T & ErrorBody };
  }
  let n = 0;
  const deposit = (callerName = 'Jane') =>
    depositHook(h, `msg_${++n}`, maryPhone.phoneNumber, {
      callerName,
      transcript: 'a transcript the summary leaves out',
    });
  const outbox = async (name: string) =>
    (await h.store.outbox.pending(livingRoom.id, 0, Date.now()))
      .filter((e) => e.name === name)
      .map((e) => JSON.parse(e.data) as Record<string, unknown>);

  test('"not during the evening news on channel 4": held back while the TV shows it, not on another channel', async () => {
    h = await createTestApp({ programmeGuide: guideEndingIn(600_000) });
    const config: PolicyConfig = demoPolicy();
    config.relationships[0]!.suspensions = [{ kind: 'programme', channel: '4', title: 'the evening news' }];
    await h.app.proxy.register(DEMO.householdId, config);
    const token = await stbToken();
    assert.equal((await api('PUT', '/me', token, { channel: '4' })).status, 204);
    assert.deepEqual(await deposit(), [maryPhone.id]);
    const [logged] = (await h.store.deliveryLog.list(DEMO.householdId, 10)).filter(
      (e) => e.deviceId === livingRoom.id,
    );
    assert.deepEqual(logged?.detail['reasons'], ['suspended-programme']);
    await api('PUT', '/me', token, { channel: '7' });
    assert.deepEqual(await deposit(), [maryPhone.id, livingRoom.id]);
  });

  test('quiet until the programme ends: alerts wait, then come as one summary; the phone is not held', async () => {
    const guide = guideEndingIn(3000);
    h = await createTestApp({ programmeGuide: guide });
    const token = await stbToken();
    await api('PUT', '/me', token, { channel: '4' });
    guide.restart();
    const quiet = await api<{ until: string; programme: Programme }>('POST', '/me/quiet', token);
    assert.equal(quiet.status, 200);
    assert.equal(quiet.body.programme.title, 'The Evening News');
    const view = await api<{ quietUntil: string }>('GET', '/me', token);
    assert.equal(view.body.quietUntil, quiet.body.until);
    assert.deepEqual(await deposit('Jane'), [maryPhone.id]);
    assert.deepEqual(await deposit('Simon'), [maryPhone.id]);
    assert.deepEqual(await outbox('voicemail.new'), []);
    const held = (await h.store.deliveryLog.list(DEMO.householdId, 10)).filter(
      (e) => e.deviceId === livingRoom.id,
    );
    assert.deepEqual(
      held.map((e) => e.outcome),
      ['defer', 'defer'],
    );
    // Held in the database, so a restart loses none; delivered when the programme ends.
    const deadline = Date.now() + 10_000;
    while ((await outbox('voicemail.summary')).length === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const [summary] = await outbox('voicemail.summary');
    assert.equal(summary?.['programmeTitle'], 'The Evening News');
    assert.equal(summary?.['count'], 2);
    const messages = summary?.['messages'] as { callerName: string; transcript: string | null }[];
    assert.deepEqual(
      messages.map((m) => [m.callerName, m.transcript]),
      [
        ['Jane', null],
        ['Simon', null],
      ],
    );
    const after = (await h.store.deliveryLog.list(DEMO.householdId, 10)).filter(
      (e) => e.deviceId === livingRoom.id,
    );
    assert.deepEqual(
      after.slice(0, 2).map((e) => [e.outcome, e.detail['after']]),
      [
        ['deliver', 'quiet-for-programme'],
        ['deliver', 'quiet-for-programme'],
      ],
    );
    // The programme is over: the next alert comes at once.
    assert.deepEqual(await deposit('Ana'), [maryPhone.id, livingRoom.id]);
  });

  test('ending the quiet early releases what waited; so does changing channel', async () => {
    h = await createTestApp({ programmeGuide: guideEndingIn(600_000) });
    const token = await stbToken();
    await api('PUT', '/me', token, { channel: '4' });
    await api('POST', '/me/quiet', token);
    await deposit('Jane');
    const released = await api<{ released: number }>('DELETE', '/me/quiet', token);
    assert.equal(released.body.released, 1);
    assert.equal((await outbox('voicemail.summary')).length, 1);
    await api('POST', '/me/quiet', token);
    await deposit('Simon');
    assert.equal((await outbox('voicemail.summary')).length, 1);
    // Another channel: the programme is no longer watched, so what waited comes now, and alerts come at once.
    await api('PUT', '/me', token, { channel: '7' });
    assert.equal((await outbox('voicemail.summary')).length, 2);
    assert.deepEqual(await deposit('Ana'), [maryPhone.id, livingRoom.id]);
  });

  test('held alerts outlive a restart of the scheduler', async () => {
    h = await createTestApp();
    h.app.held.stop();
    const due = Date.now() + 200;
    await h.store.heldAlerts.hold({
      deviceId: livingRoom.id,
      until: due,
      programmeTitle: 'Quiz Hour',
      data: {
        messageId: 'm-held',
        mailbox: maryPhone.phoneNumber,
        mailboxOwner: 'Mary',
        callerName: 'Jane',
        callerNumber: '5055551313',
        receivedAt: new Date().toISOString(),
        durationSec: 3,
      },
    });
    const again = new DeferredAlerts({ store: h.store, gateway: h.app.publisher, log: silentLogger });
    again.start();
    try {
      const deadline = Date.now() + 3000;
      while ((await outbox('voicemail.summary')).length === 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      assert.equal((await outbox('voicemail.summary'))[0]?.['programmeTitle'], 'Quiz Hour');
      assert.equal(await h.store.heldAlerts.nextDueAt(), null);
    } finally {
      again.stop();
    }
  });

  test('quiet needs a known programme; phones have no display; a malformed report is refused', async () => {
    h = await createTestApp({ programmeGuide: guideEndingIn(600_000) });
    const token = await stbToken();
    const none = await api('POST', '/me/quiet', token);
    assert.deepEqual([none.status, none.body.error.code], [409, ErrorCode.NoProgramme]);
    await api('PUT', '/me', token, { channel: '12' });
    assert.equal((await api('POST', '/me/quiet', token)).status, 409);
    const phone = await api('PUT', '/me', await h.app.tokens.issue(maryPhone.id), { channel: '4' });
    assert.equal(phone.status, 403);
    const bad = await api('PUT', '/me', token, { channel: 4 });
    assert.deepEqual([bad.status, bad.body.error.details?.field], [400, 'channel']);
  });
});
