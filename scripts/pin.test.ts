import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { ErrorCode } from '../protocol/index.ts';
import { startBackend, type Harness } from '../tests/helpers/backend/harness.ts';
import { runScript } from '../tests/helpers/backend/run-script.ts';

// `npm run pin -- --mailbox 505-555-1212 --pin NNNN --current OLD` (README), run as its own process against the
// carrier simulator of a running backend.
describe('npm run pin', () => {
  let h: Harness;
  afterEach(() => h.close());
  const pin = (...args: string[]) => runScript('pin.ts', ['--simulator', h.simUrl, ...args]);

  test('with the current PIN it changes the mailbox PIN: the new one opens the mailbox, the old one no more', async () => {
    h = await startBackend();
    await h.sim.pins.setPin('5055551212', '5093', undefined);
    const run = await pin('--mailbox', '505-555-1212', '--pin', '8264', '--current', '5093');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /The PIN of 505-555-1212 is changed/);
    assert.deepEqual(await h.sim.pins.check('5055551212', '8264'), { ok: true });
    assert.equal((await h.sim.pins.check('5055551212', '5093')).ok, false);
  });

  test('a wrong current PIN, none at all, or an easy new PIN: refused with the reason, exit 1, the PIN unchanged', async () => {
    h = await startBackend();
    await h.sim.pins.setPin('5055551212', '5093', undefined);
    const wrong = await pin('--mailbox', '505-555-1212', '--pin', '8264', '--current', '1111');
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, new RegExp(`Not changed: .*\\(${ErrorCode.PinWrong}\\)`));
    const without = await pin('--mailbox', '505-555-1212', '--pin', '8264');
    assert.equal(without.code, 1);
    assert.match(without.stderr, /give the current PIN to change it/);
    for (const easy of ['0000', '1234', '1212']) {
      const refused = await pin('--mailbox', '505-555-1212', '--pin', easy, '--current', '5093');
      assert.equal(refused.code, 1, `${easy} was taken`);
      assert.match(refused.stderr, new RegExp(`\\(${ErrorCode.PinRejected}\\)`));
    }
    assert.deepEqual(await h.sim.pins.check('5055551212', '5093'), { ok: true });
  });

  test('without --pin it says how to use it (exit 2); with no simulator running it says so (exit 1)', async () => {
    h = await startBackend();
    const usage = await pin('--mailbox', '505-555-1212');
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /Give the new PIN/);
    const down = await runScript('pin.ts', ['--simulator', 'http://127.0.0.1:9', '--pin', '8264']);
    assert.equal(down.code, 1);
    assert.match(down.stderr, /Cannot reach the voicemail-server simulator/);
  });
});
