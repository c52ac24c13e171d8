import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import {
  CloseCode,
  ErrorCode,
  type DeliveryLogView,
  type EnrollmentCode,
  type EnrollmentGranted,
  type EnrollmentRequestView,
  type HouseholdDevice,
  type HouseholdDeviceList,
} from '../../protocol/index.ts';
import { hashSecret } from '../identity/secrets.ts';
import { DEMO } from '../seed.ts';
import { openSqliteDatabase } from '../store/database.ts';
import {
  callApi,
  depositHook,
  enrollPhone,
  startBackend,
  TestDevice,
  TEST_JOINT_PASSWORD,
  type Harness,
} from '../../tests/helpers/backend/harness.ts';
import { AttemptLimits } from '../identity/attempt-limits.ts';
import type { ApiError } from '../http/api-error.ts';
import {
  CODE_TTL_MS,
  DeviceCodes,
  GUESS_LIMITS,
  OVERALL_START_LIMITS,
  START_LIMITS,
} from './device-codes.ts';

let h: Harness;

const call = <T>(method: string, path: string, body?: unknown, token?: string) =>
  callApi<T>(h, method, path, body, token);

const A_TIZEN_TV = { kind: 'stb', platform: 'Samsung Tizen', model: 'UE55TU8000', appVersion: '0.1.0' };

async function demoSession(): Promise<string> {
  const login = await call<{ sessionToken: string }>('POST', '/joint-accounts/login', {
    jointAccountId: DEMO.householdId,
    password: TEST_JOINT_PASSWORD,
  });
  assert.equal(login.status, 200);
  return login.body.sessionToken;
}

/** A code, with the device's side of the RFC's clock: each poll waits out the interval the server gave. */
async function startCode(body: unknown = A_TIZEN_TV) {
  const started = await call<EnrollmentCode>('POST', '/enroll/codes', body);
  assert.equal(started.status, 201, JSON.stringify(started.body));
  return started.body;
}

/** The setup page approves a code as one of the demo household's devices, or as a new display. */
const approveAs = (session: string, userCode: string, as: unknown) =>
  call<{ device: HouseholdDevice }>('POST', '/joint-accounts/hh_demo/enrollments', { userCode, as }, session);

const poll = (deviceCode: string) => call<EnrollmentGranted>('POST', '/enroll/token', { deviceCode });

describe('enrollment by code', () => {
  afterEach(() => h.close());

  test('a TV shows a code, polls, is approved on the setup page as a box of the cable account, and starts', async () => {
    h = await startBackend();
    const code = await startCode();
    assert.match(code.userCode, /^[BCDFGHJKLMNPQRSTVWXZ]{8}$/);
    assert.equal(code.interval, 5);
    assert.equal(code.expiresIn, 600);
    assert.match(code.verificationUri, /\/account\.html$/);
    assert.equal(
      code.verificationUriComplete,
      `${code.verificationUri}?code=${code.userCode.slice(0, 4)}-${code.userCode.slice(4)}`,
    );

    const pending = await poll(code.deviceCode);
    assert.deepEqual([pending.status, pending.body.error.code], [400, ErrorCode.EnrollPending]);
    // Polling again at once is too fast: slow down, and the interval grows by 5 s.
    const tooFast = await poll(code.deviceCode);
    assert.deepEqual(
      [tooFast.body.error.code, tooFast.body.error.details?.retryAfterSec],
      [ErrorCode.EnrollSlowDown, 10],
    );

    const session = await demoSession();
    // Typed as a person would: lower case, a space instead of the dash.
    const typed = `${code.userCode.slice(0, 4).toLowerCase()} ${code.userCode.slice(4)}`;
    const looked = await call<EnrollmentRequestView>(
      'GET',
      `/joint-accounts/hh_demo/enrollments/${encodeURIComponent(typed)}`,
      undefined,
      session,
    );
    assert.equal(looked.status, 200);
    assert.deepEqual(
      [looked.body.kind, looked.body.platform, looked.body.model],
      ['stb', 'Samsung Tizen', 'UE55TU8000'],
    );
    const approved = await approveAs(session, typed, { deviceId: DEMO.devices.bedroom.id });
    assert.equal(approved.status, 201, JSON.stringify(approved.body));
    assert.equal(approved.body.device.id, DEMO.devices.bedroom.id);

    // The device waits out its (grown) interval, as it must, then collects its token.
    await h.store.enrollmentCodes.update(
      (await h.store.enrollmentCodes.find({ userCode: code.userCode }))!.deviceCodeHash,
      {
        lastPollAt: Date.now() - 10_000,
      },
    );
    const granted = await poll(code.deviceCode);
    assert.equal(granted.status, 200, JSON.stringify(granted.body));
    assert.deepEqual(
      [granted.body.deviceId, granted.body.kind, granted.body.name, granted.body.sim],
      [DEMO.devices.bedroom.id, 'stb', 'Bedroom TV', undefined],
    );
    // The token works on the channel; the code is used up.
    const tv = await TestDevice.connect(h.wsUrl, granted.body.token);
    assert.equal((await poll(code.deviceCode)).body.error.code, ErrorCode.EnrollExpired);
    // The devices page says what it enrolled as, and that it is online.
    const list = await call<HouseholdDeviceList>(
      'GET',
      '/joint-accounts/hh_demo/devices',
      undefined,
      session,
    );
    const bedroom = list.body.devices.find((d) => d.id === DEMO.devices.bedroom.id)!;
    assert.deepEqual(
      [bedroom.enrolled, bedroom.online, bedroom.platform, bedroom.model, bedroom.appVersion],
      [true, true, 'Samsung Tizen', 'UE55TU8000', '0.1.0'],
    );
    await tv.close();
  });

  test('a new display named by room joins the household and receives the next voicemail its rule sends', async () => {
    h = await startBackend();
    const code = await startCode();
    const session = await demoSession();
    const approved = await approveAs(session, code.userCode, { name: 'Kitchen TV', room: 'Kitchen' });
    assert.equal(approved.status, 201);
    const kitchen = approved.body.device;
    assert.deepEqual([kitchen.kind, kitchen.name, kitchen.room], ['stb', 'Kitchen TV', 'Kitchen']);
    const granted = await poll(code.deviceCode);
    assert.equal(granted.body.deviceId, kitchen.id);
    // Mary's voicemail goes to the kitchen too once a rule says so.
    const config = (await h.store.policies.get(DEMO.householdId))!;
    const rule = { ...config.relationships[0]!, id: 'rel-kitchen', targetDeviceId: kitchen.id };
    const saved = await call(
      'PUT',
      '/joint-accounts/hh_demo/config',
      {
        config: { ...config, relationships: [...config.relationships, rule] },
      },
      session,
    );
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const tv = await TestDevice.connect(h.wsUrl, granted.body.token);
    await depositHook(h, 'msg-kitchen', DEMO.devices.maryPhone.phoneNumber);
    const alert = await tv.next((f) => f.type === 'event' && f.name === 'voicemail.new');
    assert.ok(alert.type === 'event' && alert.id === 'voicemail.new:msg-kitchen');

    // Removed on the devices page: the socket closes at once, the display and its rule are gone, the log names it.
    const removed = await call('DELETE', `/joint-accounts/hh_demo/devices/${kitchen.id}`, undefined, session);
    assert.equal(removed.status, 204);
    assert.equal(await tv.waitForClose(), CloseCode.Revoked);
    assert.ok(tv.frames.some((f) => f.type === 'error' && f.code === ErrorCode.AuthRevoked));
    const list = await call<HouseholdDeviceList>(
      'GET',
      '/joint-accounts/hh_demo/devices',
      undefined,
      session,
    );
    assert.ok(!list.body.devices.some((d) => d.id === kitchen.id));
    assert.ok(
      !(await h.store.policies.get(DEMO.householdId))!.relationships.some(
        (r) => r.targetDeviceId === kitchen.id,
      ),
    );
    const log = await call<DeliveryLogView>(
      'GET',
      '/joint-accounts/hh_demo/delivery-log',
      undefined,
      session,
    );
    const steps = log.body.alerts.flatMap((a) => a.steps);
    assert.equal(steps.find((e) => e.deviceId === kitchen.id)?.deviceName, 'Kitchen TV');
    // Its token is refused everywhere.
    assert.equal((await call('GET', '/voicemail', undefined, granted.body.token)).status, 401);
  });

  test('denied, expired and unknown codes', async () => {
    h = await startBackend();
    const session = await demoSession();
    const denied = await startCode();
    assert.equal(
      (await call('POST', `/joint-accounts/hh_demo/enrollments/${denied.userCode}/deny`, undefined, session))
        .status,
      204,
    );
    assert.equal((await poll(denied.deviceCode)).body.error.code, ErrorCode.EnrollDenied);
    // A denied code cannot be approved afterwards.
    const late = await approveAs(session, denied.userCode, { deviceId: DEMO.devices.bedroom.id });
    assert.equal(late.body.error.code, ErrorCode.EnrollCodeUnknown);
    assert.equal((await poll('not-a-device-code')).body.error.code, ErrorCode.EnrollExpired);
    // Asking for codes is open to anyone, so one source gets a bounded number: 30 in 10 minutes, one used above.
    let refused = 0;
    for (let i = 0; i < 31 && refused === 0; i++) {
      if ((await call('POST', '/enroll/codes', A_TIZEN_TV)).status === 429) refused = i;
    }
    assert.equal(refused, 29);
    // Malformed requests are refused with the field.
    const malformed = await call('POST', '/enroll/codes', {
      kind: 'toaster',
      platform: 'x',
      model: '',
      appVersion: '',
    });
    assert.equal(malformed.status, 400);
  });

  test('guessing codes is limited per source and household, and overall', async () => {
    h = await startBackend();
    const session = await demoSession();
    const live = await startCode();
    const wrong = live.userCode === 'BBBBBBBB' ? 'CCCCCCCC' : 'BBBBBBBB';
    const left: number[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await call('GET', `/joint-accounts/hh_demo/enrollments/${wrong}`, undefined, session);
      if (res.status === 404) left.push(res.body.error.details!.attemptsLeft!);
      else assert.deepEqual([res.status, res.body.error.code], [429, ErrorCode.EnrollGuessLimited]);
    }
    assert.deepEqual(left, [9, 8, 7, 6, 5, 4, 3, 2, 1]);
    // Locked now: even the right code is refused until the window passes.
    const locked = await call(
      'GET',
      `/joint-accounts/hh_demo/enrollments/${live.userCode}`,
      undefined,
      session,
    );
    assert.equal(locked.status, 429);
    assert.ok(locked.body.error.details!.retryAfterSec! > 800);

    // Overall: guesses from many places together are limited too.
    const store = await openSqliteDatabase(':memory:');
    const codes = new DeviceCodes({ store });
    let refusedAt = -1;
    for (let i = 0; i < 1001 && refusedAt < 0; i++) {
      try {
        await codes.find('BBBBBBBB', { source: `10.0.${i >> 8}.${i & 255}`, householdId: `hh-${i}` });
      } catch (error) {
        if ((error as { code: string }).code === ErrorCode.EnrollGuessLimited) refusedAt = i;
      }
    }
    assert.equal(refusedAt, 999);
    await store.close();
  });

  test("another household's session cannot approve for this one, nor name its devices", async () => {
    h = await startBackend();
    await h.store.accounts.create({
      id: 'ja-otherhome',
      name: "Ana's home",
      passwordHash: await hashSecret('ana home password'),
      billingCode: 'CL-0000-0002',
      accounts: [{ directory: 'cable', accountId: 'cacct-ana', holderName: 'Ana', via: 'credentials' }],
      devices: [
        {
          id: 'stb-den',
          kind: 'stb',
          name: 'Den TV',
          room: 'Den',
          phoneNumber: null,
          ownerName: 'Household',
        },
      ],
    });
    const login = await call<{ sessionToken: string }>('POST', '/joint-accounts/login', {
      jointAccountId: 'ja-otherhome',
      password: 'ana home password',
    });
    const anaSession = login.body.sessionToken;
    const code = await startCode();
    // Ana's session, on Mary's joint account: refused.
    const onDemo = await call(
      'POST',
      '/joint-accounts/hh_demo/enrollments',
      { userCode: code.userCode, as: { deviceId: DEMO.devices.bedroom.id } },
      anaSession,
    );
    assert.equal(onDemo.status, 403);
    // Ana's session on her own account, naming Mary's box: not hers.
    const naming = await call(
      'POST',
      '/joint-accounts/ja-otherhome/enrollments',
      { userCode: code.userCode, as: { deviceId: DEMO.devices.bedroom.id } },
      anaSession,
    );
    assert.deepEqual(
      [naming.status, naming.body.error.code, naming.body.error.details?.field],
      [422, ErrorCode.DeviceNotOwned, 'as.deviceId'],
    );
    // Nor can she list, rename or remove Mary's devices.
    assert.equal((await call('GET', '/joint-accounts/hh_demo/devices', undefined, anaSession)).status, 403);
    assert.equal(
      (
        await call(
          'DELETE',
          `/joint-accounts/ja-otherhome/devices/${DEMO.devices.bedroom.id}`,
          undefined,
          anaSession,
        )
      ).status,
      404,
    );
    // Still pending: Mary's household never approved it.
    assert.equal((await poll(code.deviceCode)).body.error.code, ErrorCode.EnrollPending);
  });

  test('a phone of the household approves a TV; a TV cannot approve anything', async () => {
    h = await startBackend();
    const phone = await h.app.tokens.issue(DEMO.devices.maryPhone.id);
    const tvToken = await h.app.tokens.issue(DEMO.devices.livingRoom.id);
    const code = await startCode();
    assert.equal((await call('GET', '/household/devices', undefined, tvToken)).status, 403);
    const listed = await call<HouseholdDeviceList>('GET', '/household/devices', undefined, phone);
    assert.deepEqual(
      listed.body.devices.map((d) => d.id).sort(),
      [
        DEMO.devices.bedroom.id,
        DEMO.devices.livingRoom.id,
        DEMO.devices.maryPhone.id,
        DEMO.devices.simonPhone.id,
      ].sort(),
    );
    const seen = await call<EnrollmentRequestView>(
      'GET',
      `/household/enrollments/${code.userCode}`,
      undefined,
      phone,
    );
    assert.equal(seen.body.platform, 'Samsung Tizen');
    const approved = await call<{ device: HouseholdDevice }>(
      'POST',
      '/household/enrollments',
      { userCode: code.userCode, as: { deviceId: DEMO.devices.livingRoom.id } },
      phone,
    );
    assert.equal(approved.status, 201);
    const granted = await poll(code.deviceCode);
    assert.equal(granted.body.deviceId, DEMO.devices.livingRoom.id);
    // Enrolling the living room again revoked its earlier token.
    assert.equal((await call('GET', '/voicemail', undefined, tvToken)).status, 401);
    assert.equal((await call('GET', '/voicemail', undefined, granted.body.token)).status, 200);
  });

  test('a household phone may add TVs but never hand out a phone line (nor its SIM)', async () => {
    h = await startBackend();
    const simon = await h.app.tokens.issue(DEMO.devices.simonPhone.id);
    const code = await startCode({ kind: 'phone', platform: 'Android', model: '', appVersion: '' });
    const taken = await call(
      'POST',
      '/household/enrollments',
      { userCode: code.userCode, as: { deviceId: DEMO.devices.maryPhone.id } },
      simon,
    );
    assert.deepEqual([taken.status, taken.body.error.code], [422, ErrorCode.DeviceNotOwned]);
    assert.equal((await poll(code.deviceCode)).body.error.code, ErrorCode.EnrollPending);
  });

  test('removing a device voids an approval it has not collected yet', async () => {
    h = await startBackend();
    const session = await demoSession();
    const code = await startCode();
    await approveAs(session, code.userCode, { deviceId: DEMO.devices.livingRoom.id });
    // Approved as the wrong TV by mistake: Remove it before the TV's next poll.
    await call('DELETE', `/joint-accounts/hh_demo/devices/${DEMO.devices.livingRoom.id}`, undefined, session);
    assert.equal((await poll(code.deviceCode)).body.error.code, ErrorCode.EnrollExpired);
    assert.equal(await h.store.tokens.hasValid(DEMO.devices.livingRoom.id, 0), false);
  });

  test('a revocation that rolls back closes no socket', async () => {
    h = await startBackend();
    const token = await h.app.tokens.issue(DEMO.devices.livingRoom.id);
    const tv = await TestDevice.connect(h.wsUrl, token);
    await assert.rejects(
      h.store.transaction(async () => {
        await h.app.tokens.revoke(DEMO.devices.livingRoom.id);
        throw new Error('something later in the same change failed');
      }),
    );
    // Still valid, and still connected: a ping is answered.
    assert.equal((await h.app.tokens.verify(token))?.id, DEMO.devices.livingRoom.id);
    tv.send({ type: 'ping', t: 7 });
    await tv.next((f) => f.type === 'pong');
    assert.equal(tv.closeCode, undefined);
    await tv.close();
  });

  test('a phone shows a code too: approved as its line, it gets its token and the line’s SIM', async () => {
    h = await startBackend();
    const code = await startCode({ kind: 'phone', platform: 'Android', model: 'Pixel', appVersion: '0.1.0' });
    const session = await demoSession();
    // A phone is its line: it cannot be a new display, nor a TV.
    const asDisplay = await approveAs(session, code.userCode, { name: 'Kitchen', room: 'Kitchen' });
    assert.equal(asDisplay.status, 422);
    const asTv = await approveAs(session, code.userCode, { deviceId: DEMO.devices.bedroom.id });
    assert.equal(asTv.status, 422);
    const approved = await approveAs(session, code.userCode, { deviceId: DEMO.devices.simonPhone.id });
    assert.equal(approved.status, 201);
    const granted = await poll(code.deviceCode);
    assert.equal(granted.body.deviceId, DEMO.devices.simonPhone.id);
    assert.equal(granted.body.sim?.networkUrl, h.sms.url);
  });

  test('rename and remove on the devices page; removing a phone closes its channel at once', async () => {
    h = await startBackend();
    const session = await demoSession();
    const mary = await enrollPhone(h, 'mary', DEMO.devices.maryPhone.phoneNumber);
    const socket = await TestDevice.connect(h.wsUrl, mary.token);
    const renamed = await call<HouseholdDevice>(
      'PATCH',
      `/joint-accounts/hh_demo/devices/${DEMO.devices.livingRoom.id}`,
      { name: 'Big TV', room: 'Lounge' },
      session,
    );
    assert.deepEqual([renamed.status, renamed.body.name, renamed.body.room], [200, 'Big TV', 'Lounge']);
    const phoneRoom = await call(
      'PATCH',
      `/joint-accounts/hh_demo/devices/${DEMO.devices.maryPhone.id}`,
      { room: 'Lounge' },
      session,
    );
    assert.equal(phoneRoom.status, 422);
    assert.equal(
      (
        await call(
          'DELETE',
          `/joint-accounts/hh_demo/devices/${DEMO.devices.maryPhone.id}`,
          undefined,
          session,
        )
      ).status,
      204,
    );
    assert.equal(await socket.waitForClose(), CloseCode.Revoked);
    const refused = await call('GET', '/voicemail', undefined, mary.token);
    assert.deepEqual([refused.status, refused.body.error.code], [401, ErrorCode.AuthRevoked]);
    // A phone that was off when it was removed is told so when it comes back (not "unknown token": it must not
    // just pair again).
    const later = await TestDevice.open(h.wsUrl);
    later.send({ type: 'hello', v: 1, token: mary.token, lastSeq: 0 });
    assert.equal(await later.waitForClose(), CloseCode.Revoked);
    assert.ok(later.frames.some((f) => f.type === 'error' && f.code === ErrorCode.AuthRevoked));
    // A line of the account stays listed, not enrolled; its voicemail still reaches the living room.
    const list = await call<HouseholdDeviceList>(
      'GET',
      '/joint-accounts/hh_demo/devices',
      undefined,
      session,
    );
    const phone = list.body.devices.find((d) => d.id === DEMO.devices.maryPhone.id)!;
    assert.deepEqual([phone.enrolled, phone.online], [false, false]);
    assert.ok(
      (await depositHook(h, 'msg-after', DEMO.devices.maryPhone.phoneNumber)).includes(
        DEMO.devices.livingRoom.id,
      ),
    );
  });
});

describe('enrollment codes (injected clock)', () => {
  test('a code expires after 10 minutes and is used once (injected clock)', async () => {
    const store = await openSqliteDatabase(':memory:');
    let now = 1_000_000;
    const codes = new DeviceCodes({ store, now: () => now });
    const code = await codes.start(
      { kind: 'stb', platform: 'RDK', model: '', appVersion: '' },
      'https://couchline.example/account.html',
    );
    now += CODE_TTL_MS - 1000;
    await assert.rejects(codes.poll(code.deviceCode), { code: ErrorCode.EnrollPending });
    const guesser = { source: 'a', householdId: 'hh' };
    assert.equal((await codes.find(code.userCode, guesser)).userCode, code.userCode);
    now += 1000;
    await assert.rejects(codes.find(code.userCode, guesser), { code: ErrorCode.EnrollCodeUnknown });
    await assert.rejects(codes.poll(code.deviceCode), { code: ErrorCode.EnrollExpired });
    await store.close();
  });

  test('one source asking past its own limit does not use up everyone’s: a refused ask is not counted for all', async () => {
    const store = await openSqliteDatabase(':memory:');
    const codes = new DeviceCodes({ store });
    const tv = { kind: 'stb' as const, platform: 'RDK', model: '', appVersion: '' };
    const ask = (source: string) =>
      codes.start(tv, 'https://couchline.example/account.html', source).then(
        () => 'given',
        (e: ApiError) => e.code,
      );
    const answers: string[] = [];
    for (let i = 0; i < START_LIMITS[0]!.max + 20; i++) answers.push(await ask('203.0.113.66'));
    assert.equal(answers.filter((a) => a === 'given').length, START_LIMITS[0]!.max);
    assert.equal(answers.filter((a) => a === ErrorCode.EnrollGuessLimited).length, 20);
    // Everyone's limit counted the flooding source's 30 given codes only, not its 20 refused asks.
    const everyone = new AttemptLimits(store.rateLimits, 'enroll-start-all', OVERALL_START_LIMITS);
    assert.equal(
      (await everyone.state('all')).attemptsLeft,
      OVERALL_START_LIMITS[0]!.max - START_LIMITS[0]!.max,
    );
    assert.equal(await ask('198.51.100.7'), 'given');
    await store.close();
  });

  test('a right code gives its counted guess back, and a guess given back never leaves a counter below zero', async () => {
    const store = await openSqliteDatabase(':memory:');
    let now = 1_000_000;
    const codes = new DeviceCodes({ store, now: () => now });
    const code = await codes.start(
      { kind: 'stb', platform: 'RDK', model: '', appVersion: '' },
      'https://x.example/',
    );
    const guesser = { source: 's', householdId: 'hh' };
    for (let i = 0; i < GUESS_LIMITS[0]!.max - 1; i++)
      await assert.rejects(codes.find('NOPENOPE', guesser), { code: ErrorCode.EnrollCodeUnknown });
    // Nine wrong: the right one is looked up and given back, so one wrong guess is still left afterwards.
    assert.equal((await codes.find(code.userCode, guesser)).userCode, code.userCode);
    await assert.rejects(codes.find('NOPENOPE', guesser), { code: ErrorCode.EnrollGuessLimited });
    // Taking back from a counter that is gone (its window over) makes none, and a counter stops at zero.
    now += 24 * 3600_000;
    assert.equal(await store.rateLimits.takeBack('gone', 1, now), false);
    assert.equal(await store.rateLimits.get('gone', now), undefined);
    await store.rateLimits.add('one', 1, now + 1000, now);
    assert.equal(await store.rateLimits.takeBack('one', 1, now), true);
    assert.equal(await store.rateLimits.takeBack('one', 1, now), true);
    assert.deepEqual(await store.rateLimits.get('one', now), { points: 0, expire: now + 1000 });
    await store.close();
  });
});
