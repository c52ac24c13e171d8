import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { AudioFormat } from '../../protocol/index.ts';
import { AudioFormatError, probeAudio } from '../../voicemail-audio/audio-format.ts';
import type { Logger } from '../log.ts';
import { FfmpegSpare, FfmpegStartError, spawnFfmpeg, type FfmpegProcess } from './ffmpeg-spare.ts';

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
  private readonly spare = new FfmpegSpare(transcodeArgs('pipe:0'));

  constructor(options: { cacheDir: string; log: Logger }) {
    this.cacheDir = options.cacheDir;
    this.log = options.log;
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
    let format: AudioFormat;
    try {
      // What the bytes are, not what the carrier said they are, decides how ffmpeg is given them.
      ({ format } = await probeAudio(input.bytes));
    } catch (error) {
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
    // An ffmpeg killed before its first byte (the spare, taken as an operator or the OOM killer ended it) says
    // nothing about the audio: one fresh ffmpeg tries again, the input still in hand.
    const first = await this.run(key, { format, bytes: input.bytes }, 'spare');
    if (first !== 'killed') return first;
    const second = await this.run(key, { format, bytes: input.bytes }, 'fresh');
    if (second !== 'killed') return second;
    throw new TranscoderUnavailableError('ffmpeg was killed twice before producing any audio');
  }

  /** One ffmpeg run: its output streamed live and written to the cache, remuxed there when it ends well. */
  private async run(
    key: string,
    input: { format: AudioFormat; bytes: Uint8Array },
    ffmpegFrom: 'spare' | 'fresh',
  ): Promise<{ output: LiveOutput; finished: Promise<void> } | 'killed'> {
    const partial = join(this.cacheDir, `${key}.partial-${process.pid}-${Date.now()}`);
    const { ffmpeg, workDir } = await this.startFfmpeg(input, ffmpegFrom);
    let stderr = '';
    ffmpeg.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    const exited = new Promise<number>((resolve) => ffmpeg.on('close', (code) => resolve(code ?? 1)));
    const cacheFile = createWriteStream(partial);
    const live = new LiveOutput();
    ffmpeg.stdout.on('data', (chunk: Buffer) => {
      cacheFile.write(chunk);
      live.push(chunk);
    });

    // Nothing goes to the TV until ffmpeg has produced its first bytes: an unplayable file fails before any.
    const first = await Promise.race([
      new Promise<'data'>((resolve) => ffmpeg.stdout.once('data', () => resolve('data'))),
      exited.then(() => 'exit' as const),
    ]);
    const done = exited.then(async (code) => {
      await new Promise<void>((resolve) => cacheFile.end(resolve));
      if (workDir) await rm(workDir, { recursive: true, force: true });
      if (code === 0) {
        // The live stream is fragmented (playable from the first fragment, but engines learn its length only
        // as they parse it, and Chromium cannot seek past that). The cache is remuxed to a plain MP4 with its
        // index first, so every later listen knows the length and seeks anywhere.
        const finished = `${partial}.m4a`;
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
        await rm(partial, { force: true });
        await rm(finished, { force: true });
        // Ended only now, so a listener whose stream has finished can count on the cache being there.
        live.end();
        // Ready for the next listen (a viewer going through a backlog), started when this one no longer needs the CPU.
        this.spare.warm();
      } else {
        await rm(partial, { force: true });
        this.log.warn('ffmpeg failed', {
          key,
          code,
          signal: ffmpeg.signalCode,
          stderr: stderr.trim().split('\n').slice(-2).join(' | '),
        });
        live.fail(new UnplayableAudioError('corrupt', 'transcoding failed'));
      }
    });
    if (first === 'exit' && (await exited) !== 0) {
      await done.catch(() => undefined);
      if (ffmpeg.signalCode !== null) return 'killed';
      throw new UnplayableAudioError('corrupt', 'the audio could not be decoded');
    }
    return { output: live, finished: done.catch(() => undefined) };
  }

  /**
   * An ffmpeg given the audio: the spare (or a fresh one), fed on stdin, for formats ffmpeg recognises by their
   * first bytes; raw GSM has no header, so it goes in a file named `.gsm`, read by a new ffmpeg (ffmpeg goes by
   * the name for it).
   * @throws {TranscoderUnavailableError} when no ffmpeg can be started.
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
    const inputPath = join(workDir, `input.${input.format}`);
    await writeFile(inputPath, input.bytes);
    try {
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

function runFfmpeg(args: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...args], {
      stdio: 'ignore',
    });
    child.on('close', (code) => resolve(code === 0));
    child.on('error', () => resolve(false));
  });
}

interface RunningTranscode {
  /** Resolves once ffmpeg has produced its first bytes; rejects if the audio cannot be played. */
  firstBytes: Promise<LiveOutput>;
  /** Settles when the cache file is in place (or the transcode failed). */
  finished: Promise<void>;
}

/**
 * One transcode's output while it runs, for every listener: each reader gets what was produced so far, then the
 * rest as it comes. Voicemail is small (48 kbit/s: ~1 MB for 3 minutes), so the bytes are kept until it ends.
 */
class LiveOutput {
  private readonly chunks: Buffer[] = [];
  private readonly readers = new Set<Readable>();
  private ended = false;
  private failure: Error | null = null;

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    for (const reader of this.readers) reader.push(chunk);
  }

  end(): void {
    this.ended = true;
    for (const reader of this.readers) reader.push(null);
    this.readers.clear();
  }

  fail(error: Error): void {
    this.failure = error;
    for (const reader of this.readers) reader.destroy(error);
    this.readers.clear();
  }

  open(): Readable {
    const reader = new Readable({ read() {} });
    for (const chunk of this.chunks) reader.push(chunk);
    if (this.failure) reader.destroy(this.failure);
    else if (this.ended) reader.push(null);
    else {
      this.readers.add(reader);
      reader.once('close', () => this.readers.delete(reader));
    }
    return reader;
  }
}

function liveAudio(output: LiveOutput): TranscodedAudio {
  return { contentType: 'audio/mp4', size: null, open: () => output.open() };
}
