import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, describe, test } from 'node:test';
import type { OperatorEnrolled } from '../protocol/index.ts';
import {
  startBackend,
  TEST_OPERATOR_KEY,
  TestDevice,
  type Harness,
} from '../tests/helpers/backend/harness.ts';
import { runScript } from '../tests/helpers/backend/run-script.ts';

type Enrolled = OperatorEnrolled['enrolled'];

// `npm run enroll-boxes -- --account cacct-mary --out boxes.json` writes each box's device token in an owner-only
// file, with the operator key (README). Run as its own process against a running backend.
describe('npm run enroll-boxes', () => {
  let h: Harness;
  const dir = mkdtempSync(join(tmpdir(), 'couchline-enroll-boxes-'));
  afterEach(() => h.close());
  after(() => rmSync(dir, { recursive: true, force: true }));
  const enroll = (args: string[], env: Record<string, string> = {}) =>
    runScript('enroll-boxes.ts', ['--url', h.url, ...args], env);

  /** Each token in the file opens the push channel as its box. */
  async function assertTokensWork(boxes: Enrolled): Promise<void> {
    for (const box of boxes) {
      const device = await TestDevice.connect(h.wsUrl, box.token);
      const welcome = await device.next((f) => f.type === 'welcome');
      assert.equal(welcome.type === 'welcome' && welcome.deviceId, box.deviceId);
      await device.close();
    }
  }

  test('writes every box of the account with a working token, in a file only its owner can read', async () => {
    h = await startBackend();
    const out = join(dir, 'boxes.json');
    const run = await enroll(['--account', 'cacct-mary', '--out', out], {
      COUCHLINE_OPERATOR_KEY: TEST_OPERATOR_KEY,
    });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(statSync(out).mode & 0o777, 0o600);
    const boxes = JSON.parse(readFileSync(out, 'utf8')) as Enrolled;
    // Mary's cable account has the living-room and the bedroom boxes (the README's demo household).
    assert.deepEqual(boxes.map((b) => b.deviceId).sort(), ['stb-bedroom', 'stb-living-room']);
    assert.ok(boxes.every((b) => b.cableAccountId === 'cacct-mary' && b.jointAccountId === 'hh_demo'));
    await assertTokensWork(boxes);
    assert.match(run.stderr, /Enrolled 2 boxes of 1 accounts .*; credentials in /);
  });

  test('a file that was readable by others before is owner-only after, and holds only the new tokens', async () => {
    h = await startBackend();
    const out = join(dir, 'existing.json');
    writeFileSync(out, 'an older list', { mode: 0o644 });
    const run = await enroll(['--account', 'cacct-mary', '--out', out, '--key', TEST_OPERATOR_KEY]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(statSync(out).mode & 0o777, 0o600);
    await assertTokensWork(JSON.parse(readFileSync(out, 'utf8')) as Enrolled);
  });

  test('a wrong key enrolls nothing and writes no file; an account in no joint account is named as refused', async () => {
    h = await startBackend();
    const out = join(dir, 'refused.json');
    const wrong = await enroll(['--account', 'cacct-mary', '--out', out, '--key', 'not-the-operator-key']);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /the backend refused/);
    assert.throws(() => statSync(out), /ENOENT/);
    // Ana's cable account is in no joint account in the demo.
    const ana = await enroll(['--account', 'cacct-ana', '--key', TEST_OPERATOR_KEY]);
    assert.equal(ana.code, 1);
    assert.match(ana.stderr, /cacct-ana: not enrolled — /);
    assert.equal(ana.stdout, '');
  });
});
