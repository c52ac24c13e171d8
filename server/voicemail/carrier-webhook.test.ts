import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import {
  ErrorCode,
  WEBHOOK_HEADERS,
  type CallPlaced,
  type DepositResponse,
  type ErrorBody,
  type VoicemailDepositedHook,
} from '../../protocol/index.ts';
import { DEMO } from '../seed.ts';
import { startBackend, type Harness } from '../../tests/helpers/backend/harness.ts';
import { createTestApp, TEST_WEBHOOK_SECRET, type TestApp } from '../../tests/helpers/backend/test-app.ts';
import { signedWebhookHeaders } from './webhook-signature.ts';

/** Our backend's clock in these tests: the webhook's freshness is judged by it, so no test waits. */
const NOW = Date.parse('2026-11-22T20:00:00.000Z');
const MINUTE = 60_000;
const { maryPhone, livingRoom } = DEMO.devices;

const deposit = (messageId = 'msg_1', over: Partial<VoicemailDepositedHook> = {}) =>
  JSON.stringify({
    type: 'message.deposited',
    messageId,
    mailbox: maryPhone.phoneNumber,
    callerName: 'Jane',
    callerNumber: '5055551313',
    receivedAt: '2026-11-22T19:59:58.000Z',
    durationSec: 12.3,
    format: 'amr-nb',
    ...over,
  } satisfies VoicemailDepositedHook);

describe('carrier webhook: Standard Webhooks signature, timestamp and replays', () => {
  let h: TestApp;
  let clock = NOW;
  afterEach(async () => {
    clock = NOW;
    await h.close();
  });
  const start = async () => (h = await createTestApp({ webhookClock: () => clock }));

  const send = (body: string, headers: Record<string, string>) =>
    h.app.http.request('/hooks/voicemail', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
  /** Signed with the shared secret at our clock's time unless told otherwise. */
  const signed = (body: string, message: { id?: string; at?: number } = {}, secret = TEST_WEBHOOK_SECRET) =>
    signedWebhookHeaders(secret, body, { at: clock, ...message });
  const refusal = async (res: Response) => ({
    status: res.status,
    code: ((await res.json()) as ErrorBody).error.code,
  });
  /** What processing a deposit leaves: the voicemail, its alerts, and the log of each decision. */
  const processed = async (messageId = 'msg_1') => ({
    stored: (await h.store.voicemail.get(messageId)) !== undefined,
    alerts: (await h.store.outbox.pending(livingRoom.id, 0, Date.now())).length,
    decisions: (await h.store.deliveryLog.list(DEMO.householdId, 100)).filter((e) => e.subject === messageId)
      .length,
  });
  const NOTHING = { stored: false, alerts: 0, decisions: 0 };

  test('a signed, fresh delivery is accepted and processed', async () => {
    await start();
    const body = deposit();
    const res = await send(body, signed(body));
    assert.equal(res.status, 202);
    assert.deepEqual(await res.json(), { accepted: true, recipients: [maryPhone.id, livingRoom.id] });
    // Mary's phone, the living-room TV and the bedroom TV (suppressed) each have their decision logged.
    assert.deepEqual(await processed(), { stored: true, alerts: 1, decisions: 3 });
  });

  test('the same signed request sent again is refused with WEBHOOK_REPLAYED (409) and processed once', async () => {
    await start();
    const body = deposit();
    const headers = signed(body);
    assert.equal((await send(body, headers)).status, 202);
    clock += 2 * MINUTE; // still within the timestamp's window: only the id can tell
    for (let i = 0; i < 2; i++) {
      assert.deepEqual(await refusal(await send(body, headers)), {
        status: 409,
        code: ErrorCode.WebhookReplayed,
      });
    }
    assert.deepEqual(await processed(), { stored: true, alerts: 1, decisions: 3 });
  });

  test('two copies sent at once: one is processed, the other refused as a replay', async () => {
    await start();
    const body = deposit();
    const headers = signed(body);
    const statuses = (await Promise.all([send(body, headers), send(body, headers)])).map((r) => r.status);
    assert.deepEqual(statuses.sort(), [202, 409]);
    assert.deepEqual(await processed(), { stored: true, alerts: 1, decisions: 3 });
  });

  test('a timestamp 6 minutes old or 6 minutes ahead is refused with WEBHOOK_STALE (401) and nothing is processed', async () => {
    await start();
    for (const offset of [-6 * MINUTE, 6 * MINUTE]) {
      const body = deposit();
      assert.deepEqual(await refusal(await send(body, signed(body, { at: NOW + offset }))), {
        status: 401,
        code: ErrorCode.WebhookStale,
      });
    }
    assert.deepEqual(await processed(), NOTHING);
  });

  test('a timestamp 4 minutes old or 4 minutes ahead is accepted', async () => {
    await start();
    for (const [messageId, offset] of [
      ['msg_old', -4 * MINUTE],
      ['msg_ahead', 4 * MINUTE],
    ] as const) {
      const body = deposit(messageId);
      assert.equal((await send(body, signed(body, { at: NOW + offset }))).status, 202);
      assert.deepEqual(await processed(messageId), { stored: true, alerts: 1, decisions: 3 });
      await h.store.outbox.ack(livingRoom.id, Number.MAX_SAFE_INTEGER);
    }
  });

  test('an accepted id is refused as stale once its window has passed, never processed again', async () => {
    await start();
    const body = deposit();
    const headers = signed(body);
    assert.equal((await send(body, headers)).status, 202);
    clock += 5 * MINUTE + 2000;
    assert.deepEqual(await refusal(await send(body, headers)), { status: 401, code: ErrorCode.WebhookStale });
    assert.deepEqual(await processed(), { stored: true, alerts: 1, decisions: 3 });
  });

  test('a tampered body, id or timestamp is refused with WEBHOOK_BAD_SIGNATURE (401) and nothing is processed', async () => {
    await start();
    const body = deposit();
    const headers = signed(body);
    const tampered = [
      { body: deposit('msg_1', { callerName: 'Your bank' }), headers },
      // A captured webhook re-sent under a new id or a fresh timestamp: the signature covers both.
      { body, headers: { ...headers, [WEBHOOK_HEADERS.id]: 'hook_another' } },
      { body, headers: { ...headers, [WEBHOOK_HEADERS.timestamp]: String(NOW / 1000 + 1) } },
    ];
    for (const request of tampered) {
      assert.deepEqual(await refusal(await send(request.body, request.headers)), {
        status: 401,
        code: ErrorCode.WebhookBadSignature,
      });
    }
    assert.deepEqual(await processed(), NOTHING);
  });

  test('a signature made with another secret is refused with WEBHOOK_BAD_SIGNATURE (401)', async () => {
    await start();
    const body = deposit();
    const otherSecret = `whsec_${Buffer.from('another-secret-of-32-bytes-long!').toString('base64')}`;
    for (const secret of [otherSecret, 'the-old-plain-secret']) {
      assert.deepEqual(await refusal(await send(body, signed(body, {}, secret))), {
        status: 401,
        code: ErrorCode.WebhookBadSignature,
      });
    }
    assert.deepEqual(await processed(), NOTHING);
  });

  test('a missing or malformed header is refused with WEBHOOK_HEADERS_INVALID (401), saying which', async () => {
    await start();
    const body = deposit();
    const headers = signed(body);
    for (const name of Object.values(WEBHOOK_HEADERS)) {
      const res = await send(body, { ...headers, [name]: '' });
      assert.equal(res.status, 401);
      const { error } = (await res.json()) as ErrorBody;
      assert.equal(error.code, ErrorCode.WebhookHeadersInvalid);
      assert.match(error.message, new RegExp(name));
    }
    const malformed: Record<string, string>[] = [
      { [WEBHOOK_HEADERS.timestamp]: 'soon' },
      { [WEBHOOK_HEADERS.timestamp]: '1.7e9' },
      { [WEBHOOK_HEADERS.timestamp]: '-1' },
      { [WEBHOOK_HEADERS.id]: 'two words' },
      { [WEBHOOK_HEADERS.id]: 'x'.repeat(256) },
    ];
    for (const change of malformed) {
      assert.deepEqual(await refusal(await send(body, { ...headers, ...change })), {
        status: 401,
        code: ErrorCode.WebhookHeadersInvalid,
      });
    }
    // The signature header of before (an HMAC of the body alone) is no longer enough.
    assert.deepEqual(await refusal(await send(body, { 'x-couchline-signature': 'sha256=00' })), {
      status: 401,
      code: ErrorCode.WebhookHeadersInvalid,
    });
    assert.deepEqual(await processed(), NOTHING);
  });

  test('while the secret is rotated, any one of several signatures may match', async () => {
    await start();
    const body = deposit();
    const headers = signed(body);
    const old = signed(body, { id: headers[WEBHOOK_HEADERS.id], at: NOW }, 'whsec_' + 'A'.repeat(44));
    const both = `${old[WEBHOOK_HEADERS.signature]} ${headers[WEBHOOK_HEADERS.signature]}`;
    assert.equal((await send(body, { ...headers, [WEBHOOK_HEADERS.signature]: both })).status, 202);
  });

  test('a failure while processing forgets the id, so the carrier retrying it is processed', async () => {
    await start();
    const body = deposit();
    const id = 'hook_retried';
    const onDeposited = h.app.proxy.onDeposited.bind(h.app.proxy);
    h.app.proxy.onDeposited = () => Promise.reject(new Error('database busy'));
    assert.equal((await send(body, signed(body, { id }))).status, 500);
    h.app.proxy.onDeposited = onDeposited;
    // The carrier retries under the same id, signed at the retry's time.
    clock += 1000;
    assert.equal((await send(body, signed(body, { id }))).status, 202);
    assert.deepEqual(await processed(), { stored: true, alerts: 1, decisions: 3 });
  });
});

describe("the carrier simulator's own webhooks", () => {
  let h: Harness;
  afterEach(() => h.close());

  test('its real deposit and call webhooks, sent over HTTP, verify on our side and are processed', async () => {
    h = await startBackend();
    const sim = (path: string, body: unknown) =>
      h.sim.app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const left = (await (
      await sim(`/mailboxes/${maryPhone.phoneNumber}/messages`, {
        callerName: 'Jane',
        callerNumber: '505-555-1313',
        say: 'Call me back',
      })
    ).json()) as DepositResponse;
    assert.equal(left.proxyNotified, true);
    assert.ok(await h.store.voicemail.get(left.messageId));
    const placed = (await (
      await sim('/calls', { to: maryPhone.phoneNumber, callerName: 'Jane', callerNumber: '5055551313' })
    ).json()) as CallPlaced;
    assert.equal(placed.proxyNotified, true);
  });
});
