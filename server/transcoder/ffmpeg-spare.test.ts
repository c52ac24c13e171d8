import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { getPriority } from 'node:os';
import { buffer } from 'node:stream/consumers';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { soxTone } from '../../tests/helpers/backend/audio-fixtures.ts';
import { isRunning } from '../../scripts/cluster/local-engines.ts';
import { childPids } from '../../tests/helpers/backend/child-processes.ts';
import { FfmpegSpare, FfmpegStartError, spawnFfmpeg } from './ffmpeg-spare.ts';

/** Decodes its stdin to raw PCM on stdout: enough to see a spare do real work. */
const TO_PCM = [
  '-hide_banner',
  '-loglevel',
  'error',
  '-nostdin',
  '-i',
  'pipe:0',
  '-f',
  's16le',
  '-ac',
  '1',
  '-ar',
  '8000',
  'pipe:1',
];

/** The pid of the child that `start` starts. */
function startedBy(start: () => void): number {
  const before = new Set(childPids());
  start();
  const pid = childPids().find((p) => !before.has(p));
  assert.ok(pid, 'a process was started');
  return pid;
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(10);
  }
}

describe('a spare ffmpeg started ahead of need', () => {
  test('the spare started by warm() is the process take() hands out, and it transcodes what it is fed', async () => {
    const spare = new FfmpegSpare(TO_PCM);
    try {
      assert.equal(spare.ready, false, 'nothing runs before warm()');
      const started = startedBy(() => spare.warm());
      assert.equal(spare.ready, true);
      const waiting = spare.take();
      assert.equal(waiting.pid, started, 'the process warm() started, not a new one');
      assert.equal(spare.ready, false, 'taken: no longer the spare');
      assert.deepEqual(
        childPids().filter((pid) => pid !== started),
        [],
        'take() started nothing else',
      );
      waiting.stdin.end(soxTone('amr-nb', 1));
      const [pcm, [code]] = await Promise.all([buffer(waiting.stdout), once(waiting, 'close')]);
      assert.equal(code, 0);
      // One second at 8 kHz, 16 bits: 16,000 bytes (AMR frames are 20 ms, so exactly that).
      assert.equal(pcm.length, 16_000);
    } finally {
      spare.close();
    }
  });

  test("ffmpeg runs below the backend's priority, the spare and a fresh one alike", async () => {
    const spare = new FfmpegSpare(TO_PCM);
    const fresh = spawnFfmpeg(TO_PCM);
    try {
      spare.warm();
      const waiting = spare.take();
      for (const child of [waiting, fresh]) {
        assert.equal(getPriority(child.pid), Math.min(19, getPriority() + 10));
      }
      for (const child of [waiting, fresh]) child.stdin.end();
      await Promise.all([once(waiting, 'close'), once(fresh, 'close')]);
    } finally {
      spare.close();
    }
  });

  test('a spare that died is never handed out: take() and warm() start a new ffmpeg', async () => {
    const spare = new FfmpegSpare(TO_PCM);
    try {
      const cold = spare.take();
      assert.ok(cold.pid, 'with no spare, take() starts one');
      cold.stdin.end();
      await once(cold, 'close');

      // Killed from outside while waiting, its exit already seen: take() starts another.
      const first = startedBy(() => spare.warm());
      process.kill(first, 'SIGKILL');
      await until(() => !spare.ready, 'the spare was seen to die');
      const fresh = spare.take();
      assert.notEqual(fresh.pid, first);
      fresh.stdin.end(soxTone('amr-nb', 1));
      const [pcm] = await Promise.all([buffer(fresh.stdout), once(fresh, 'close')]);
      assert.equal(pcm.length, 16_000);

      // Killed and warmed again: warm() replaces it rather than keeping the corpse as "the spare".
      const second = startedBy(() => spare.warm());
      process.kill(second, 'SIGKILL');
      await until(() => !isRunning(second) && !spare.ready, 'the spare died');
      const third = startedBy(() => spare.warm());
      assert.notEqual(third, second);
      const taken = spare.take();
      assert.equal(taken.pid, third);
      taken.stdin.end();
      await once(taken, 'close');
    } finally {
      spare.close();
    }
  });

  test('with no ffmpeg to start, warm() starts nothing and take() says so; once there is one, warm() works again', async () => {
    const spare = new FfmpegSpare(TO_PCM);
    const path = process.env.PATH;
    try {
      process.env.PATH = '/nonexistent';
      spare.warm();
      assert.equal(spare.ready, false);
      assert.throws(() => spare.take(), FfmpegStartError);
      assert.throws(() => spawnFfmpeg(TO_PCM), FfmpegStartError);
      // The failed starts' 'error' events come after this tick: they must not end this process.
      await sleep(50);
      process.env.PATH = path;
      spare.warm();
      assert.equal(spare.ready, true, 'a failed start does not stop the next warm()');
    } finally {
      process.env.PATH = path;
      spare.close();
    }
  });

  test('an unused spare is stopped after its idle time, and close() stops it at once', async () => {
    const spare = new FfmpegSpare(TO_PCM, { idleMs: 100 });
    try {
      const pid = startedBy(() => spare.warm());
      assert.ok(isRunning(pid), 'the spare runs');
      await until(() => !spare.ready && !isRunning(pid), 'the idle spare was stopped');
      const next = startedBy(() => spare.warm());
      spare.close();
      assert.equal(spare.ready, false);
      await until(() => !isRunning(next), 'close() stopped the spare');
      spare.warm();
      assert.equal(spare.ready, false, 'a closed spare starts nothing');
    } finally {
      spare.close();
    }
  });

  test('a waiting spare never keeps its process alive, and ends with it', async () => {
    const module = fileURLToPath(new URL('./ffmpeg-spare.ts', import.meta.url));
    // A process that warms a spare, prints its pid and has nothing else to do: it must exit by itself.
    const script = `
      import { FfmpegSpare } from ${JSON.stringify(module)};
      const spare = new FfmpegSpare(['-hide_banner', '-loglevel', 'error', '-nostdin', '-i', 'pipe:0', '-f', 'null', '-']);
      import { readFileSync } from 'node:fs';
      spare.warm();
      const [pid] = readFileSync('/proc/self/task/' + process.pid + '/children', 'utf8').trim().split(' ');
      console.log(JSON.stringify({ ready: spare.ready, pid: Number(pid) }));
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = once(child, 'exit');
    const out = buffer(child.stdout);
    const timeout = sleep(10_000, undefined, { ref: false }).then(() => 'timeout' as const);
    const result = await Promise.race([exited, timeout]);
    if (result === 'timeout') child.kill('SIGKILL');
    assert.notEqual(result, 'timeout', 'the process waited for its spare ffmpeg');
    const { ready, pid } = JSON.parse((await out).toString()) as { ready: boolean; pid: number };
    assert.equal(ready, true);
    // Its stdin closed with its parent: ffmpeg found no input and exited.
    await until(() => !isRunning(pid), 'the orphaned spare exited');
  });
});
