import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import {
  CloseCode,
  ErrorCode,
  type DeviceAssertion,
  type EnrollmentCode,
  type EnrollmentGranted,
  type ErrorBody,
  type OperatorEnrolled,
} from '../../protocol/index.ts';
import { createApp, type CouchlineApp } from '../app.ts';
import { silentLogger } from '../log.ts';
import { Transcoder } from '../transcoder/transcoder.ts';
import { HttpVoicemailServerClient } from '../voicemail/voicemail-server-client.ts';
import { DEMO, seedDemoHousehold } from '../seed.ts';
import { createAccountDirectorySimulator } from '../../carriers/account-directory/account-directory-simulator.ts';
import { openDeviceAuthSigner } from '../../carriers/account-directory/device-auth.ts';
import { openSqliteDatabase } from '../store/database.ts';
import { DeviceTokens, TOKEN_IDLE_EXPIRY_MS } from '../identity/tokens.ts';
import {
  callApi,
  startBackend,
  TestDevice,
  testPassword,
  TEST_DIRECTORY_KEY,
  TEST_JOINT_PASSWORD,
  TEST_OPERATOR_KEY,
  type Harness,
} from '../../tests/helpers/backend/harness.ts';

let h: Harness;

const call = <T>(method: string, path: string, body?: unknown, token?: string) =>
  callApi<T>(h, method, path, body, token);

const KITCHEN_DUID = 'T-DUID-KITCHEN-0001';

/** A box the operator installs on Mary's cable account after the joint account was made. */
function installKitchenBox() {
  h.directories.cable.sim.store.addDevice('cacct-mary', {
    id: 'stb-kitchen',
    kind: 'stb',
    name: 'Kitchen TV',
    room: 'Kitchen',
    phoneNumber: null,
    ownerName: 'Household',
    platformId: KITCHEN_DUID,
  });
}

/** What the TV app does: ask the operator's device-auth service (CORS-open, on its own origin) for an assertion. */
async function assertionFor(platformId: string) {
  const res = await fetch(`${h.directories.cable.url}/device-auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'http://tv.example' },
    body: JSON.stringify({ platform: 'tizen', platformId }),
  });
  return {
    status: res.status,
    cors: res.headers.get('access-control-allow-origin'),
    body: (await res.json()) as DeviceAssertion,
  };
}

const enrollBox = (assertion: string) =>
  call<EnrollmentGranted>('POST', '/enroll/box', {
    assertion,
    platform: 'Samsung Tizen',
    model: 'QN55',
    appVersion: '0.1.0',
  });

describe('zero-touch enrollment of operator boxes', () => {
  afterEach(() => h.close());

  test('a box added to the cable account later proves itself and joins its household without a code', async () => {
    h = await startBackend();
    installKitchenBox();
    const { status, cors, body } = await assertionFor(KITCHEN_DUID);
    assert.deepEqual([status, cors], [200, '*']);
    assert.equal(body.expiresIn, 300);
    const granted = await enrollBox(body.assertion);
    assert.equal(granted.status, 201, JSON.stringify(granted.body));
    assert.deepEqual(
      [granted.body.deviceId, granted.body.name, granted.body.room],
      ['stb-kitchen', 'Kitchen TV', 'Kitchen'],
    );
    assert.equal((await h.store.devices.get('stb-kitchen'))?.householdId, DEMO.householdId);
    const tv = await TestDevice.connect(h.wsUrl, granted.body.token);
    // Used once: the same assertion again is a replay.
    assert.equal((await enrollBox(body.assertion)).body.error.code, ErrorCode.EnrollIdentityInvalid);
    // Enrolling again (a fresh assertion) revokes the earlier token and closes its socket.
    const again = await enrollBox((await assertionFor(KITCHEN_DUID)).body.assertion);
    assert.equal(again.status, 201);
    assert.equal(await tv.waitForClose(), CloseCode.Revoked);
    assert.equal((await call('GET', '/voicemail', undefined, granted.body.token)).status, 401);
    assert.equal((await call('GET', '/voicemail', undefined, again.body.token)).status, 200);
  });

  test('expired, forged and another operator’s assertions are refused; an unknown box gets none', async () => {
    h = await startBackend();
    installKitchenBox();
    assert.equal((await assertionFor('T-DUID-NOBODY')).status, 404);
    const sim = h.directories.cable.sim;
    // Expired: signed by the operator's own key an hour ago.
    const stale = openDeviceAuthSigner(sim.store, 'fxt-digital-tv', () => Date.now() - 3600_000);
    const expired = await enrollBox(stale.assert('stb-kitchen', 'cacct-mary', 300));
    assert.deepEqual([expired.status, expired.body.error.code], [401, ErrorCode.EnrollIdentityInvalid]);
    // Forged: a real assertion with its claims changed (another box) keeps a signature that no longer matches.
    const real = (await assertionFor(KITCHEN_DUID)).body.assertion;
    const [header, payload, signature] = real.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, sub: 'stb-living-room' })).toString(
      'base64url',
    );
    assert.equal((await enrollBox(`${header}.${forgedPayload}.${signature}`)).status, 401);
    assert.equal((await enrollBox('not.an.assertion')).status, 401);
    // Another operator: its own key, even claiming the same issuer name.
    const other = createAccountDirectorySimulator({
      kind: 'cable',
      carrierName: 'FXT Digital TV',
      dbPath: ':memory:',
      partnerApiKey: TEST_DIRECTORY_KEY,
      log: silentLogger,
    });
    const foreign = await enrollBox(other.deviceAuth!.assert('stb-kitchen', 'cacct-mary', 300));
    other.close();
    assert.equal(foreign.status, 401);
    // Too long-lived to be a fresh proof.
    const longLived = await enrollBox(sim.deviceAuth!.assert('stb-kitchen', 'cacct-mary', 24 * 3600));
    assert.equal(longLived.status, 401);
    // None of that enrolled anything.
    assert.equal(await h.store.devices.get('stb-kitchen'), undefined);
  });

  test('a box the household removed does not come back by itself: only by the household’s code', async () => {
    h = await startBackend();
    installKitchenBox();
    const first = await enrollBox((await assertionFor(KITCHEN_DUID)).body.assertion);
    assert.equal(first.status, 201);
    const login = await call<{ sessionToken: string }>('POST', '/joint-accounts/login', {
      jointAccountId: DEMO.householdId,
      password: TEST_JOINT_PASSWORD,
    });
    const session = login.body.sessionToken;
    assert.equal(
      (await call('DELETE', '/joint-accounts/hh_demo/devices/stb-kitchen', undefined, session)).status,
      204,
    );
    const again = await enrollBox((await assertionFor(KITCHEN_DUID)).body.assertion);
    assert.deepEqual([again.status, again.body.error.code], [403, ErrorCode.Forbidden]);
    const bulk = await call<OperatorEnrolled>(
      'POST',
      '/operator/enrollments',
      { cableAccountIds: ['cacct-mary'] },
      TEST_OPERATOR_KEY,
    );
    assert.ok(!bulk.body.enrolled.some((e) => e.deviceId === 'stb-kitchen'));
    assert.ok(bulk.body.refused.some((r) => r.message.startsWith('stb-kitchen:')));
    // The household approves it again with a code: from then on it may enroll by itself again.
    const code = await call<EnrollmentCode>('POST', '/enroll/codes', {
      kind: 'stb',
      platform: 'Samsung Tizen',
      model: '',
      appVersion: '',
    });
    await call(
      'POST',
      '/joint-accounts/hh_demo/enrollments',
      { userCode: code.body.userCode, as: { deviceId: 'stb-kitchen' } },
      session,
    );
    assert.equal((await call('POST', '/enroll/token', { deviceCode: code.body.deviceCode })).status, 200);
    assert.equal((await enrollBox((await assertionFor(KITCHEN_DUID)).body.assertion)).status, 201);
  });

  test('a box of a cable account in no joint account is told to be linked first', async () => {
    h = await startBackend();
    h.directories.cable.sim.store.addDevice('cacct-ana', {
      id: 'stb-ana-2',
      kind: 'stb',
      name: 'Garage TV',
      room: 'Garage',
      phoneNumber: null,
      ownerName: 'Household',
      platformId: 'T-DUID-ANA-2',
    });
    const res = await enrollBox((await assertionFor('T-DUID-ANA-2')).body.assertion);
    assert.deepEqual([res.status, res.body.error.code], [404, ErrorCode.EnrollNotInHousehold]);
  });
});

describe('phones enroll with their line’s account', () => {
  afterEach(() => h.close());

  const enrollPhone = (username: string, password: string, phoneNumber: string) =>
    call<EnrollmentGranted>('POST', '/enroll/phone', { username, password, phoneNumber });

  test('the right account gets a token and the line’s SIM; a wrong password or another line does not', async () => {
    h = await startBackend();
    const wrong = await enrollPhone('luis', 'not his password', '505-555-1818');
    assert.deepEqual(
      [wrong.status, wrong.body.error.code, wrong.body.error.details?.attemptsLeft],
      [401, ErrorCode.LoginFailed, 4],
    );
    // Ana's account, Luis's line: she cannot take his SIM.
    const other = await enrollPhone('ana', testPassword('ana'), '505-555-1818');
    assert.deepEqual([other.status, other.body.error.code], [403, ErrorCode.Forbidden]);
    const luis = await enrollPhone('luis', testPassword('luis'), '505-555-1818');
    assert.equal(luis.status, 201, JSON.stringify(luis.body));
    assert.equal(luis.body.deviceId, 'phone-luis');
    assert.equal(luis.body.sim?.networkUrl, h.sms.url);
    const sent = await fetch(`${luis.body.sim.networkUrl}/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${luis.body.sim.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ to: '5055551313', text: 'Hi' }),
    });
    assert.equal(sent.status, 202);
    // The SIM key is issued only to the enrolled phone: enrolling again replaces it, the old key stops.
    const again = await enrollPhone('luis', testPassword('luis'), '5055551818');
    const stale = await fetch(`${luis.body.sim.networkUrl}/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${luis.body.sim.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ to: '5055551313', text: 'Hi' }),
    });
    assert.equal(stale.status, 401);
    assert.notEqual(again.body.token, luis.body.token);
    assert.equal((await call('GET', '/consents', undefined, luis.body.token)).status, 401);
  });
});

describe('operator bulk enrollment', () => {
  afterEach(() => h.close());

  test('only with the operator key; every box of each account in a joint account, the rest refused', async () => {
    h = await startBackend();
    const body = { cableAccountIds: ['cacct-mary', 'cacct-ana', 'cacct-nobody'] };
    assert.equal((await call('POST', '/operator/enrollments', body)).status, 401);
    const withDeviceToken = await call(
      'POST',
      '/operator/enrollments',
      body,
      await h.app.tokens.issue(DEMO.devices.livingRoom.id),
    );
    assert.deepEqual(
      [withDeviceToken.status, withDeviceToken.body.error.code],
      [401, ErrorCode.OperatorKeyInvalid],
    );
    assert.equal((await call('POST', '/operator/enrollments', body, `${TEST_OPERATOR_KEY}x`)).status, 401);
    const done = await call<OperatorEnrolled>('POST', '/operator/enrollments', body, TEST_OPERATOR_KEY);
    assert.equal(done.status, 201, JSON.stringify(done.body));
    assert.deepEqual(done.body.enrolled.map((e) => [e.deviceId, e.jointAccountId]).sort(), [
      [DEMO.devices.bedroom.id, DEMO.householdId],
      [DEMO.devices.livingRoom.id, DEMO.householdId],
    ]);
    assert.deepEqual(
      done.body.refused.map((r) => [r.cableAccountId, r.code]),
      [
        ['cacct-ana', ErrorCode.EnrollNotInHousehold],
        ['cacct-nobody', ErrorCode.NotFound],
      ],
    );
    for (const e of done.body.enrolled) assert.equal((await h.app.tokens.verify(e.token))?.id, e.deviceId);
  });
});

describe('tokens', () => {
  test('a token unused for 90 days expires; one in use does not (injected clock)', async () => {
    const store = await openSqliteDatabase(':memory:');
    await seedDemoHousehold(store);
    let now = Date.UTC(2026, 0, 1);
    const tokens = new DeviceTokens(store, { now: () => now });
    const used = await tokens.issue(DEMO.devices.livingRoom.id);
    const idle = await tokens.issue(DEMO.devices.bedroom.id);
    now += TOKEN_IDLE_EXPIRY_MS - 60_000;
    assert.equal((await tokens.verify(used))?.id, DEMO.devices.livingRoom.id);
    now += 120_000;
    // 90 days and a minute since the idle one was used; a minute since the other was.
    assert.equal(await tokens.verify(idle), undefined);
    assert.equal((await tokens.verify(used))?.id, DEMO.devices.livingRoom.id);
    assert.equal(await store.tokens.hasValid(DEMO.devices.bedroom.id, 0), false);
    await store.close();
  });
});

describe('demo pairing', () => {
  afterEach(() => h.close());

  test('only the demo household’s devices pair, and pairing again revokes the earlier token', async () => {
    h = await startBackend();
    const pair = (deviceId: string) => call<EnrollmentGranted>('POST', '/demo/pair', { deviceId });
    for (const deviceId of ['phone-luis', 'stb-den', 'phone-ana', 'no-such-device']) {
      assert.equal((await pair(deviceId)).status, 404, deviceId);
    }
    const listed = await call<{ devices: { id: string }[] }>('GET', '/demo/devices');
    assert.deepEqual(
      listed.body.devices.map((d) => d.id).sort(),
      Object.values(DEMO.devices)
        .map((d) => d.id)
        .sort(),
    );
    const first = await pair(DEMO.devices.livingRoom.id);
    const second = await pair(DEMO.devices.livingRoom.id);
    assert.equal((await call('GET', '/voicemail', undefined, first.body.token)).status, 401);
    assert.equal((await call('GET', '/voicemail', undefined, second.body.token)).status, 200);
  });

  test('refused to other sites: another Host (DNS rebinding), a body that is not JSON, a removed device', async () => {
    h = await startBackend();
    const pair = (url: string, contentType: string) =>
      h.app.http.request(url, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: JSON.stringify({ deviceId: DEMO.devices.livingRoom.id }),
      });
    assert.equal((await pair('http://attacker.example/api/demo/pair', 'application/json')).status, 404);
    assert.equal((await pair('http://127.0.0.1/api/demo/pair', 'text/plain')).status, 415);
    assert.equal((await pair('http://127.0.0.1/api/demo/pair', 'application/json')).status, 201);
    await h.store.devices.setHeld(DEMO.devices.livingRoom.id, Date.now());
    assert.equal((await pair('http://127.0.0.1/api/demo/pair', 'application/json')).status, 403);
  });

  test('off by default when the backend listens on anything but loopback; on there only when asked for', async () => {
    h = await startBackend();
    const demoApp = (demoOnAnyHost: boolean) =>
      createApp({
        store: h.store,
        log: silentLogger,
        webhookSecret: 'unused-in-this-test',
        voicemailServer: new HttpVoicemailServerClient({ baseUrl: h.simUrl, apiKey: 'unused' }),
        transcoder: new Transcoder({ cacheDir: h.cacheDir, log: silentLogger }),
        demoHouseholdId: DEMO.householdId,
        demoOnAnyHost,
      });
    const pairOn = async (app: CouchlineApp) => {
      const { url } = await app.listen(0, '0.0.0.0');
      const res = await fetch(`${url.replace('0.0.0.0', '127.0.0.1')}/api/demo/pair`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ deviceId: DEMO.devices.livingRoom.id }),
      });
      await app.close();
      return { status: res.status, code: ((await res.json()) as ErrorBody).error?.code };
    };
    assert.deepEqual(await pairOn(demoApp(false)), { status: 404, code: ErrorCode.DemoDisabled });
    assert.equal((await pairOn(demoApp(true))).status, 201);
  });
});
