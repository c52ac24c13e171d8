import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ErrorCode, type Consent, type ErrorBody } from '../../protocol/index.ts';
import { silentLogger } from '../kit/log.ts';
import { createAccountDirectorySimulator } from './account-directory-simulator.ts';

const KEY = 'partner-key-for-tests-0123456789';

async function wireless(now: () => number = Date.now) {
  const sim = createAccountDirectorySimulator({
    kind: 'wireless',
    carrierName: 'XYZ Wireless',
    dbPath: ':memory:',
    partnerApiKey: KEY,
    log: silentLogger,
    consentTtlMs: 60_000,
    now,
  });
  await sim.addAccount({
    username: 'luis',
    password: 'luis-password',
    holderName: 'Luis',
    devices: [
      {
        id: 'phone-luis',
        kind: 'phone',
        name: "Luis's phone",
        phoneNumber: '5055551818',
        room: null,
        ownerName: 'Luis',
      },
    ],
  });
  const call = async <T>(method: string, path: string, body?: unknown, key = KEY) => {
    const res = await sim.app.request(`/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T & ErrorBody };
  };
  return { sim, call };
}

describe('account directory simulator', () => {
  test('only partners with the key get in; the password is kept as a scrypt hash', async () => {
    const { sim, call } = await wireless();
    const refused = await call(
      'POST',
      '/logins',
      { username: 'luis', password: 'luis-password' },
      'wrong-key',
    );
    assert.equal(refused.status, 401);
    const ok = await call<{ holderName: string }>('POST', '/logins', {
      username: 'LUIS',
      password: 'luis-password',
    });
    assert.equal(ok.body.holderName, 'Luis');
    assert.match(sim.store.findAccount('luis')!.passwordHash, /^scrypt\$/);
  });

  test('a consent is answered once; one left unanswered expires', async () => {
    let clock = Date.parse('2026-11-23T10:00:00Z');
    const { call } = await wireless(() => clock);
    const ask = () =>
      call<Consent>('POST', '/consents', { line: '505-555-1818', requesterName: 'Ana', purpose: 'TV' });
    const first = (await ask()).body;
    assert.deepEqual([first.line, first.holderName, first.state], ['5055551818', 'Luis', 'pending']);
    const yes = await call<Consent>('POST', `/consents/${first.id}/decision`, { approve: false });
    assert.equal(yes.body.state, 'refused');
    const again = await call('POST', `/consents/${first.id}/decision`, { approve: true });
    assert.deepEqual([again.status, again.body.error.code], [409, ErrorCode.ConsentMissing]);
    const second = (await ask()).body;
    clock += 61_000;
    const late = await call<Consent>('GET', `/consents/${second.id}`);
    assert.equal(late.body.state, 'expired');
    const pending = await call<{ consents: Consent[] }>('GET', '/lines/5055551818/consents');
    assert.deepEqual(pending.body.consents, []);
    const nobody = await call('POST', '/consents', {
      line: '5055550000',
      requesterName: 'Ana',
      purpose: 'TV',
    });
    assert.deepEqual([nobody.status, nobody.body.error.code], [404, ErrorCode.LineNotFound]);
  });

  // README: "five [wrong passwords] in 15 minutes lock that account"; five spread wider do not.
  test('five wrong passwords lock the login only within 15 minutes', async () => {
    let clock = Date.parse('2026-11-23T10:00:00Z');
    const { call } = await wireless(() => clock);
    const login = (password: string) => call('POST', '/logins', { username: 'luis', password });
    // 0, 4, 8, 12 and 16 minutes: at the fifth, the first is more than 15 minutes old.
    for (let i = 0; i < 5; i++) {
      const wrong = await login('wrong');
      assert.deepEqual([wrong.status, wrong.body.error.code], [401, ErrorCode.LoginFailed], `try ${i + 1}`);
      clock += 4 * 60_000;
    }
    assert.equal((await login('luis-password')).status, 200);

    // The right password forgets the wrong ones; now five within 15 minutes (one every 3 minutes, 12 in all).
    for (let i = 0; i < 4; i++) {
      assert.equal((await login('wrong')).body.error.code, ErrorCode.LoginFailed, `try ${i + 1}`);
      clock += 3 * 60_000;
    }
    const fifth = await login('wrong');
    assert.deepEqual([fifth.status, fifth.body.error.code], [429, ErrorCode.LoginLocked]);
    assert.equal((await login('luis-password')).status, 429);
  });
});
