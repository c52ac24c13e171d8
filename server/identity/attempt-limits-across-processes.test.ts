import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { engineFromEnvironment } from '../../tests/helpers/backend/engines.ts';
import { ErrorCode } from '../../protocol/index.ts';
import { DeviceCodes, GUESS_LIMITS } from '../enrollment/device-codes.ts';
import { type ApiError } from '../http/api-error.ts';
import { DEMO, seedDemoHousehold } from '../seed.ts';
import type { Database } from '../store/database.ts';
import { AttemptGuard, type AttemptOutcome } from './attempt-limits.ts';

const engine = engineFromEnvironment();

/**
 * README: "five wrong passwords in 15 minutes lock the joint account". Past one process, a guesser can send a burst
 * to every API process at once; each process runs its own tries on a secret one at a time, but only the shared log
 * of failures can hold the limit across them.
 */
describe(`attempt limits across processes (${engine.name})`, () => {
  const stores: Database[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
  });

  test('a burst of wrong guesses at two processes at once: no more checks than the limit, then locked', async () => {
    const location = await engine.newLocation();
    const guards = await Promise.all(
      [0, 1].map(async () => {
        const store = await engine.open(location);
        stores.push(store);
        return new AttemptGuard(store.rateLimits);
      }),
    );
    let checked = 0;
    // A slow hash check, as the real one is on purpose: the window in which the other process could slip past.
    const wrongGuess = async () => {
      checked++;
      await new Promise((resolve) => setTimeout(resolve, 40));
      return false;
    };
    const outcomes: AttemptOutcome[] = await Promise.all(
      Array.from({ length: 12 }, (_, i) => guards[i % 2]!.attempt('joint:hh-burst', wrongGuess)),
    );
    assert.ok(checked <= 5, `${checked} guesses were checked; the limit is 5 in 15 minutes`);
    assert.ok(checked >= 1);
    assert.equal(outcomes.filter((o) => !o.ok && o.reason === 'locked').length >= 7, true);
    // And the right secret now, at either process, is refused until the lock ends.
    for (const guard of guards) {
      const right = await guard.attempt('joint:hh-burst', () => Promise.resolve(true));
      assert.equal(right.ok, false);
      assert.equal(!right.ok && right.reason, 'locked');
    }
  });

  test('one process, tries one after another: the fifth wrong one locks, the right one before it clears them', async () => {
    const store = await engine.open(await engine.newLocation());
    stores.push(store);
    const guard = new AttemptGuard(store.rateLimits);
    const wrong = () => guard.attempt('joint:hh-serial', () => Promise.resolve(false));
    const tries: AttemptOutcome[] = [];
    for (let i = 0; i < 4; i++) tries.push(await wrong());
    assert.deepEqual(
      tries.map((t) => !t.ok && t.reason === 'wrong' && t.attemptsLeft),
      [4, 3, 2, 1],
    );
    assert.deepEqual(await guard.attempt('joint:hh-serial', () => Promise.resolve(true)), { ok: true });
    for (let i = 0; i < 4; i++) await wrong();
    const fifth = await wrong();
    assert.equal(!fifth.ok && fifth.reason, 'locked');
  });

  test('wrong enrollment codes typed at two processes at once: no more looks than the limit', async () => {
    const location = await engine.newLocation();
    let looks = 0;
    const processes = await Promise.all(
      [0, 1].map(async (n) => {
        const store = await engine.open(location);
        stores.push(store);
        if (n === 0) await seedDemoHousehold(store);
        const { enrollmentCodes } = store;
        return new DeviceCodes({
          store: {
            rateLimits: store.rateLimits,
            enrollmentCodes: {
              ...enrollmentCodes,
              find: async (by) => {
                looks++;
                // A slow database: the window in which the other process could slip a guess past the limit.
                await new Promise((resolve) => setTimeout(resolve, 20));
                return enrollmentCodes.find(by);
              },
            },
          },
        });
      }),
    );
    const guesser = { source: '203.0.113.9', householdId: DEMO.householdId };
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        processes[i % 2]!.find(`WRONGCD${String.fromCharCode(65 + (i % 20))}`, guesser).catch(
          (error: unknown) => (error as ApiError).code,
        ),
      ),
    );
    const limit = GUESS_LIMITS[0]!.max;
    assert.ok(looks <= limit, `${looks} codes were looked up; the limit is ${limit} in 15 minutes`);
    assert.ok(looks >= 1);
    // The guess that fills the limit is answered as locked; every other looked-up one as unknown.
    assert.equal(answers.filter((a) => a === ErrorCode.EnrollCodeUnknown).length, looks - 1);
    assert.equal(answers.filter((a) => a === ErrorCode.EnrollGuessLimited).length, 30 - (looks - 1));
    for (const codes of processes) {
      await assert.rejects(
        codes.find('WRONGCDZ', guesser),
        (e: ApiError) => e.code === ErrorCode.EnrollGuessLimited,
      );
    }
  });
});
