import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ErrorCode, type ErrorBody } from '../../protocol/index.ts';
import { DEMO } from '../seed.ts';
import { createTestApp, depositHook, type TestApp } from '../../tests/helpers/backend/test-app.ts';

const PIN = '8264';
const WRONG = '1111';
const MINUTE = 60_000;
const { maryPhone, livingRoom } = DEMO.devices;

/**
 * The mailbox PIN's day limit, through our routes (`POST /api/voicemail/:id/unlock`, which asks the carrier's
 * voicemail server): twenty wrong PINs in a day lock the mailbox for the rest of the day, even when no five of them
 * came within 15 minutes. The clock is the test's (node:test's mock Date, for our backend and the carrier alike).
 * Five in 15 minutes: voicemail-actions.test.ts ("a wrong PIN says how many tries are left; five lock …").
 */
describe('voicemail PIN: twenty wrong in a day lock the mailbox', () => {
  test('four wrong PINs every 20 minutes: the twentieth locks it for a day from the first, on every device', async (t) => {
    const start = Date.now();
    t.mock.timers.enable({ apis: ['Date'], now: start });
    const h: TestApp = await createTestApp();
    try {
      assert.deepEqual(await h.sim.pins.setPin(maryPhone.phoneNumber, PIN, undefined), { ok: true });
      const tv = await h.app.tokens.issue(livingRoom.id);
      const phone = await h.app.tokens.issue(maryPhone.id);
      await depositHook(h, 'msg_pin', maryPhone.phoneNumber);
      const unlock = async (token: string, pin: string) => {
        const res = await h.app.http.request('/api/voicemail/msg_pin/unlock', {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ pin, intent: 'delete' }),
        });
        return { status: res.status, error: ((await res.json()) as Partial<ErrorBody>).error };
      };

      // Five batches of four, a minute apart within a batch and 20 minutes between batches: never five within
      // 15 minutes. The answers count down to the nearer limit: the last batch says the day's.
      const left: number[][] = [];
      for (let batch = 0; batch < 5; batch++) {
        const answers: number[] = [];
        for (let i = 0; i < 4; i++) {
          t.mock.timers.setTime(start + batch * 20 * MINUTE + i * MINUTE);
          const wrong = await unlock(tv, WRONG);
          if (batch === 4 && i === 3) {
            // The twentieth.
            assert.equal(wrong.status, 423);
            assert.equal(wrong.error?.code, ErrorCode.PinLocked);
            const retry = wrong.error.details!.retryAfterSec!;
            const untilDayAfterFirst = (start + 24 * 60 * MINUTE - Date.now()) / 1000;
            assert.ok(Math.abs(retry - untilDayAfterFirst) <= 1, `retry after ${retry} s`);
            break;
          }
          assert.equal(wrong.status, 403, `batch ${batch}, try ${i}`);
          assert.equal(wrong.error?.code, ErrorCode.PinWrong);
          answers.push(wrong.error.details!.attemptsLeft!);
        }
        left.push(answers);
      }
      assert.deepEqual(left, [
        [4, 3, 2, 1],
        [4, 3, 2, 1],
        [4, 3, 2, 1],
        [4, 3, 2, 1],
        [3, 2, 1],
      ]);

      // Hours later, far past any 15 minutes: still locked, for every device, even with the right PIN.
      t.mock.timers.setTime(start + 12 * 60 * MINUTE);
      assert.equal((await unlock(tv, PIN)).status, 423);
      const fromPhone = await unlock(phone, PIN);
      assert.equal(fromPhone.status, 423);
      assert.equal(fromPhone.error?.code, ErrorCode.PinLocked);
      t.mock.timers.setTime(start + 24 * 60 * MINUTE - MINUTE);
      assert.equal((await unlock(phone, PIN)).status, 423);

      // A day after the first wrong PIN, it opens again with the right one.
      t.mock.timers.setTime(start + 24 * 60 * MINUTE + 1000);
      assert.equal((await unlock(phone, PIN)).status, 201);
    } finally {
      await h.close();
    }
  });
});
