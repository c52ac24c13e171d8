import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { ErrorCode } from '../../protocol/index.ts';
import { HttpAccountDirectory } from '../accounts/account-directory.ts';
import { MemorySharedState } from '../cluster/shared-state.ts';
import { ApiError } from '../http/api-error.ts';
import { silentLogger } from '../log.ts';
import type { Publisher } from '../push/publisher.ts';
import { DEMO, ensureDemoJointLogin, seedDemoHousehold } from '../seed.ts';
import { openSqliteDatabase, type Database } from '../store/database.ts';
import { ProvisioningService } from './provisioning-service.ts';

const PASSWORD = 'demo-joint-password-for-this-test';

/** Logging into a joint account touches neither a directory nor a device: these are never called. */
const nowhere = (kind: 'wireless' | 'cable') =>
  new HttpAccountDirectory({ kind, carrierName: kind, baseUrl: 'http://127.0.0.1:9', apiKey: 'unused' });
const noPublisher: Publisher = {
  publish: () => Promise.reject(new Error('a joint-account login publishes nothing')),
};

// README: "Wrong passwords say how many tries are left; five in 15 minutes lock that account (… or the joint
// account at Couchline)". Five spread over more than 15 minutes do not. The service runs on a clock the test moves,
// over the real database.
describe('the joint account’s login, on a clock', () => {
  let store: Database;
  afterEach(() => store.close());

  async function setup() {
    store = await openSqliteDatabase(':memory:');
    await seedDemoHousehold(store);
    await ensureDemoJointLogin(store, () => PASSWORD);
    const clock = { now: Date.parse('2026-11-23T10:00:00Z') };
    const service = new ProvisioningService({
      store,
      directories: { wireless: nowhere('wireless'), cable: nowhere('cable') },
      routers: [],
      gateway: noPublisher,
      log: silentLogger,
      sessions: new MemorySharedState({ now: () => clock.now }),
      now: () => clock.now,
    });
    /** The error code a login is refused with, or 'ok'. */
    const login = (password: string) =>
      service.jointLogin({ jointAccountId: DEMO.householdId, password }).then(
        () => 'ok',
        (error: unknown) => (error instanceof ApiError ? error.code : String(error)),
      );
    return { clock, login };
  }

  test('five spread over more than 15 minutes do not lock it', async () => {
    const { clock, login } = await setup();
    // At 0, 4, 8, 12 and 16 minutes: at the fifth, the first is more than 15 minutes old.
    for (let i = 0; i < 5; i++) {
      assert.equal(await login('wrong'), ErrorCode.LoginFailed, `try ${i + 1}`);
      clock.now += 4 * 60_000;
    }
    assert.equal(await login(PASSWORD), 'ok');
  });

  test('five within 15 minutes lock it until the first is 15 minutes old', async () => {
    const { clock, login } = await setup();
    // At 0, 3, 6, 9 and 12 minutes.
    for (let i = 0; i < 5; i++) {
      assert.equal(
        await login('wrong'),
        i < 4 ? ErrorCode.LoginFailed : ErrorCode.LoginLocked,
        `try ${i + 1}`,
      );
      if (i < 4) clock.now += 3 * 60_000;
    }
    assert.equal(await login(PASSWORD), ErrorCode.LoginLocked);
    clock.now += 3 * 60_000 + 1000; // 15 minutes and a second after the first wrong one
    assert.equal(await login(PASSWORD), 'ok');
  });
});
