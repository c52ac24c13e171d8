import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { AudioFormat } from '../../protocol/index.ts';
import { AudioFormatError, probeAudio } from '../audio/audio-format.ts';
import type { Logger } from '../log.ts';

export type UnplayableReason = 'corrupt' | 'truncated' | 'unsupported';

export class UnplayableAudioError extends Error {
  override name = 'UnplayableAudioError';
  readonly reason: UnplayableReason;
  constructor(reason: UnplayableReason, message: string) {
    super(message);
    this.reason = reason;
  }
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
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(options: { cacheDir: string; log: Logger }) {
    this.cacheDir = options.cacheDir;
    this.log = options.log;
  }

  /**
   * The AAC for `key` (a message id): from the cache, or transcoded now from what `source` returns.
   * Rejects with {@link UnplayableAudioError} when the audio cannot be played, before any byte is sent.
   */
  async get(
    key: string,
    source: () => Promise<{ format: AudioFormat; bytes: Uint8Array }>,
  ): Promise<TranscodedAudio> {
    const cached = this.cachePath(key);
    const running = this.inFlight.get(key);
    if (running) await running.catch(() => undefined);
    if (existsSync(cached)) return this.fromCache(cached);
    return this.transcode(key, await source());
  }

  /** Forgets a message's transcoded audio (it was deleted). */
  async remove(key: string): Promise<void> {
    await rm(this.cachePath(key), { force: true });
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
  ): Promise<TranscodedAudio> {
    try {
      await probeAudio(input.bytes);
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
    const workDir = await mkdtemp(join(tmpdir(), 'couchline-transcode-'));
    const inputPath = join(
      workDir,
      `input.${input.format === 'qcelp' ? 'qcp' : input.format.replace('-nb', '').replace('-wb', '')}`,
    );
    await writeFile(inputPath, input.bytes);
    const partial = join(this.cacheDir, `${key}.partial-${process.pid}-${Date.now()}`);
    const ffmpeg = spawn(
      'ffmpeg',
      [
        ...['-hide_banner', '-loglevel', 'error', '-nostdin'],
        ...['-i', inputPath, '-vn', '-af', 'aresample=async=1:first_pts=0', '-ac', '1', '-ar', '24000'],
        ...['-c:a', 'aac', '-b:a', '48k'],
        ...[
          '-f',
          'mp4',
          '-movflags',
          '+frag_keyframe+empty_moov+default_base_moof',
          '-frag_duration',
          '500000',
        ],
        'pipe:1',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    ffmpeg.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    const exited = new Promise<number>((resolve) => ffmpeg.on('close', (code) => resolve(code ?? 1)));
    const cacheFile = createWriteStream(partial);
    const live = new Readable({ read() {} });
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
      await rm(workDir, { recursive: true, force: true });
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
        live.push(null);
      } else {
        await rm(partial, { force: true });
        this.log.warn('ffmpeg failed', {
          key,
          code,
          stderr: stderr.trim().split('\n').slice(-2).join(' | '),
        });
        live.destroy(new UnplayableAudioError('corrupt', 'transcoding failed'));
      }
    });
    this.inFlight.set(key, done);
    void done.finally(() => this.inFlight.delete(key));

    if (first === 'exit' && (await exited) !== 0) {
      await done.catch(() => undefined);
      throw new UnplayableAudioError('corrupt', 'the audio could not be decoded');
    }
    return { contentType: 'audio/mp4', size: null, open: () => live };
  }
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
