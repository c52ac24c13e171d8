import assert from 'node:assert/strict';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterEach, describe, test } from 'node:test';
import { createMemoryLogger, silentLogger } from '../log.ts';
import {
  amrWithDtx,
  buildAmrWb,
  probedSeconds,
  soxTone,
} from '../../tests/helpers/backend/audio-fixtures.ts';
import { buildQcp } from '../../tests/helpers/backend/qcp.ts';
import { childPids } from '../../tests/helpers/backend/child-processes.ts';
import { FfmpegSpare } from './ffmpeg-spare.ts';
import { Transcoder, TranscoderUnavailableError, UnplayableAudioError } from './transcoder.ts';

describe('transcoder (ffmpeg → AAC in MP4)', () => {
  const dirs: string[] = [];
  const transcoders: Transcoder[] = [];
  afterEach(async () => {
    for (const transcoder of transcoders.splice(0)) await transcoder.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function setup() {
    const dir = mkdtempSync(join(tmpdir(), 'transcoder-'));
    dirs.push(dir);
    const transcoder = new Transcoder({ cacheDir: join(dir, 'cache'), log: silentLogger });
    transcoders.push(transcoder);
    return { transcoder, dir };
  }

  /** Runs `during` with an `ffmpeg` first on PATH that is this shell script (a crash, a hang), then puts PATH back. */
  async function withFfmpeg(script: string, during: () => Promise<void>): Promise<void> {
    const bin = mkdtempSync(join(tmpdir(), 'stand-in-ffmpeg-'));
    dirs.push(bin);
    writeFileSync(join(bin, 'ffmpeg'), `#!/bin/sh\n${script}\n`, { mode: 0o755 });
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path}`;
    try {
      await during();
    } finally {
      process.env.PATH = path;
    }
  }

  /** Transcodes, drains the stream, writes it out and returns ffprobe's duration of the result. */
  async function transcodedSeconds(
    transcoder: Transcoder,
    dir: string,
    key: string,
    bytes: Uint8Array,
    format: 'amr-nb' | 'qcelp' | 'gsm' | 'amr-wb' | 'wav',
  ) {
    const audio = await transcoder.get(key, () => Promise.resolve({ format, bytes }));
    const out = await buffer(audio.open());
    const file = join(dir, `${key}.m4a`);
    writeFileSync(file, out);
    return { seconds: probedSeconds(file), bytes: out, audio };
  }

  test('streams AAC in fragmented MP4 on the first listen, then serves the cache with a known size', async () => {
    const { transcoder, dir } = setup();
    const first = await transcodedSeconds(transcoder, dir, 'msg_a', soxTone('amr-nb', 3), 'amr-nb');
    assert.equal(first.audio.size, null, 'the first listen is a live stream');
    assert.equal(first.bytes.subarray(4, 8).toString('latin1'), 'ftyp');
    assert.ok(Math.abs(first.seconds - 3) < 0.1, `AAC lasts ${first.seconds}s, not 3s`);
    assert.ok(transcoder.isCached('msg_a'));

    let sourced = false;
    const again = await transcoder.get(
      'msg_a',
      () => ((sourced = true), Promise.reject(new Error('not needed'))),
    );
    assert.equal(sourced, false, 'a second listen does not fetch or transcode again');
    assert.ok(again.size! > 0);
    const tail = await buffer(again.open({ start: 4, end: 7 }));
    assert.equal(tail.toString('latin1'), 'ftyp');
    // The cache is a plain MP4 with its index first (seekable anywhere), not the fragmented live stream.
    const cached = await buffer(again.open());
    assert.ok(cached.indexOf('moov') < cached.indexOf('mdat'), 'moov before mdat');
    assert.equal(cached.indexOf('moof'), -1, 'no movie fragments');
    assert.ok(first.bytes.indexOf('moof') > 0, 'the live stream was fragmented');
  });

  test("a first listen's first chunk is the header and the first fragment of audio together (one append)", async () => {
    const { transcoder } = setup();
    const audio = await transcoder.get('msg_chunk', () =>
      Promise.resolve({ format: 'amr-nb' as const, bytes: soxTone('amr-nb', 10) }),
    );
    const reader = audio.open();
    const [first] = (await once(reader, 'data')) as [Buffer];
    assert.equal(first.subarray(4, 8).toString('latin1'), 'ftyp');
    assert.ok(
      first.indexOf('moov') > 0 && first.indexOf('moof') > first.indexOf('moov'),
      'header, then audio',
    );
    reader.destroy();
    await transcoder.idle();
  });

  test('warmed, the first listen is transcoded by the ffmpeg waiting for it, and another waits after it', async () => {
    const { transcoder, dir } = setup();
    assert.equal(transcoder.warmed, false, 'nothing is started before a message arrives');
    // Earlier tests' processes may still be on their way out: only what this transcoder starts counts.
    const earlier = new Set(childPids());
    const started = () => childPids().filter((pid) => !earlier.has(pid));
    transcoder.warm();
    assert.equal(transcoder.warmed, true);
    const waiting = started();
    assert.equal(waiting.length, 1, 'one ffmpeg waits');
    const audio = await transcoder.get('msg_warm', () =>
      Promise.resolve({ format: 'amr-nb' as const, bytes: soxTone('amr-nb', 3) }),
    );
    assert.equal(transcoder.warmed, false, 'the waiting ffmpeg was taken by the listen');
    assert.deepEqual(
      started(),
      waiting,
      'the listen started no ffmpeg of its own: the waiting one transcodes',
    );
    const bytes = await buffer(audio.open());
    const file = join(dir, 'warm.m4a');
    writeFileSync(file, bytes);
    const seconds = probedSeconds(file);
    assert.ok(Math.abs(seconds - 3) < 0.1, `AAC lasts ${seconds}s, not 3s`);
    assert.ok(bytes.indexOf('moof') > 0, 'the same fragmented stream as a cold start gives');
    await transcoder.idle();
    assert.equal(transcoder.warmed, true, 'a next listen (a backlog) finds one ready');
    await transcoder.close();
    assert.equal(transcoder.warmed, false, 'closed: nothing left running');
  });

  test('a waiting ffmpeg killed as the listen takes it: a fresh one transcodes, nothing is called corrupt', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'transcoder-'));
    dirs.push(dir);
    const log = createMemoryLogger();
    /** Hands out its ffmpeg already killed (SIGKILL), its exit not yet seen: the moment an operator's kill lands. */
    class KilledSpare extends FfmpegSpare {
      override take() {
        const ffmpeg = super.take();
        ffmpeg.kill('SIGKILL');
        return ffmpeg;
      }
    }
    const transcoder = new Transcoder({
      cacheDir: join(dir, 'cache'),
      log,
      createSpare: (args) => new KilledSpare(args),
    });
    transcoders.push(transcoder);
    const { seconds } = await transcodedSeconds(
      transcoder,
      dir,
      'msg_killed',
      soxTone('amr-nb', 2),
      'amr-nb',
    );
    assert.ok(Math.abs(seconds - 2) < 0.1, `AAC lasts ${seconds}s, not 2s`);
    const failures = log.lines.filter((line) => line.includes('ffmpeg failed'));
    assert.equal(failures.length, 1, 'one ffmpeg was killed, and one more did the work');
    assert.match(failures[0]!, /"signal":"SIGKILL"/);
  });

  test('an ffmpeg that crashes on the audio (SIGSEGV) is corrupt audio, not retried as a kill', async () => {
    const { transcoder } = setup();
    const tone = soxTone('amr-nb', 1);
    // An ffmpeg that dies as a decoder crashing on bad input does.
    await withFfmpeg('kill -SEGV $$', () =>
      assert.rejects(
        transcoder.get('msg_crash', () => Promise.resolve({ format: 'amr-nb' as const, bytes: tone })),
        (error) => error instanceof UnplayableAudioError && error.reason === 'corrupt',
      ),
    );
  });

  test('an ffmpeg stuck on its input is stopped: the listen is refused, and the next one is not left waiting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'transcoder-'));
    dirs.push(dir);
    const transcoder = new Transcoder({ cacheDir: join(dir, 'cache'), log: silentLogger, stuckAfterMs: 300 });
    transcoders.push(transcoder);
    const tone = soxTone('amr-nb', 1);
    await withFfmpeg('exec sleep 600', async () => {
      for (let listen = 0; listen < 2; listen++) {
        await assert.rejects(
          transcoder.get('msg_stuck', () => Promise.resolve({ format: 'amr-nb' as const, bytes: tone })),
          (error) => error instanceof UnplayableAudioError && error.reason === 'corrupt',
        );
      }
    });
    await transcoder.idle();
  });

  test('with no ffmpeg to start, a listen is refused as "try again later", never as corrupt audio', async () => {
    const { transcoder } = setup();
    const tones = { 'amr-nb': soxTone('amr-nb', 1), gsm: soxTone('gsm', 1), wav: soxTone('wav', 1) };
    const path = process.env.PATH;
    try {
      process.env.PATH = '/nonexistent';
      transcoder.warm();
      assert.equal(transcoder.warmed, false);
      for (const [key, format] of [
        ['msg_amr', 'amr-nb'],
        ['msg_gsm', 'gsm'],
        ['msg_wav', 'wav'],
      ] as const) {
        await assert.rejects(
          transcoder.get(key, () => Promise.resolve({ format, bytes: tones[format] })),
          TranscoderUnavailableError,
          format,
        );
        assert.equal(transcoder.isCached(key), false);
      }
    } finally {
      process.env.PATH = path;
    }
    // Once ffmpeg is back, the same message plays.
    const audio = await transcoder.get('msg_amr', () =>
      Promise.resolve({ format: 'amr-nb' as const, bytes: tones['amr-nb'] }),
    );
    assert.ok((await buffer(audio.open())).length > 0);
  });

  test('keeps durations honest: AMR with suppressed silence plays for its full length', async () => {
    const { transcoder, dir } = setup();
    const { bytes, durationMs } = amrWithDtx(2, 150); // 2 s of speech + 3 s of DTX silence
    const { seconds } = await transcodedSeconds(transcoder, dir, 'msg_dtx', bytes, 'amr-nb');
    assert.ok(
      Math.abs(seconds - durationMs / 1000) < 0.15,
      `AAC lasts ${seconds}s, the message ${durationMs / 1000}s`,
    );
  });

  test('decodes QCELP from a QCP file built by the test, and AMR-WB and GSM', async () => {
    const { transcoder, dir } = setup();
    assert.ok(
      Math.abs((await transcodedSeconds(transcoder, dir, 'q', buildQcp(150), 'qcelp')).seconds - 3) < 0.1,
    );
    assert.ok(
      Math.abs((await transcodedSeconds(transcoder, dir, 'w', buildAmrWb(100), 'amr-wb')).seconds - 2) < 0.1,
    );
    assert.ok(
      Math.abs((await transcodedSeconds(transcoder, dir, 'g', soxTone('gsm', 2), 'gsm')).seconds - 2) < 0.1,
    );
  });

  test('a listen that comes while the transcode runs joins it: one ffmpeg, the whole stream from its start', async () => {
    const { transcoder } = setup();
    let sourced = 0;
    const source = () => {
      sourced++;
      return Promise.resolve({ format: 'amr-nb' as const, bytes: soxTone('amr-nb', 20) });
    };
    transcoder.prepare('msg_join', source);
    transcoder.prepare('msg_join', source); // a second PIN entry does not start another
    const first = await transcoder.get('msg_join', source);
    // Let the transcode get ahead of the second listener, which must still get every byte from the start.
    const firstBytes = await buffer(first.open());
    const second = await transcoder.get('msg_join', source);
    const secondBytes = await buffer(second.open());
    assert.equal(sourced, 1, 'the audio was fetched and transcoded once');
    assert.equal(firstBytes.subarray(4, 8).toString('latin1'), 'ftyp');
    assert.ok(transcoder.isCached('msg_join'));
    // The second came after the first had ended, so from the cache: the same audio, remuxed.
    assert.ok(secondBytes.length > 0);
    const third = transcoder.get('msg_third', source);
    const fourth = transcoder.get('msg_third', source);
    const [a, b] = await Promise.all([third, fourth]);
    const [aBytes, bBytes] = await Promise.all([buffer(a.open()), buffer(b.open())]);
    assert.equal(sourced, 2, 'two listens at once share one transcode');
    assert.ok(aBytes.equals(bBytes), 'both listeners get the same bytes from the start');
  });

  test('a failed preparation is told to the listen that follows, with its reason', async () => {
    const { transcoder } = setup();
    const broken = () => Promise.resolve({ format: 'amr-nb' as const, bytes: Buffer.from('not audio') });
    transcoder.prepare('msg_bad', broken);
    await assert.rejects(
      transcoder.get('msg_bad', broken),
      (e: unknown) => e instanceof UnplayableAudioError && e.reason === 'unsupported',
    );
  });

  test('unplayable audio fails before any byte, with a reason, and leaves no cache file', async () => {
    const { transcoder } = setup();
    const amr = soxTone('amr-nb', 1);
    const cases = [
      { bytes: amr.subarray(0, amr.length - 7), reason: 'truncated' },
      { bytes: Buffer.from('this is not audio at all'), reason: 'unsupported' },
      {
        bytes: Buffer.concat([Buffer.from('RIFF\x10\x00\x00\x00WAVEfmt '), Buffer.alloc(64, 0xff)]),
        reason: 'corrupt',
      },
    ];
    for (const [i, c] of cases.entries()) {
      await assert.rejects(
        transcoder.get(`bad_${i}`, () => Promise.resolve({ format: 'amr-nb', bytes: c.bytes })),
        (e: unknown) => e instanceof UnplayableAudioError && e.reason === c.reason,
      );
      assert.equal(transcoder.isCached(`bad_${i}`), false);
    }
  });

  test('idle() settles once every transcode under way has written its cache, even one nobody reads', async () => {
    const { transcoder } = setup();
    await transcoder.idle();
    // Started and left: a listen that was cut off, as when the backend closes under it.
    transcoder.prepare('msg_left', () => Promise.resolve({ format: 'amr-nb', bytes: soxTone('amr-nb', 2) }));
    assert.equal(transcoder.isCached('msg_left'), false, 'still under way');
    await transcoder.idle();
    assert.equal(transcoder.isCached('msg_left'), true, 'written before idle() settled');
  });

  test('remove() deletes the cached audio', async () => {
    const { transcoder, dir } = setup();
    await transcodedSeconds(transcoder, dir, 'msg_gone', soxTone('amr-nb', 1), 'amr-nb');
    assert.ok(existsSync(join(dir, 'cache', 'msg_gone.m4a')));
    await transcoder.remove('msg_gone');
    assert.equal(transcoder.isCached('msg_gone'), false);
  });

  test('refuses cache keys that could leave the cache folder', async () => {
    const { transcoder } = setup();
    await assert.rejects(
      transcoder.get('../escape', () => Promise.resolve({ format: 'amr-nb', bytes: soxTone('amr-nb', 1) })),
    );
  });
});
