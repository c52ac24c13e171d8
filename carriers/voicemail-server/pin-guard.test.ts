import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { verifySecret } from '../kit/secrets.ts';
import { MailboxStore } from './mailbox-store.ts';
import { PinGuard, type PinCheck } from './pin-guard.ts';
import { pinProblem } from './pin-policy.ts';

const MARY = '5055551212';

describe('PIN policy', () => {
  const cases: [string, boolean][] = [
    ['8264', true],
    ['5093721', true],
    ['123', false],
    ['12345678901', false],
    ['12a4', false],
    ['0000', false],
    ['7777777', false],
    ['1234', false],
    ['0123', false],
    ['4321', false],
    ['7890', false],
    ['1212', false],
    ['3838', false],
  ];
  for (const [pin, ok] of cases) {
    test(`${pin} is ${ok ? 'accepted' : 'refused'}`, () => assert.equal(pinProblem(pin, MARY) === null, ok));
  }
  test('the end of the mailbox number is refused', () => {
    assert.notEqual(pinProblem('551212', MARY), null);
    assert.notEqual(pinProblem('91212', MARY), null);
  });
});

describe('PIN guard', () => {
  async function setup(pin = '8264') {
    let now = Date.parse('2026-11-22T20:00:00Z');
    const store = new MailboxStore(':memory:');
    store.ensureMailbox(MARY, 'Mary');
    const guard = new PinGuard(store, () => now);
    assert.deepEqual(await guard.setPin(MARY, pin, undefined), { ok: true });
    return { store, guard, advance: (ms: number) => (now += ms) };
  }

  test('stores only a salted hash of the PIN', async () => {
    const { store } = await setup();
    const hash = store.getMailbox(MARY)!.pinHash!;
    assert.ok(!hash.includes('8264'));
    assert.match(hash, /^scrypt\$/);
    assert.equal(await verifySecret('8264', hash), true);
  });

  test('a mailbox without a PIN cannot be opened, and has no default PIN', async () => {
    const store = new MailboxStore(':memory:');
    store.ensureMailbox(MARY, 'Mary');
    const guard = new PinGuard(store);
    for (const guess of ['0000', '1234', '1212'])
      assert.deepEqual(await guard.check(MARY, guess), { ok: false, reason: 'not-set' });
  });

  test('five wrong PINs in 15 minutes lock the mailbox until the first of them is 15 minutes old', async () => {
    const { guard, advance } = await setup();
    for (let left = 4; left >= 1; left--) {
      assert.deepEqual(await guard.check(MARY, '1111'), { ok: false, reason: 'wrong', attemptsLeft: left });
      advance(60_000);
    }
    assert.deepEqual(await guard.check(MARY, '1111'), {
      ok: false,
      reason: 'locked',
      retryAfterMs: 11 * 60_000,
    });
    // Even the right PIN is refused while locked.
    const locked = await guard.check(MARY, '8264');
    assert.equal(locked.ok === false && locked.reason, 'locked');
    advance(11 * 60_000);
    assert.deepEqual(await guard.check(MARY, '8264'), { ok: true });
  });

  test('a correct PIN resets the count', async () => {
    const { guard } = await setup();
    for (let i = 0; i < 4; i++) await guard.check(MARY, '1111');
    assert.deepEqual(await guard.check(MARY, '8264'), { ok: true });
    assert.deepEqual(await guard.check(MARY, '1111'), { ok: false, reason: 'wrong', attemptsLeft: 4 });
  });

  test('twenty wrong PINs in a day lock it for the rest of the day', async () => {
    const { guard, advance } = await setup();
    let last: PinCheck | undefined;
    for (let i = 0; i < 20; i++) {
      last = await guard.check(MARY, '1111');
      // Spread out so the 15-minute window never fills.
      advance(16 * 60_000);
    }
    advance(-16 * 60_000);
    assert.equal(last && !last.ok && last.reason, 'locked');
    const state = guard.lockState(MARY);
    assert.ok(state.retryAfterMs > 18 * 3600_000, `locked for ${state.retryAfterMs / 3600_000} h`);
  });

  test('a burst of parallel guesses is counted one by one', async () => {
    const { guard } = await setup();
    const results = await Promise.all(Array.from({ length: 8 }, () => guard.check(MARY, '1111')));
    const reasons = results.map((r) => (r.ok ? 'ok' : r.reason));
    assert.deepEqual(reasons, ['wrong', 'wrong', 'wrong', 'wrong', 'locked', 'locked', 'locked', 'locked']);
  });

  test('changing the PIN needs the current one and refuses easy PINs', async () => {
    const { guard } = await setup();
    assert.deepEqual(await guard.setPin(MARY, '5093', undefined), { ok: false, reason: 'current-required' });
    const wrong = await guard.setPin(MARY, '5093', '1111');
    assert.equal(wrong.ok === false && wrong.reason, 'wrong');
    const easy = await guard.setPin(MARY, '2222', '8264');
    assert.equal(easy.ok === false && easy.reason, 'rejected');
    assert.deepEqual(await guard.setPin(MARY, '5093', '8264'), { ok: true });
    assert.deepEqual(await guard.check(MARY, '5093'), { ok: true });
  });
});
