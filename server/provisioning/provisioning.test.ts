import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import {
  ErrorCode,
  type DeliveryLogView,
  type JointAccountSaved,
  type PolicyConfig,
  type ProvisioningSession,
  type ProvisioningState,
  openRelationship,
} from '../../protocol/index.ts';
import { DEMO } from '../seed.ts';
import {
  callApi,
  depositHook,
  enrollPhone,
  startBackend,
  TestDevice,
  testPassword,
  TEST_DIRECTORY_KEY,
  TEST_JOINT_PASSWORD,
  type Harness,
} from '../../tests/helpers/backend/harness.ts';

const ANA_PHONE = 'phone-ana';
const LUIS_PHONE = 'phone-luis';
const DEN = 'stb-den';

/** Ana's voicemail to the den TV, weekdays 9–20, Jane blocked. */
const anaConfig = (over: Partial<PolicyConfig> = {}): PolicyConfig => ({
  timeZone: 'America/Denver',
  callerIdOnTv: false,
  relationships: [openRelationship('rel-1', ANA_PHONE, DEN)],
  privacy: {},
  ...over,
});

let h: Harness;

const call = <T>(method: string, path: string, body?: unknown, token?: string) =>
  callApi<T>(h, method, path, body, token);

describe('provisioning a joint account', () => {
  afterEach(() => h.close());

  /** Steps 1 and 2 as Ana, with her wireless account. */
  async function startAsAna(): Promise<string> {
    const login = await call<ProvisioningSession>('POST', '/provisioning/login', {
      directory: 'wireless',
      username: 'ana',
      password: testPassword('ana'),
    });
    assert.equal(login.status, 201, JSON.stringify(login.body));
    assert.equal(login.body.state.step, 'ask-joint-account');
    const asked = await call<ProvisioningState>(
      'POST',
      '/provisioning/joint-account-request',
      undefined,
      login.body.sessionToken,
    );
    assert.equal(asked.body.step, 'second-account');
    return login.body.sessionToken;
  }

  async function linkAnasCable(token: string) {
    const second = await call<ProvisioningState>(
      'POST',
      '/provisioning/second-account',
      { via: 'credentials', directory: 'cable', username: 'ana.fxt', password: testPassword('ana.fxt') },
      token,
    );
    assert.equal(second.status, 200, JSON.stringify(second.body));
    assert.equal(second.body.step, 'configure');
  }

  test('all five steps: logins, the offer of both accounts’ devices, the joint account, both routers confirm', async () => {
    h = await startBackend();
    const token = await startAsAna();
    await linkAnasCable(token);
    const offer = await call<{
      accounts: { holderName: string; directory: string; devices: { id: string }[] }[];
    }>('GET', '/provisioning/devices', undefined, token);
    assert.deepEqual(
      offer.body.accounts.map((a) => [a.directory, a.holderName, a.devices.map((d) => d.id)]),
      [
        ['wireless', 'Ana', [ANA_PHONE]],
        ['cable', 'Ana', [DEN]],
      ],
    );
    const created = await call<JointAccountSaved>(
      'POST',
      '/provisioning/joint-account',
      { name: "Ana's home", password: 'a long enough password', config: anaConfig() },
      token,
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const { account, registrations } = created.body;
    assert.match(account.jointAccountId, /^ja-[a-z2-9]{8}$/);
    assert.match(account.billingCode, /^CL-\d{4}-\d{4}$/);
    assert.deepEqual(
      registrations.map((r) => r.service),
      ['voicemail-proxy', 'push-gateway'],
    );
    assert.equal(registrations[0]!.summary, '1 route for voicemail and caller ID');
    // Stored hashed, never as typed.
    const stored = (await h.store.accounts.get(account.jointAccountId))!;
    assert.match(stored.passwordHash!, /^scrypt\$/);
    assert.ok(!stored.passwordHash!.includes('a long enough password'));
    assert.deepEqual(
      stored.accounts.map((a) => a.accountId),
      ['wacct-ana', 'cacct-ana'],
    );
    // The rules route now: a voicemail for Ana reaches the den TV.
    h.sim.mailboxes.ensureMailbox('5055551616', 'Ana');
    assert.deepEqual(await depositHook(h, 'msg_ana', '5055551616'), [ANA_PHONE, DEN]);
    // The setup session is spent; the joint-account session it returned works.
    assert.equal((await call('GET', '/provisioning/devices', undefined, token)).status, 401);
    const view = await call<{ name: string }>(
      'GET',
      `/joint-accounts/${account.jointAccountId}`,
      undefined,
      created.body.sessionToken,
    );
    assert.equal(view.body.name, "Ana's home");
  });

  test('steps out of order, and without a session, are refused with the step expected', async () => {
    h = await startBackend();
    const login = await call<ProvisioningSession>('POST', '/provisioning/login', {
      directory: 'wireless',
      username: 'ana',
      password: testPassword('ana'),
    });
    const early = await call(
      'POST',
      '/provisioning/second-account',
      { via: 'consent', phoneNumber: '505-555-1818' },
      login.body.sessionToken,
    );
    assert.equal(early.status, 409);
    assert.equal(early.body.error.code, ErrorCode.ProvisioningOutOfOrder);
    assert.equal(early.body.error.details?.step, 'ask-joint-account');
    const create = await call(
      'POST',
      '/provisioning/joint-account',
      { name: 'x', password: 'long password here', config: anaConfig() },
      login.body.sessionToken,
    );
    assert.equal(create.body.error.code, ErrorCode.ProvisioningOutOfOrder);
    const anonymous = await call('GET', '/provisioning/devices');
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.body.error.code, ErrorCode.AccountSessionInvalid);
  });

  test('a wrong password says how many tries are left; the fifth locks the account, even for the right one', async () => {
    h = await startBackend();
    const attempt = (password: string) =>
      call('POST', '/provisioning/login', { directory: 'cable', username: 'ana.fxt', password });
    const first = await attempt('wrong');
    assert.equal(first.status, 401);
    assert.equal(first.body.error.code, ErrorCode.LoginFailed);
    assert.deepEqual(first.body.error.details, { attemptsLeft: 4, field: 'password' });
    for (let i = 0; i < 3; i++) await attempt('wrong');
    const fifth = await attempt('wrong');
    assert.equal(fifth.status, 429);
    assert.equal(fifth.body.error.code, ErrorCode.LoginLocked);
    assert.ok(fifth.body.error.details!.retryAfterSec! > 14 * 60);
    const right = await attempt(testPassword('ana.fxt'));
    assert.equal(right.status, 429);
    // An unknown user name is answered exactly like a wrong password.
    const unknown = await call('POST', '/provisioning/login', {
      directory: 'cable',
      username: 'nobody',
      password: 'x',
    });
    assert.equal(unknown.body.error.code, ErrorCode.LoginFailed);
  });

  test("another holder's line: asked on their phone, answered only by it, then offered alone", async () => {
    h = await startBackend();
    const token = await startAsAna();
    // Luis has our app on his phone, enrolled by signing in to his own wireless account (no joint account yet).
    const { token: luisToken, deviceId } = await enrollPhone(h, 'luis', '5055551818');
    assert.equal(deviceId, LUIS_PHONE);
    const luis = await TestDevice.connect(h.wsUrl, luisToken);
    const asked = await call<ProvisioningState>(
      'POST',
      '/provisioning/second-account',
      { via: 'consent', phoneNumber: '(505) 555-1818' },
      token,
    );
    assert.equal(asked.body.step, 'awaiting-consent');
    assert.deepEqual(asked.body.consent, { holderName: 'Luis', line: '5055551818', state: 'pending' });
    const pushed = await luis.next((f) => f.type === 'event' && f.name === 'consent.requested');
    assert.ok(pushed.type === 'event' && pushed.name === 'consent.requested');
    assert.equal(pushed.data.requesterName, 'Ana');
    // Nothing is offered until he answers.
    assert.equal((await call('GET', '/provisioning/devices', undefined, token)).status, 409);
    const listed = await call<{ consents: { id: string }[] }>('GET', '/consents', undefined, luisToken);
    assert.deepEqual(
      listed.body.consents.map((c) => c.id),
      [pushed.data.consentId],
    );
    // Someone else's phone cannot answer for his line.
    const mary = await h.app.http.request('/api/demo/pair', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId: DEMO.devices.maryPhone.id }),
    });
    const maryToken = ((await mary.json()) as { token: string }).token;
    const forged = await call(
      `POST`,
      `/consents/${pushed.data.consentId}/decision`,
      { approve: true },
      maryToken,
    );
    assert.equal(forged.status, 403);
    const approved = await call<{ state: string }>(
      'POST',
      `/consents/${pushed.data.consentId}/decision`,
      { approve: true },
      luisToken,
    );
    assert.equal(approved.body.state, 'approved');
    const state = await call<ProvisioningState>('GET', '/provisioning/state', undefined, token);
    assert.equal(state.body.step, 'configure');
    const offer = await call<{ accounts: { holderName: string; via: string; devices: { id: string }[] }[] }>(
      'GET',
      '/provisioning/devices',
      undefined,
      token,
    );
    assert.deepEqual(
      offer.body.accounts.map((a) => [a.holderName, a.via, a.devices.map((d) => d.id)]),
      [
        ['Ana', 'credentials', [ANA_PHONE]],
        ['Luis', 'consent', [LUIS_PHONE]],
      ],
    );
    luis.socket.close();
  });

  test('a refused consent links nothing, says so, and returns to step 3', async () => {
    h = await startBackend();
    const token = await startAsAna();
    await call('POST', '/provisioning/second-account', { via: 'consent', phoneNumber: '5055551818' }, token);
    const [consent] = h.directories.wireless.sim.store.listConsents('5055551818', 'pending');
    h.directories.wireless.sim.store.decideConsent(consent!.id, 'refused', Date.now());
    const state = await call<ProvisioningState>('GET', '/provisioning/state', undefined, token);
    assert.equal(state.body.step, 'second-account');
    assert.equal(state.body.consent?.state, 'refused');
    assert.match(state.body.prompt, /^Luis refused: nothing was linked/);
    assert.deepEqual(
      state.body.accounts.map((a) => a.holderName),
      ['Ana'],
    );
    assert.equal((await call('GET', '/provisioning/devices', undefined, token)).status, 409);
    // Step 3 again, with an account this time.
    await linkAnasCable(token);
  });

  test('a consent never given expires: nothing is linked, and the page can say so', async () => {
    h = await startBackend();
    const token = await startAsAna();
    await call('POST', '/provisioning/second-account', { via: 'consent', phoneNumber: '5055551818' }, token);
    const [consent] = h.directories.wireless.sim.store.listConsents('5055551818', 'pending');
    // A day on, the carrier lets the request lapse.
    h.directories.wireless.sim.store.decideConsent(consent!.id, 'expired', Date.now());
    const state = await call<ProvisioningState>('GET', '/provisioning/state', undefined, token);
    assert.equal(state.body.step, 'second-account');
    assert.equal(state.body.consent?.state, 'expired');
    assert.match(state.body.prompt, /^Luis did not answer: nothing was linked/);
    // An answer after that changes nothing.
    const late = await h.directories.wireless.sim.app.request(`/v1/consents/${consent!.id}/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_DIRECTORY_KEY}` },
      body: JSON.stringify({ approve: true }),
    });
    assert.equal(late.status, 409);
    assert.equal((await call('GET', '/provisioning/devices', undefined, token)).status, 409);
  });

  test('bad input at each step gets an error on its field and creates nothing', async () => {
    h = await startBackend();
    const token = await startAsAna();
    const unknownLine = await call(
      'POST',
      '/provisioning/second-account',
      { via: 'consent', phoneNumber: '5055550000' },
      token,
    );
    assert.equal(unknownLine.status, 404);
    assert.deepEqual(
      [unknownLine.body.error.code, unknownLine.body.error.details?.field],
      [ErrorCode.LineNotFound, 'phoneNumber'],
    );
    const malformed = await call(
      'POST',
      '/provisioning/second-account',
      { via: 'consent', phoneNumber: '12ab' },
      token,
    );
    assert.deepEqual([malformed.status, malformed.body.error.details?.field], [400, 'phoneNumber']);
    const same = await call(
      'POST',
      '/provisioning/second-account',
      { via: 'credentials', directory: 'wireless', username: 'ana', password: testPassword('ana') },
      token,
    );
    assert.deepEqual([same.status, same.body.error.code], [409, ErrorCode.AccountAlreadyLinked]);
    await linkAnasCable(token);
    const create = (config: unknown, password = 'a long enough password') =>
      call('POST', '/provisioning/joint-account', { name: "Ana's home", password, config }, token);
    const cases: [unknown, string, number, string][] = [
      [
        anaConfig({
          relationships: [{ ...anaConfig().relationships[0]!, targetDeviceId: DEMO.devices.livingRoom.id }],
        }),
        'config.relationships.0.targetDeviceId',
        422,
        ErrorCode.DeviceNotOwned,
      ],
      [
        anaConfig({ relationships: [{ ...anaConfig().relationships[0]!, sourceDeviceId: DEN }] }),
        'config.relationships.0.sourceDeviceId',
        422,
        ErrorCode.DeviceNotOwned,
      ],
      [anaConfig({ timeZone: 'Mars/Olympus' }), 'config.timeZone', 400, ErrorCode.ProtocolMalformed],
      [
        anaConfig({
          relationships: [
            {
              ...anaConfig().relationships[0]!,
              windows: [
                { days: [1], start: '09:00', end: '12:00' },
                { days: [1, 2], start: '11:00', end: '13:00' },
              ],
            },
          ],
        }),
        'config.relationships.0',
        400,
        ErrorCode.ProtocolMalformed,
      ],
      [
        anaConfig({
          relationships: [
            { ...anaConfig().relationships[0]!, windows: [{ days: [1], start: '10:00', end: '10:00' }] },
          ],
        }),
        'config.relationships.0.windows.0',
        400,
        ErrorCode.ProtocolMalformed,
      ],
      [
        anaConfig({
          relationships: [
            {
              ...anaConfig().relationships[0]!,
              suspensions: [{ kind: 'dates', from: '2027-06-07', to: '2027-06-01' }],
            },
          ],
        }),
        'config.relationships.0.suspensions.0',
        400,
        ErrorCode.ProtocolMalformed,
      ],
      [
        anaConfig({ relationships: [{ ...anaConfig().relationships[0]!, blockedCallers: ['555-01'] }] }),
        'config.relationships.0.blockedCallers.0',
        400,
        ErrorCode.ProtocolMalformed,
      ],
    ];
    for (const [config, field, status, code] of cases) {
      const res = await create(config);
      assert.deepEqual(
        [res.status, res.body.error.code, res.body.error.details?.field],
        [status, code, field],
        field,
      );
    }
    const weak = await create(anaConfig(), 'short');
    assert.deepEqual([weak.status, weak.body.error.details?.field], [400, 'password']);
    assert.equal(await h.store.accounts.findOf('wireless', 'wacct-ana'), undefined);
    // Still at step 5: a good request goes through after all that.
    assert.equal((await create(anaConfig())).status, 201);
  });

  test('an account already in a joint account is sent to log into it', async () => {
    h = await startBackend();
    const res = await call('POST', '/provisioning/login', {
      directory: 'wireless',
      username: 'mary',
      password: testPassword('mary'),
    });
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, ErrorCode.AccountAlreadyLinked);
    assert.match(res.body.error.message, /joint account hh_demo already: log into it/);
  });
});

describe('changing a joint account later', () => {
  afterEach(() => h.close());

  test('log in with the id and password; a wrong one counts toward a lock', async () => {
    h = await startBackend();
    const wrong = await call('POST', '/joint-accounts/login', {
      jointAccountId: 'hh_demo',
      password: 'nope',
    });
    assert.deepEqual(
      [wrong.status, wrong.body.error.code, wrong.body.error.details?.attemptsLeft],
      [401, ErrorCode.LoginFailed, 4],
    );
    const ok = await call<{
      sessionToken: string;
      account: { accounts: { holderName: string; via: string }[] };
    }>('POST', '/joint-accounts/login', { jointAccountId: ' HH_DEMO ', password: TEST_JOINT_PASSWORD });
    assert.equal(ok.status, 200);
    assert.deepEqual(
      ok.body.account.accounts.map((a) => `${a.holderName}/${a.via}`),
      ['Mary/credentials', 'Mary/credentials', 'Simon/consent'],
    );
    for (let i = 0; i < 5; i++)
      await call('POST', '/joint-accounts/login', { jointAccountId: 'hh_demo', password: 'nope' });
    const locked = await call('POST', '/joint-accounts/login', {
      jointAccountId: 'hh_demo',
      password: TEST_JOINT_PASSWORD,
    });
    assert.deepEqual([locked.status, locked.body.error.code], [429, ErrorCode.LoginLocked]);
    // Another joint account's page cannot be read with this session.
    const other = await call('GET', '/joint-accounts/ja-other', undefined, ok.body.sessionToken);
    assert.equal(other.status, 403);
  });

  test('stopping a relationship removes it everywhere: the TV is told, the proxy stops, the log says why', async () => {
    h = await startBackend();
    const paired = await h.app.http.request('/api/demo/pair', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId: DEMO.devices.livingRoom.id }),
    });
    const tv = await TestDevice.connect(h.wsUrl, ((await paired.json()) as { token: string }).token);
    const login = await call<{ sessionToken: string; account: { config: PolicyConfig } }>(
      'POST',
      '/joint-accounts/login',
      {
        jointAccountId: 'hh_demo',
        password: TEST_JOINT_PASSWORD,
      },
    );
    const config = login.body.account.config;
    const stopped: PolicyConfig = {
      ...config,
      relationships: config.relationships.map((r) => ({ ...r, stopped: true })),
    };
    const saved = await call<JointAccountSaved>(
      'PUT',
      '/joint-accounts/hh_demo/config',
      { config: stopped },
      login.body.sessionToken,
    );
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.deepEqual(
      saved.body.registrations.map((r) => r.summary),
      ['0 routes for voicemail and caller ID', '2 screens told what they receive'],
    );
    const told = await tv.next((f) => f.type === 'event' && f.name === 'routing.changed');
    assert.deepEqual(told.type === 'event' && told.data, { follows: [] });
    assert.deepEqual(await h.store.policies.targets(DEMO.devices.maryPhone.id, 'voicemail'), []);
    assert.deepEqual(await depositHook(h, 'msg_after_stop', '5055551212'), [DEMO.devices.maryPhone.id]);
    const log = await call<DeliveryLogView>(
      'GET',
      '/joint-accounts/hh_demo/delivery-log',
      undefined,
      login.body.sessionToken,
    );
    const living = log.body.alerts[0]!.steps.find((e) => e.deviceName === 'Living-room TV');
    assert.deepEqual([living?.outcome, living?.reasons], ['suppress', ['relationship-stopped']]);
    // A configuration naming a device outside the account is refused and changes nothing.
    const foreign = await call(
      'PUT',
      '/joint-accounts/hh_demo/config',
      {
        config: { ...config, relationships: [{ ...config.relationships[0]!, targetDeviceId: 'stb-den' }] },
      },
      login.body.sessionToken,
    );
    assert.deepEqual(
      [foreign.status, foreign.body.error.details?.field],
      [422, 'config.relationships.0.targetDeviceId'],
    );
    assert.equal((await h.store.policies.get('hh_demo'))!.relationships[0]!.stopped, true);
    tv.socket.close();
  });
});
