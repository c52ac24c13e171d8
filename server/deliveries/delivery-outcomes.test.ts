import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import type { ErrorBody } from '../../protocol/index.ts';
import { DEMO } from '../seed.ts';
import { depositHook, startBackend, TestDevice, type Harness } from '../../tests/helpers/backend/harness.ts';

const { maryPhone, livingRoom, bedroom } = DEMO.devices;

describe('delivery outcomes in the log', () => {
  let h: Harness;
  afterEach(() => h.close());

  const deposit = (messageId: string) => depositHook(h, messageId, maryPhone.phoneNumber);
  async function report(token: string, body: unknown) {
    const res = await h.app.http.request('/api/deliveries', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    return {
      status: res.status,
      body: (await res.json()) as { recorded: number; ignored: number } & ErrorBody,
    };
  }
  const logFor = async (deviceId: string, subject: string) =>
    (await h.store.deliveryLog.list(DEMO.householdId, 50))
      .filter((e) => e.deviceId === deviceId && e.subject === subject)
      .reverse()
      .map((e) => [e.outcome, e.detail['action'] ?? e.detail['reason'] ?? null]);

  test('the decision, the arrival (the acknowledgement), then what the viewer did, in order', async () => {
    h = await startBackend();
    const token = await h.app.tokens.issue(livingRoom.id);
    const tv = await TestDevice.connect(h.wsUrl, token);
    await deposit('m1');
    const event = await tv.next((f) => f.type === 'event');
    tv.send({ type: 'ack', seq: event.type === 'event' ? event.seq : 0 });
    const deadline = Date.now() + 3000;
    while (!(await logFor(livingRoom.id, 'm1')).some(([o]) => o === 'delivered') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const accepted = await report(token, {
      reports: [
        { contentType: 'voicemail', subject: 'm1', outcome: 'displayed' },
        { contentType: 'voicemail', subject: 'm1', outcome: 'acted', action: 'listen' },
      ],
    });
    assert.deepEqual([accepted.status, accepted.body.recorded, accepted.body.ignored], [202, 2, 0]);
    assert.deepEqual(await logFor(livingRoom.id, 'm1'), [
      ['deliver', null],
      ['delivered', null],
      ['displayed', null],
      ['acted', 'listen'],
    ]);
    tv.socket.close();
  });

  test('what the TV did arrives before its acknowledgement: the log still says it reached the TV first, once', async () => {
    h = await startBackend();
    const token = await h.app.tokens.issue(livingRoom.id);
    const tv = await TestDevice.connect(h.wsUrl, token);
    await deposit('m1');
    const event = await tv.next((f) => f.type === 'event');
    // Shown and acted on, reported at once; the acknowledgement comes later (a socket that dropped, a replay).
    await report(token, {
      reports: [
        { contentType: 'voicemail', subject: 'm1', outcome: 'displayed' },
        { contentType: 'voicemail', subject: 'm1', outcome: 'acted', action: 'later' },
      ],
    });
    tv.send({ type: 'ack', seq: event.type === 'event' ? event.seq : 0 });
    // The gateway removes the outbox row after the log heard of the acknowledgement.
    const deadline = Date.now() + 3000;
    while ((await h.store.outbox.pending(livingRoom.id, 0, Date.now())).length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.deepEqual(await h.store.outbox.pending(livingRoom.id, 0, Date.now()), []);
    assert.deepEqual(await logFor(livingRoom.id, 'm1'), [
      ['deliver', null],
      ['delivered', null],
      ['displayed', null],
      ['acted', 'later'],
    ]);
    tv.socket.close();
  });

  test('"not displayed" says why, and a device cannot report on what it was never sent', async () => {
    h = await startBackend();
    await deposit('m1');
    const tv = await report(await h.app.tokens.issue(livingRoom.id), {
      reports: [{ contentType: 'voicemail', subject: 'm1', outcome: 'not-displayed', reason: 'background' }],
    });
    assert.equal(tv.body.recorded, 1);
    // Not shown, but it reached the TV: said once, before.
    assert.deepEqual((await logFor(livingRoom.id, 'm1')).slice(-2), [
      ['delivered', null],
      ['not-displayed', 'background'],
    ]);
    // The bedroom TV was not sent m1 (no relationship), and m2 was never sent anywhere.
    const bedroomReport = await report(await h.app.tokens.issue(bedroom.id), {
      reports: [
        { contentType: 'voicemail', subject: 'm1', outcome: 'displayed' },
        { contentType: 'voicemail', subject: 'm2', outcome: 'displayed' },
      ],
    });
    assert.deepEqual([bedroomReport.body.recorded, bedroomReport.body.ignored], [0, 2]);
    assert.deepEqual(await logFor(bedroom.id, 'm1'), [['suppress', null]]);
  });

  test('bad reports are refused whole: unknown outcomes, too many, no token', async () => {
    h = await startBackend();
    const token = await h.app.tokens.issue(livingRoom.id);
    const odd = await report(token, {
      reports: [{ contentType: 'voicemail', subject: 'm1', outcome: 'loved' }],
    });
    assert.equal(odd.status, 400);
    const many = await report(token, {
      reports: Array.from({ length: 51 }, () => ({
        contentType: 'voicemail',
        subject: 'm1',
        outcome: 'displayed',
      })),
    });
    assert.equal(many.status, 400);
    assert.equal((await report('nope', { reports: [] })).status, 401);
  });
});
