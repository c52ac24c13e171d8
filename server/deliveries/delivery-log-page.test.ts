import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { ErrorCode, type DeliveryLogView } from '../../protocol/index.ts';
import { DEMO } from '../seed.ts';
import {
  callApi,
  depositHook,
  startBackend,
  TEST_JOINT_PASSWORD,
  type Harness,
} from '../../tests/helpers/backend/harness.ts';

const { maryPhone, livingRoom, bedroom } = DEMO.devices;

describe('the delivery log, a page at a time', () => {
  let h: Harness;
  afterEach(() => h.close());

  async function session(): Promise<string> {
    const login = await callApi<{ sessionToken: string }>(h, 'POST', '/joint-accounts/login', {
      jointAccountId: DEMO.householdId,
      password: TEST_JOINT_PASSWORD,
    });
    return login.body.sessionToken;
  }
  const page = async (token: string, query = '') =>
    callApi<DeliveryLogView>(
      h,
      'GET',
      `/joint-accounts/${DEMO.householdId}/delivery-log${query}`,
      undefined,
      token,
    );

  test('one card per voicemail, newest first, with its caller and every device’s story; paged, filtered', async () => {
    h = await startBackend();
    await depositHook(h, 'm1', maryPhone.phoneNumber, { callerName: 'Jane', callerNumber: '5055551313' });
    await depositHook(h, 'm2', maryPhone.phoneNumber, { callerName: 'Simon', callerNumber: '5055551414' });
    await depositHook(h, 'm3', maryPhone.phoneNumber, { callerName: 'Ana', callerNumber: '5055551616' });
    const token = await session();

    const first = await page(token, '?limit=2');
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.deepEqual(
      first.body.alerts.map((a) => [a.subject, a.contentType, a.caller]),
      [
        ['m3', 'voicemail', { name: 'Ana', number: '5055551616' }],
        ['m2', 'voicemail', { name: 'Simon', number: '5055551414' }],
      ],
    );
    // The demo's rule sends Mary's voicemail to the living-room TV; the bedroom TV has none.
    // (The engine decides for the devices in an order of its own.)
    assert.deepEqual(
      first.body.alerts[0]!.steps.map((s) => [s.deviceName, s.outcome, s.reasons.join()]).sort(),
      [
        [bedroom.name, 'suppress', 'no-relationship'],
        [livingRoom.name, 'deliver', ''],
        [maryPhone.name, 'deliver', ''],
      ].sort(),
    );
    assert.ok(first.body.next);
    const second = await page(token, `?limit=2&before=${first.body.next}`);
    assert.deepEqual(
      second.body.alerts.map((a) => a.subject),
      ['m1'],
    );
    assert.equal(second.body.next, null);

    // One device's alerts, and only its steps.
    const bedroomOnly = await page(token, `?device=${bedroom.id}&limit=50`);
    assert.deepEqual(
      bedroomOnly.body.alerts.map((a) => [a.subject, a.steps.map((s) => s.deviceId)]),
      [
        ['m3', [bedroom.id]],
        ['m2', [bedroom.id]],
        ['m1', [bedroom.id]],
      ],
    );
    // No caller ID or texts were logged.
    assert.deepEqual((await page(token, '?kind=callerid')).body, { alerts: [], next: null });
  });

  test('a page is bounded: more than 50, or a limit that is not a number, is refused with the field', async () => {
    h = await startBackend();
    const token = await session();
    for (const [query, field] of [
      ['?limit=51', 'limit'],
      ['?limit=ten', 'limit'],
      ['?before=-1', 'before'],
      ['?kind=fax', 'kind'],
    ] as const) {
      const refused = await page(token, query);
      assert.deepEqual(
        [refused.status, refused.body.error.code, refused.body.error.details?.field],
        [400, ErrorCode.ProtocolMalformed, field],
        query,
      );
    }
    assert.equal((await page('not-a-session')).status, 401);
  });
});
