import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startRedis, type TestRedis } from '../../tests/helpers/backend/redis.ts';
import { silentLogger } from '../log.ts';
import { isStoreUnavailable } from '../store/store-unavailable.ts';
import { RedisSharedState } from './redis-shared-state.ts';
import { MemorySharedState, SharedStateUnavailableError, type SharedState } from './shared-state.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What every {@link SharedState} promises, for the embedded map and for Redis alike. `two()` gives two handles on
 * one state — for Redis, two connections, as two processes have.
 */
function sharedStateContract(name: string, two: () => Promise<[SharedState, SharedState]>) {
  describe(`shared state: ${name}`, () => {
    test('a value set is read back as it was written, by another handle too, until it is deleted', async () => {
      const [a, b] = await two();
      const value = { householdId: 'hh-1', steps: ['one', 'two'], quiet: null };
      await a.set('k:read', value, 60_000);
      assert.deepEqual(await b.get('k:read'), value);
      await b.delete('k:read');
      assert.equal(await a.get('k:read'), undefined);
      assert.equal(await a.get('k:never-set'), undefined);
    });

    test('what a reader changes in its copy is not stored until it is written back', async () => {
      const [a] = await two();
      await a.set('k:copy', { step: 'one' }, 60_000);
      const read = (await a.get<{ step: string }>('k:copy'))!;
      read.step = 'changed';
      assert.deepEqual(await a.get('k:copy'), { step: 'one' });
    });

    test('a value is gone once its time to live has passed', async () => {
      const [a, b] = await two();
      await a.set('k:short', 'soon gone', 600);
      assert.equal(await b.get('k:short'), 'soon gone');
      await sleep(900);
      assert.equal(await b.get('k:short'), undefined);
    });

    test('a read that renews starts its life again; a plain read does not', async () => {
      const [a, b] = await two();
      // Margins of 300 ms or more either way: a loaded machine delays the sleeps, never shortens them.
      await a.set('k:renewed', 1, 1200);
      await a.set('k:plain', 2, 1200);
      await sleep(600);
      assert.equal(await b.get('k:renewed', { renewMs: 1200 }), 1);
      assert.equal(await b.get('k:plain'), 2);
      await sleep(900); // 1500 ms after the set, 900 after the renewing read
      assert.equal(await a.get('k:renewed'), 1);
      assert.equal(await a.get('k:plain'), undefined);
    });

    test('a write-back over a live entry replaces it; over none (closed, expired) it writes nothing', async () => {
      const [a, b] = await two();
      await a.set('k:session', { step: 'one' }, 60_000);
      assert.equal(await b.replace('k:session', { step: 'two' }, 60_000), true);
      assert.deepEqual(await a.get('k:session'), { step: 'two' });
      await a.delete('k:session'); // a logout, between a step's read and its write-back
      assert.equal(await b.replace('k:session', { step: 'three' }, 60_000), false);
      assert.equal(await a.get('k:session'), undefined);
      await a.set('k:lapsed', 1, 300);
      await sleep(600);
      assert.equal(await b.replace('k:lapsed', 2, 60_000), false);
      assert.equal(await a.get('k:lapsed'), undefined);
    });

    test('of two handles taking one key at once, exactly one gets it', async () => {
      const [a, b] = await two();
      for (let i = 0; i < 20; i++) {
        await a.set(`k:take:${i}`, ['stb-1', 'stb-2'], 60_000);
        const taken = await Promise.all([a.take(`k:take:${i}`), b.take(`k:take:${i}`)]);
        assert.deepEqual(
          taken.filter((t) => t !== undefined),
          [['stb-1', 'stb-2']],
          `round ${i}`,
        );
      }
      assert.equal(await a.take('k:take:never'), undefined);
    });
  });
}

sharedStateContract('in this process', () => {
  const state = new MemorySharedState();
  return Promise.resolve([state, state]);
});

describe('shared state in Redis (a server of the test’s own)', () => {
  let redis: TestRedis;
  const handles: SharedState[] = [];
  before(async () => (redis = await startRedis()));
  after(async () => {
    for (const handle of handles) await handle.close();
    await redis.stop();
  });
  const open = () => {
    const handle = new RedisSharedState({ url: redis.url, log: silentLogger, commandTimeoutMs: 1000 });
    handles.push(handle);
    return handle;
  };

  sharedStateContract('Redis, two connections', () => Promise.resolve([open(), open()]));

  test('Redis away: a read fails soon, as unavailable (the request answers 503); back, it works again', async () => {
    const state = open();
    await state.set('k:outage', 'before', 60_000);
    await redis.kill();
    const started = Date.now();
    const error = await state.get('k:outage').then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(error instanceof SharedStateUnavailableError, String(error));
    assert.equal(isStoreUnavailable(error), true);
    assert.ok(Date.now() - started < 5000, `failed after ${Date.now() - started} ms, not at once`);

    await redis.restart(); // empty: nothing is saved
    let after: unknown = 'not yet';
    for (let i = 0; i < 100 && after === 'not yet'; i++) {
      after = await state.get('k:outage').catch(() => 'not yet');
      if (after === 'not yet') await sleep(50);
    }
    assert.equal(after, undefined, 'read again once Redis is back (the restarted server is empty)');
    await state.set('k:outage', 'after', 60_000);
    assert.equal(await state.get('k:outage'), 'after');
  });
});
