import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import {
  ErrorCode,
  openRelationship,
  type AccountLinking,
  type AccountUnlinked,
  type JointAccountSaved,
  type ProvisioningSession,
} from '../../protocol/index.ts';
import {
  callApi,
  depositHook,
  enrollPhone,
  startBackend,
  TestDevice,
  testPassword,
  type Harness,
} from '../../tests/helpers/backend/harness.ts';

const ANA_PHONE = 'phone-ana';
const LUIS_PHONE = 'phone-luis';
const DEN = 'stb-den';
const LUIS_LINE = '5055551818';

let h: Harness;
const call = <T>(method: string, path: string, body?: unknown, token?: string) =>
  callApi<T>(h, method, path, body, token);

/** Ana's joint account, made of her wireless and cable accounts: her voicemail to the den TV. */
async function anasJointAccount(): Promise<{ id: string; token: string }> {
  const login = await call<ProvisioningSession>('POST', '/provisioning/login', {
    directory: 'wireless',
    username: 'ana',
    password: testPassword('ana'),
  });
  const setup = login.body.sessionToken;
  await call('POST', '/provisioning/joint-account-request', undefined, setup);
  await call(
    'POST',
    '/provisioning/second-account',
    { via: 'credentials', directory: 'cable', username: 'ana.fxt', password: testPassword('ana.fxt') },
    setup,
  );
  const created = await call<JointAccountSaved>(
    'POST',
    '/provisioning/joint-account',
    {
      name: "Ana's home",
      password: 'a long enough password',
      config: {
        timeZone: 'America/Denver',
        callerIdOnTv: false,
        relationships: [openRelationship('rel-ana', ANA_PHONE, DEN)],
        privacy: {},
      },
    },
    setup,
  );
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return { id: created.body.account.jointAccountId, token: created.body.sessionToken };
}

describe('a joint account links more accounts after it is made, and unlinks them', () => {
  afterEach(() => h.close());

  test("Luis's account by its password: his phone joins, a rule sends his voicemail to the den TV; unlinked, it stops", async () => {
    h = await startBackend();
    const ana = await anasJointAccount();
    const linked = await call<AccountLinking>(
      'POST',
      `/joint-accounts/${ana.id}/accounts`,
      { via: 'credentials', directory: 'wireless', username: 'luis', password: testPassword('luis') },
      ana.token,
    );
    assert.equal(linked.status, 201, JSON.stringify(linked.body));
    assert.equal(linked.body.status, 'linked');
    assert.deepEqual(
      linked.body.account.accounts.map((a) => [a.id, a.holderName, a.via]),
      [
        ['wireless:wacct-ana', 'Ana', 'credentials'],
        ['cable:cacct-ana', 'Ana', 'credentials'],
        ['wireless:wacct-luis', 'Luis', 'credentials'],
      ],
    );
    assert.ok(linked.body.account.devices.some((d) => d.id === LUIS_PHONE));

    // A rule may now name his phone; his voicemail reaches the den TV.
    const config = linked.body.account.config;
    const saved = await call<JointAccountSaved>(
      'PUT',
      `/joint-accounts/${ana.id}/config`,
      {
        config: {
          ...config,
          relationships: [...config.relationships, openRelationship('rel-luis', LUIS_PHONE, DEN)],
        },
      },
      ana.token,
    );
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    h.sim.mailboxes.ensureMailbox(LUIS_LINE, 'Luis');
    assert.deepEqual(await depositHook(h, 'msg_luis_1', LUIS_LINE), [LUIS_PHONE, DEN]);

    // His phone is on the channel with a token; unlinking revokes it and drops the rule that named it.
    const { token: luisToken } = await enrollPhone(h, 'luis', LUIS_LINE);
    const luis = await TestDevice.connect(h.wsUrl, luisToken);
    const unlinked = await call<AccountUnlinked>(
      'DELETE',
      `/joint-accounts/${ana.id}/accounts/wireless:wacct-luis`,
      undefined,
      ana.token,
    );
    assert.equal(unlinked.status, 200, JSON.stringify(unlinked.body));
    assert.deepEqual(unlinked.body.devicesLeft, ["Luis's phone"]);
    assert.equal(unlinked.body.rulesDropped, 1);
    assert.deepEqual(
      unlinked.body.account.config.relationships.map((r) => r.id),
      ['rel-ana'],
    );
    assert.ok(!unlinked.body.account.devices.some((d) => d.id === LUIS_PHONE));
    assert.deepEqual(
      unlinked.body.registrations.map((r) => r.service),
      ['voicemail-proxy', 'push-gateway'],
    );
    assert.equal(await luis.waitForClose(), 4403, 'his phone was told it is no longer in the household');
    // His voicemail no longer reaches Ana's TV; hers still does.
    assert.ok(!(await depositHook(h, 'msg_luis_2', LUIS_LINE)).includes(DEN));
    h.sim.mailboxes.ensureMailbox('5055551616', 'Ana');
    assert.deepEqual(await depositHook(h, 'msg_ana', '5055551616'), [ANA_PHONE, DEN]);
    // His account can join another joint account again.
    assert.equal(await h.store.accounts.findOf('wireless', 'wacct-luis'), undefined);
  });

  test("another holder's line, by consent on their phone: waiting, then linked; a refusal links nothing", async () => {
    h = await startBackend();
    const ana = await anasJointAccount();
    const { token: luisToken } = await enrollPhone(h, 'luis', LUIS_LINE);
    const luis = await TestDevice.connect(h.wsUrl, luisToken);
    const ask = () =>
      call<AccountLinking>(
        'POST',
        `/joint-accounts/${ana.id}/accounts`,
        { via: 'consent', phoneNumber: '505-555-1818' },
        ana.token,
      );
    const state = () =>
      call<AccountLinking>('GET', `/joint-accounts/${ana.id}/accounts/link`, undefined, ana.token);
    const answer = async (approve: boolean) => {
      const pushed = await luis.next(
        (f) => f.type === 'event' && f.name === 'consent.requested' && !answered.has(f.data.consentId),
      );
      assert.ok(pushed.type === 'event' && pushed.name === 'consent.requested');
      assert.equal(pushed.data.requesterName, 'Ana');
      answered.add(pushed.data.consentId);
      const decided = await call(
        'POST',
        `/consents/${pushed.data.consentId}/decision`,
        { approve },
        luisToken,
      );
      assert.equal(decided.status, 200);
    };
    const answered = new Set<string>();

    const first = await ask();
    assert.deepEqual([first.status, first.body.status], [202, 'awaiting-consent']);
    assert.deepEqual(first.body.consent, { holderName: 'Luis', line: LUIS_LINE, state: 'pending' });
    assert.equal((await state()).body.status, 'awaiting-consent');
    await answer(false);
    const refused = await state();
    assert.deepEqual(
      [refused.body.status, refused.body.prompt],
      ['refused', 'Luis refused: nothing was linked.'],
    );
    assert.equal(refused.body.account.accounts.length, 2);

    await ask();
    await answer(true);
    const linked = await state();
    assert.equal(linked.body.status, 'linked');
    assert.deepEqual(
      linked.body.account.accounts.map((a) => [a.holderName, a.via]),
      [
        ['Ana', 'credentials'],
        ['Ana', 'credentials'],
        ['Luis', 'consent'],
      ],
    );
    // His line alone, as he approved.
    assert.ok(linked.body.account.devices.some((d) => d.id === LUIS_PHONE));
    // Nothing waits any more.
    assert.equal((await state()).body.error.code, ErrorCode.ConsentNotFound);
    luis.socket.close();
  });

  test('refusals: a wrong password, the same account twice, one in another joint account, the last account, no session', async () => {
    h = await startBackend();
    const ana = await anasJointAccount();
    const link = (body: unknown, token = ana.token) =>
      call<AccountLinking>('POST', `/joint-accounts/${ana.id}/accounts`, body, token);
    const wrong = await link({
      via: 'credentials',
      directory: 'wireless',
      username: 'luis',
      password: 'nope',
    });
    assert.deepEqual(
      [wrong.status, wrong.body.error.code, wrong.body.error.details?.field],
      [401, ErrorCode.LoginFailed, 'password'],
    );
    const again = await link({
      via: 'credentials',
      directory: 'cable',
      username: 'ana.fxt',
      password: testPassword('ana.fxt'),
    });
    assert.deepEqual(
      [again.status, again.body.error.code, again.body.error.details?.field],
      [409, ErrorCode.AccountAlreadyLinked, 'username'],
    );
    // Mary's line is in the demo household's joint account.
    const taken = await link({ via: 'consent', phoneNumber: '5055551212' });
    assert.deepEqual([taken.status, taken.body.error.code], [409, ErrorCode.AccountAlreadyLinked]);
    const noSession = await link({ via: 'consent', phoneNumber: LUIS_LINE }, 'not-a-session');
    assert.deepEqual([noSession.status, noSession.body.error.code], [401, ErrorCode.AccountSessionInvalid]);

    const unlink = (linkId: string) =>
      call<AccountUnlinked>('DELETE', `/joint-accounts/${ana.id}/accounts/${linkId}`, undefined, ana.token);
    assert.equal((await unlink('wireless:wacct-nobody')).status, 404);
    const first = await unlink('wireless:wacct-ana');
    assert.equal(first.status, 200, JSON.stringify(first.body));
    // Her phone left with it: the rule from it is gone too.
    assert.deepEqual([first.body.devicesLeft, first.body.rulesDropped], [["Ana's phone"], 1]);
    const last = await unlink('cable:cacct-ana');
    assert.deepEqual([last.status, last.body.error.code], [409, ErrorCode.LastLinkedAccount]);
    assert.equal((await h.store.accounts.get(ana.id))!.accounts.length, 1);
  });
});
