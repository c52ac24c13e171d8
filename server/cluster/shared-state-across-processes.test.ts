import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import {
  ErrorCode,
  type CarrierHook,
  type DirectoryKind,
  type JointAccountView,
  type Programme,
  type ProvisioningSession,
  type ProvisioningState,
  type UnlockResponse,
} from '../../protocol/index.ts';
import { engineFromEnvironment } from '../../tests/helpers/backend/engines.ts';
import { startRedis, type TestRedis } from '../../tests/helpers/backend/redis.ts';
import {
  callApi,
  carrierHook,
  createTestApp,
  depositHook,
  leaveVoicemail,
  TEST_CARRIER_KEY,
  TEST_DIRECTORY_KEY,
  TEST_JOINT_PASSWORD,
  testPassword,
  type TestApp,
} from '../../tests/helpers/backend/test-app.ts';
import { HttpAccountDirectory } from '../accounts/account-directory.ts';
import type { ProgrammeGuide } from '../displays/programme-guide.ts';
import { silentLogger } from '../log.ts';
import { DEMO, demoPolicy } from '../seed.ts';
import { HttpVoicemailServerClient } from '../voicemail/voicemail-server-client.ts';
import { RedisSharedState } from './redis-shared-state.ts';

const engine = engineFromEnvironment();
const { maryPhone, livingRoom } = DEMO.devices;
const PIN = '8264';

/** Channel 4's programme, on for another ten minutes whenever it is asked. */
const GUIDE: ProgrammeGuide = {
  channels: () => Promise.resolve([{ id: '4', name: 'Channel 4' }]),
  onNow: (channel, at) =>
    Promise.resolve<Programme | null>(
      channel === '4'
        ? {
            title: 'The Evening News',
            start: new Date(at.getTime() - 600_000).toISOString(),
            end: new Date(at.getTime() + 600_000).toISOString(),
          }
        : null,
    ),
};

/**
 * Two API processes as an operator runs them: one database, one Redis, the same carriers — each process its own
 * app, database connection and Redis connection. Every test makes a session, a report or a call on one and
 * carries on with it on the other.
 */
describe(`state that any API process serves, through Redis (${engine.name})`, () => {
  let redis: TestRedis;
  before(async () => (redis = await startRedis()));
  after(async () => await redis.stop());
  const closers: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  async function twoProcesses(): Promise<[TestApp, TestApp]> {
    const location = await engine.newLocation();
    const apiProcess = async (carriersOf?: TestApp) => {
      const sharedState = new RedisSharedState({ url: redis.url, log: silentLogger });
      const directory = (kind: DirectoryKind) =>
        new HttpAccountDirectory({
          kind,
          carrierName: kind,
          baseUrl: carriersOf!.directories[kind].url,
          apiKey: TEST_DIRECTORY_KEY,
        });
      const app = await createTestApp({
        store: await engine.open(location),
        sharedState,
        programmeGuide: GUIDE,
        // The second process talks to the first one's carriers, as every process of a deployment does.
        ...(carriersOf
          ? {
              directories: { wireless: directory('wireless'), cable: directory('cable') },
              voicemailServer: new HttpVoicemailServerClient({
                baseUrl: carriersOf.simUrl,
                apiKey: TEST_CARRIER_KEY,
              }),
            }
          : {}),
      });
      closers.push(
        () => sharedState.close(),
        () => app.close(),
      );
      return app;
    };
    const a = await apiProcess();
    return [a, await apiProcess(a)];
  }

  test('the setup page: logged in on one process, each next step on the other', async () => {
    const [a, b] = await twoProcesses();
    const login = await callApi<ProvisioningSession>(a, 'POST', '/provisioning/login', {
      directory: 'wireless',
      username: 'ana',
      password: testPassword('ana'),
    });
    assert.equal(login.status, 201, JSON.stringify(login.body));
    const token = login.body.sessionToken;
    const asked = await callApi<ProvisioningState>(
      b,
      'POST',
      '/provisioning/joint-account-request',
      undefined,
      token,
    );
    assert.equal(asked.status, 200, JSON.stringify(asked.body));
    assert.equal(asked.body.step, 'second-account');
    // The step B took is the state A reads: written back, not kept in B's memory.
    const onA = await callApi<ProvisioningState>(a, 'GET', '/provisioning/state', undefined, token);
    assert.equal(onA.body.step, 'second-account');
    const wrong = await callApi(
      b,
      'POST',
      '/provisioning/second-account',
      {
        via: 'credentials',
        directory: 'cable',
        username: 'ana.fxt',
        password: 'not her password',
      },
      token,
    );
    assert.equal(wrong.status, 401);
    const second = await callApi<ProvisioningState>(
      a,
      'POST',
      '/provisioning/second-account',
      {
        via: 'credentials',
        directory: 'cable',
        username: 'ana.fxt',
        password: testPassword('ana.fxt'),
      },
      token,
    );
    assert.equal(second.status, 200, JSON.stringify(second.body));
    assert.equal(second.body.step, 'configure');
    const offer = await callApi<{ accounts: unknown[] }>(b, 'GET', '/provisioning/devices', undefined, token);
    assert.equal(offer.status, 200);
    assert.equal(offer.body.accounts.length, 2);
  });

  test('a joint-account session opened on one process is good on the other; logging out there ends it here', async () => {
    const [a, b] = await twoProcesses();
    const login = await callApi<{ sessionToken: string }>(a, 'POST', '/joint-accounts/login', {
      jointAccountId: DEMO.householdId,
      password: TEST_JOINT_PASSWORD,
    });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    const token = login.body.sessionToken;
    const onB = await callApi<JointAccountView>(
      b,
      'GET',
      `/joint-accounts/${DEMO.householdId}`,
      undefined,
      token,
    );
    assert.equal(onB.status, 200);
    assert.equal(onB.body.jointAccountId, DEMO.householdId);
    const devices = await callApi(b, 'GET', `/joint-accounts/${DEMO.householdId}/devices`, undefined, token);
    assert.equal(devices.status, 200);

    assert.equal((await callApi(b, 'POST', '/joint-accounts/logout', undefined, token)).status, 204);
    const after = await callApi(a, 'GET', `/joint-accounts/${DEMO.householdId}`, undefined, token);
    assert.equal(after.status, 401);
    assert.equal(after.body.error.code, ErrorCode.AccountSessionInvalid);
  });

  test('a display reports its channel to one process; its quiet, asked of the other, holds an alert routed by the first', async () => {
    const [a, b] = await twoProcesses();
    const tv = await a.app.tokens.issue(livingRoom.id);
    assert.equal((await callApi(a, 'PUT', '/displays/me', { channel: '4' }, tv)).status, 204);
    const quiet = await callApi<{ until: string }>(b, 'POST', '/displays/me/quiet', undefined, tv);
    assert.equal(quiet.status, 200, JSON.stringify(quiet.body));
    const view = await callApi<{ channel: string; quietUntil: string }>(
      a,
      'GET',
      '/displays/me',
      undefined,
      tv,
    );
    assert.deepEqual([view.body.channel, view.body.quietUntil], ['4', quiet.body.until]);

    assert.deepEqual(await depositHook(a, 'vm-quiet', maryPhone.phoneNumber), [maryPhone.id]);

    // Ended on A; B's view says so.
    const ended = await callApi<{ released: number }>(a, 'DELETE', '/displays/me/quiet', undefined, tv);
    assert.equal(ended.body.released, 1);
    const again = await callApi<{ quietUntil: string | null }>(b, 'GET', '/displays/me', undefined, tv);
    assert.equal(again.body.quietUntil, null);
  });

  test('a call rings through one process; its end, sent to both, is taken down once', async () => {
    const [a, b] = await twoProcesses();
    const config = demoPolicy();
    config.callerIdOnTv = true;
    config.relationships[0]!.contentTypes = ['voicemail', 'callerid'];
    await a.app.proxy.register(DEMO.householdId, config);
    const at = new Date().toISOString();
    const call = { callId: 'call-across', line: maryPhone.phoneNumber, at };
    const rang = await carrierHook(a, {
      type: 'call.ringing',
      ...call,
      callerName: 'Jane',
      callerNumber: '5055551313',
    });
    assert.equal(rang.status, 202, await rang.clone().text());
    // The carrier sent the end twice (two deliveries, two webhook ids), the second to the other process. (Both at
    // once is GETDEL's atomicity, shared-state.test.ts; here two SQLite connections on one thread would wait on
    // each other's write lock.)
    const end: CarrierHook = { type: 'call.ended', ...call, reason: 'voicemail' };
    const recipients = async (res: Response) => ((await res.json()) as { recipients: string[] }).recipients;
    assert.deepEqual(await recipients(await carrierHook(b, end)), [livingRoom.id], 'B knew whom A told');
    assert.deepEqual(await recipients(await carrierHook(a, end)), [], 'taken by B: nobody is told twice');
    const pending = await a.store.outbox.pending(livingRoom.id, 0, Date.now());
    assert.equal(pending.filter((e) => e.name === 'callerid.incoming').length, 1);
    assert.equal(pending.filter((e) => e.name === 'callerid.ended').length, 1);
  });

  test('a playback session opened with the PIN on one process plays on the other', async () => {
    const [a, b] = await twoProcesses();
    await a.listen(); // the carrier's webhook for the new message reaches A
    assert.deepEqual(await a.sim.pins.setPin(maryPhone.phoneNumber, PIN, undefined), { ok: true });
    const messageId = await leaveVoicemail(a.simUrl, maryPhone.phoneNumber);
    const tv = await a.app.tokens.issue(livingRoom.id);
    const unlocked = await callApi<UnlockResponse>(
      a,
      'POST',
      `/voicemail/${messageId}/unlock`,
      { pin: PIN },
      tv,
    );
    assert.equal(unlocked.status, 201, JSON.stringify(unlocked.body));

    const audio = await b.app.http.request(unlocked.body.audioUrl);
    assert.equal(audio.status, 200);
    assert.equal(audio.headers.get('content-type'), 'audio/mp4');
    assert.equal(
      Buffer.from(await audio.arrayBuffer())
        .subarray(4, 8)
        .toString('latin1'),
      'ftyp',
    );
    // Deleted through B with A's session: the session ends on A too.
    const deleted = await callApi(
      b,
      'POST',
      `/voicemail/${messageId}/delete`,
      { sessionId: unlocked.body.sessionId },
      tv,
    );
    assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
    const gone = await a.app.http.request(unlocked.body.audioUrl);
    assert.equal(gone.status, 401);
  });

  test('Redis away: a session request answers 503 with Retry-After, and works again once it is back', async () => {
    const [a, b] = await twoProcesses();
    const login = await callApi<{ sessionToken: string }>(a, 'POST', '/joint-accounts/login', {
      jointAccountId: DEMO.householdId,
      password: TEST_JOINT_PASSWORD,
    });
    await redis.kill();
    try {
      const res = await b.app.http.request(`/api/joint-accounts/${DEMO.householdId}`, {
        headers: { authorization: `Bearer ${login.body.sessionToken}` },
      });
      assert.equal(res.status, 503);
      assert.equal(res.headers.get('retry-after'), '5');
      assert.equal(
        ((await res.json()) as { error: { code: string } }).error.code,
        ErrorCode.StoreUnavailable,
      );
    } finally {
      await redis.restart();
    }
    // The restarted Redis is empty (nothing saved): the page logs in again, and that works at once.
    let status = 0;
    for (let i = 0; i < 100 && status !== 200; i++) {
      status = (
        await callApi(b, 'POST', '/joint-accounts/login', {
          jointAccountId: DEMO.householdId,
          password: TEST_JOINT_PASSWORD,
        })
      ).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(status, 200);
  });
});
