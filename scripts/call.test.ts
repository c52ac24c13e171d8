import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, describe, test } from 'node:test';
import { soxTone } from '../tests/helpers/backend/audio-fixtures.ts';
import { startBackend, type Harness } from '../tests/helpers/backend/harness.ts';
import { runScript } from '../tests/helpers/backend/run-script.ts';

const MARY = '5055551212';

// `npm run call -- … --wav file.wav` or `--amr file.amr` leaves a recorded message instead of `--say` (README).
// Run as its own process against the carrier simulator of a running backend, which it notifies.
describe('npm run call with a recorded message', () => {
  let h: Harness;
  const dir = mkdtempSync(join(tmpdir(), 'couchline-call-'));
  afterEach(() => h.close());
  after(() => rmSync(dir, { recursive: true, force: true }));
  const call = (...args: string[]) =>
    runScript('call.ts', ['--simulator', h.simUrl, '--from', 'Jane', '--number', '505-555-1313', ...args]);

  test('--wav: the file’s own length is left in the mailbox, and Couchline is notified', async () => {
    h = await startBackend();
    const wav = join(dir, 'message.wav');
    writeFileSync(wav, soxTone('wav', 2));
    const run = await call('--to', '505-555-1212', '--wav', wav);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Jane left a 2\.0 s voicemail for 505-555-1212/);
    assert.match(run.stdout, /Couchline was notified/);
    const [message] = h.sim.mailboxes.listMessages(MARY);
    assert.deepEqual(message && [message.callerName, message.callerNumber, message.durationMs], [
      'Jane',
      '5055551313',
      2000,
    ]);
  });

  test('--amr: the recording is stored as it was sent, AMR-NB, and Couchline is notified', async () => {
    h = await startBackend();
    const amr = join(dir, 'message.amr');
    const bytes = soxTone('amr-nb', 3);
    writeFileSync(amr, bytes);
    const run = await call('--to', '505-555-1212', '--amr', amr);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Jane left a 3\.0 s voicemail for 505-555-1212/);
    assert.match(run.stdout, /Couchline was notified/);
    const [message] = h.sim.mailboxes.listMessages(MARY);
    assert.equal(message?.format, 'amr-nb');
    assert.deepEqual(Buffer.from(h.sim.mailboxes.getAudio(MARY, message.id)!), bytes);
  });

  test('a file that is not what its flag says is refused by the carrier: nothing is left, exit 1', async () => {
    h = await startBackend();
    const notAmr = join(dir, 'not.amr');
    writeFileSync(notAmr, 'this is text, not AMR');
    const run = await call('--amr', notAmr);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /The carrier refused: AUDIO_INVALID/);
    assert.deepEqual(h.sim.mailboxes.listMessages(MARY), []);
  });

  test('--say together with a file is refused before anything is sent (exit 2)', async () => {
    h = await startBackend();
    const run = await call('--say', 'Hi', '--wav', join(dir, 'message.wav'));
    assert.equal(run.code, 2);
    assert.match(run.stderr, /Give the message as --say "text", or as an audio file/);
    assert.deepEqual(h.sim.mailboxes.listMessages(MARY), []);
  });
});
