import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { AudioFormat } from '../../protocol/index.ts';
import { AudioFormatError, probeAudio, ProbeUnavailableError } from '../../voicemail-audio/audio-format.ts';
import type { Logger } from '../log.ts';
import { FfmpegSpare, FfmpegStartError, spawnFfmpeg, type FfmpegProcess } from './ffmpeg-spare.ts';
import { LiveOutput } from './live-output.ts';

export type UnplayableReason = 'corrupt' | 'truncated' | 'unsupported';

export class UnplayableAudioError extends Error {
  override name = 'UnplayableAudioError';
  readonly reason: UnplayableReason;
  constructor(reason: UnplayableReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

/** No ffmpeg could be started (not installed, or the machine out of processes or files): try again later. */
export class TranscoderUnavailableError extends Error {
  override name = 'TranscoderUnavailableError';
}

export interface TranscodedAudio {
  /** `audio/mp4`: AAC in fragmented MP4, which every target engine plays from the first fragment. */
  contentType: string;
  /** Known once the file is complete (from the cache); unknown while it is still being transcoded. */
  size: number | null;
  /** Opens the bytes, optionally a range of a complete file. */
  open(range?: { start: number; end: number }): Readable;
}

/**
 * Voicemail audio → AAC for the TV, with Debian's ffmpeg. The first listen streams ffmpeg's output as it is made
 * (fragmented MP4, so playback starts before transcoding ends) while writing it to the cache; later listens are
 * served from the cache with byte ranges. ffmpeg's AMR decoder drops DTX (NO_DATA) frames; `aresample=async=1`
 * fills the gaps they leave with silence, so a 30 s message plays for 30 s without holes in the timeline (DESIGN.md §4).
 * The input's format is detected by ffmpeg from the file (its `amrnb`/`amrwb` formats are the headerless ones).
 */
export class Transcoder {
  private readonly cacheDir: string;
  private readonly log: Logger;
  /** Transcodes under way, by key: listens that come meanwhile join them instead of starting another. */
  private readonly running = new Map<string, RunningTranscode>();
  /** An ffmpeg with its libraries loaded, waiting for the next listen's audio on stdin. */
  private readonly spare: FfmpegSpare;
  private readonly stuckAfterMs: number;

  /**
   * @param createSpare how the waiting ffmpeg is kept, given ffmpeg's arguments (tests hand in a hostile one).
   * @param stuckAfterMs past the message's own length, how long ffmpeg may run before it counts as stuck (it runs
   *   at 35–90× real time).
   */
  constructor(options: {
    cacheDir: string;
    log: Logger;
    createSpare?: (args: readonly string[]) => FfmpegSpare;
    stuckAfterMs?: number;
  }) {
    this.cacheDir = options.cacheDir;
    this.log = options.log;
    this.stuckAfterMs = options.stuckAfterMs ?? 30_000;
    this.spare = (options.createSpare ?? ((args) => new FfmpegSpare(args)))(transcodeArgs('pipe:0'));
  }

  /** A message has arrived: a listen may follow within minutes, so have an ffmpeg ready for it. */
  warm(): void {
    this.spare.warm();
  }

  /** Whether an ffmpeg is waiting for the next listen. */
  get warmed(): boolean {
    return this.spare.ready;
  }

  /**
   * The AAC for `key` (a message id): from the cache; from a transcode already under way, joined where it is (its
   * output so far first, then the rest as it comes); or transcoded now from what `source` returns.
   * Rejects with {@link UnplayableAudioError} when the audio cannot be played, before any byte is sent.
   */
  async get(
    key: string,
    source: () => Promise<{ format: AudioFormat; bytes: Uint8Array }>,
  ): Promise<TranscodedAudio> {
    const cached = this.cachePath(key);
    const running = this.running.get(key);
    if (running) return liveAudio(await running.firstBytes);
    if (existsSync(cached)) return this.fromCache(cached);
    return liveAudio(await this.start(key, source).firstBytes);
  }

  /**
   * Starts transcoding `key` now if it is neither cached nor under way, so that a listen coming a moment later
   * (the viewer has just entered the PIN) joins a stream that already has its first bytes.
   */
  prepare(key: string, source: () => Promise<{ format: AudioFormat; bytes: Uint8Array }>): void {
    if (this.running.has(key) || existsSync(this.cachePath(key))) return;
    this.start(key, source).firstBytes.catch((error: unknown) => {
      this.log.info('preparing audio failed; the listen will say why', { key, error: String(error) });
    });
  }

  /** Forgets a message's transcoded audio (it was deleted), after any transcode of it has finished. */
  async remove(key: string): Promise<void> {
    await this.running.get(key)?.finished;
    await rm(this.cachePath(key), { force: true });
  }

  /**
   * Settles when every transcode under way has finished writing its cache (or failed): a backend that is closing
   * waits for it, so no ffmpeg writes into a cache folder that is being removed.
   */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()].map((r) => r.finished));
  }

  /** Waits for the transcodes under way ({@link idle}) and stops the spare ffmpeg. */
  async close(): Promise<void> {
    await this.idle();
    this.spare.close();
  }

  /** Registers a transcode before anything awaits, so concurrent listens of one message share it. */
  private start(
    key: string,
    source: () => Promise<{ format: AudioFormat; bytes: Uint8Array }>,
  ): RunningTranscode {
    let finished!: Promise<void>;
    const firstBytes = (async () => {
      const started = await this.transcode(key, await source());
      finished = started.finished;
      return started.output;
    })();
    const running: RunningTranscode = {
      firstBytes,
      // Settles when the cache is written (or the transcode failed); never rejects.
      finished: firstBytes.then(
        () => finished,
        () => undefined,
      ),
    };
    this.running.set(key, running);
    void running.finished.finally(() => {
      if (this.running.get(key) === running) this.running.delete(key);
    });
    return running;
  }

  isCached(key: string): boolean {
    return existsSync(this.cachePath(key));
  }

  private cachePath(key: string): string {
    if (!/^[\w-]{1,100}$/.test(key)) throw new Error(`not a cache key: ${key}`);
    return join(this.cacheDir, `${key}.m4a`);
  }

  private async fromCache(path: string): Promise<TranscodedAudio> {
    const { size } = await stat(path);
    return {
      contentType: 'audio/mp4',
      size,
      open: (range) => createReadStream(path, range ? { start: range.start, end: range.end } : {}),
    };
  }

  private async transcode(
    key: string,
    input: { format: AudioFormat; bytes: Uint8Array },
  ): Promise<{ output: LiveOutput; finished: Promise<void> }> {
    let probed: { format: AudioFormat; durationMs: number };
    try {
      // What the bytes are, not what the carrier said they are, decides how ffmpeg is given them.
      probed = await probeAudio(input.bytes);
    } catch (error) {
      if (error instanceof ProbeUnavailableError) throw new TranscoderUnavailableError(error.message);
      if (error instanceof AudioFormatError) {
        const reason: UnplayableReason = /truncated/.test(error.message)
          ? 'truncated'
          : /not a recognised/.test(error.message)
            ? 'unsupported'
            : 'corrupt';
        throw new UnplayableAudioError(reason, error.message);
      }
      throw error;
    }
    await mkdir(this.cacheDir, { recursive: true });
    const audio = { format: probed.format, bytes: input.bytes, durationMs: probed.durationMs };
    // The waiting ffmpeg killed (SIGKILL: an operator, the OOM killer) before its first byte says nothing about
    // the audio: one fresh ffmpeg tries again, the input still in hand.
    const first = await this.run(key, audio, 'spare');
    if (first !== 'killed') return first;
    const second = await this.run(key, audio, 'fresh');
    if (second !== 'killed') return second;
    throw new TranscoderUnavailableError('ffmpeg was killed before producing any audio');
  }

  /**
   * One ffmpeg run: its output streamed live and written to the cache, remuxed there when it ends well.
   * `'killed'`: the spare was killed from outside before its first byte (only a spare's run says so).
   */
  private async run(
    key: string,
    input: { format: AudioFormat; bytes: Uint8Array; durationMs: number },
    ffmpegFrom: 'spare' | 'fresh',
  ): Promise<{ output: LiveOutput; finished: Promise<void> } | 'killed'> {
    const partial = join(this.cacheDir, `${key}.partial-${process.pid}-${Date.now()}`);
    const { ffmpeg, workDir } = await this.startFfmpeg(input, ffmpegFrom);
    let stderr = '';
    ffmpeg.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    const exited = new Promise<number>((resolve) => ffmpeg.on('close', (code) => resolve(code ?? 1)));
    // ffmpeg runs at 35–90× real time; one that is still going long after that is stuck on its input, and must
    // not hold this message's listens (nor a backend's shutdown) for ever.
    let overran = false;
    const watchdog = setTimeout(() => {
      overran = true;
      ffmpeg.kill('SIGKILL');
    }, this.stuckAfterMs + input.durationMs);
    // The cache is a convenience: a disk that is full or out of descriptors costs it, never the listen.
    let cacheBroken = false;
    const cacheFile = createWriteStream(partial);
    cacheFile.on('error', (error) => {
      if (!cacheBroken) this.log.warn('the audio cache could not be written', { key, error: String(error) });
      cacheBroken = true;
    });
    const live = new LiveOutput();
    ffmpeg.stdout.on('data', (chunk: Buffer) => {
      if (!cacheBroken) cacheFile.write(chunk);
      live.push(chunk);
    });

    // Nothing goes to the TV until ffmpeg has produced its first audio: an unplayable file fails before any, and
    // the header and the first fragment (a few ms apart) reach the player as one chunk, one append instead of two.
    const first = await Promise.race([
      new Promise<'data'>((resolve) => {
        const audio = (chunk: Buffer) => {
          if (!chunk.includes(FRAGMENT_BOX)) return;
          ffmpeg.stdout.off('data', audio);
          resolve('data');
        };
        ffmpeg.stdout.on('data', audio);
      }),
      exited.then(() => 'exit' as const),
    ]);
    const done = exited.then(async (code) => {
      clearTimeout(watchdog);
      const succeeded = code === 0 && !overran;
      try {
        await new Promise<void>((resolve) => cacheFile.end(() => resolve()));
        if (workDir) await rm(workDir, { recursive: true, force: true });
        if (succeeded && !cacheBroken) await this.remuxIntoCache(partial, key);
        await rm(partial, { force: true });
      } catch (error) {
        this.log.warn('the audio cache could not be finished', { key, error: String(error) });
      }
      if (succeeded) {
        // Ended only now, so a listener whose stream has finished can count on the cache being there.
        live.end();
        // Ready for the next listen (a viewer going through a backlog), started when this one no longer needs the CPU.
        this.spare.warm();
        return;
      }
      this.log.warn('ffmpeg failed', {
        key,
        code,
        signal: ffmpeg.signalCode,
        overran,
        stderr: stderr.trim().split('\n').slice(-2).join(' | '),
      });
      live.fail(new UnplayableAudioError('corrupt', 'transcoding failed'));
    });
    if (first === 'exit' && (await exited) !== 0) {
      await done;
      if (ffmpegFrom === 'spare' && ffmpeg.signalCode === 'SIGKILL' && !overran) return 'killed';
      // Anything else — an error exit, a crash (SIGSEGV, SIGABRT) — is the input's doing.
      throw new UnplayableAudioError('corrupt', 'the audio could not be decoded');
    }
    return { output: live, finished: done };
  }

  /**
   * The live stream is fragmented (playable from the first fragment, but engines learn its length only as they
   * parse it, and Chromium cannot seek past that). The cache is remuxed to a plain MP4 with its index first, so
   * every later listen knows the length and seeks anywhere.
   */
  private async remuxIntoCache(partial: string, key: string): Promise<void> {
    const finished = `${partial}.m4a`;
    try {
      const remuxed = await runFfmpeg([
        '-i',
        partial,
        '-c',
        'copy',
        '-movflags',
        '+faststart',
        '-f',
        'mp4',
        finished,
      ]);
      if (remuxed) await rename(finished, this.cachePath(key));
    } finally {
      await rm(finished, { force: true });
    }
  }

  /**
   * An ffmpeg given the audio: the spare (or a fresh one), fed on stdin, for formats ffmpeg recognises by their
   * first bytes; raw GSM has no header, so it goes in a file named `.gsm`, read by a new ffmpeg (ffmpeg goes by
   * the name for it).
   * @throws {TranscoderUnavailableError} when no ffmpeg can be started, or its input not written.
   */
  private async startFfmpeg(
    input: { format: AudioFormat; bytes: Uint8Array },
    ffmpegFrom: 'spare' | 'fresh',
  ): Promise<{ ffmpeg: FfmpegProcess; workDir: string | null }> {
    if (SELF_DESCRIBING.has(input.format)) {
      const ffmpeg = startedOrUnavailable(() =>
        ffmpegFrom === 'spare' ? this.spare.take() : spawnFfmpeg(transcodeArgs('pipe:0')),
      );
      ffmpeg.stdin.end(input.bytes);
      return { ffmpeg, workDir: null };
    }
    const workDir = await mkdtemp(join(tmpdir(), 'couchline-transcode-'));
    try {
      const inputPath = join(workDir, `input.${input.format}`);
      await writeFile(inputPath, input.bytes).catch((error: unknown) => {
        throw new TranscoderUnavailableError(`the input could not be written (${String(error)})`);
      });
      const ffmpeg = startedOrUnavailable(() => spawnFfmpeg(transcodeArgs(inputPath)));
      ffmpeg.stdin.end();
      return { ffmpeg, workDir };
    } catch (error) {
      await rm(workDir, { recursive: true, force: true });
      throw error;
    }
  }
}

function startedOrUnavailable(start: () => FfmpegProcess): FfmpegProcess {
  try {
    return start();
  } catch (error) {
    if (error instanceof FfmpegStartError) throw new TranscoderUnavailableError(error.message);
    throw error;
  }
}

/** Formats whose first bytes name them ("#!AMR", "#!AMR-WB", RIFF's QLCM and WAVE): ffmpeg finds them on a pipe. */
const SELF_DESCRIBING: ReadonlySet<AudioFormat> = new Set(['amr-nb', 'amr-wb', 'qcelp', 'wav']);

/** The box that starts each fragment of audio in the live stream (fragmented MP4). */
const FRAGMENT_BOX = Buffer.from('moof', 'latin1');

/** Voicemail → AAC at 48 kbit/s in fragmented MP4 of half-second fragments, on stdout. */
function transcodeArgs(input: string): string[] {
  return [
    ...['-hide_banner', '-loglevel', 'error', '-nostdin'],
    ...['-i', input, '-vn', '-af', 'aresample=async=1:first_pts=0', '-ac', '1', '-ar', '24000'],
    ...['-c:a', 'aac', '-b:a', '48k'],
    ...['-f', 'mp4', '-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-frag_duration', '500000'],
    'pipe:1',
  ];
}

/** Runs ffmpeg to its end: whether it succeeded (false too when it could not be started). */
function runFfmpeg(args: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    try {
      const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...args], {
        stdio: 'ignore',
      });
      child.on('close', (code) => resolve(code === 0));
      child.on('error', () => resolve(false));
    } catch {
      resolve(false);
    }
  });
}

interface RunningTranscode {
  /** Resolves once ffmpeg has produced its first bytes; rejects if the audio cannot be played. */
  firstBytes: Promise<LiveOutput>;
  /** Settles when the cache file is in place (or the transcode failed). */
  finished: Promise<void>;
}

function liveAudio(output: LiveOutput): TranscodedAudio {
  return { contentType: 'audio/mp4', size: null, open: () => output.open() };
}
