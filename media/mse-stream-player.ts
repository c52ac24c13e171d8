import type { AudioSource } from './audio-player.ts';
import { MediaError, MediaErrorCode } from './errors.ts';
import { MediaElementPlayer } from './media-element-player.ts';

/** What the backend streams on a first listen: AAC in fragmented MP4. */
export const STREAM_MIME = 'audio/mp4; codecs="mp4a.40.2"';

/** Whether this engine can be fed the first-listen stream through Media Source Extensions. */
export function supportsMseStream(): boolean {
  const mediaSource = (globalThis as { MediaSource?: typeof MediaSource }).MediaSource;
  return typeof mediaSource?.isTypeSupported === 'function' && mediaSource.isTypeSupported(STREAM_MIME);
}

/**
 * A first listen fed to the engine through MSE as the bytes arrive. Given a URL of a stream still being made,
 * an engine's own progressive loader reads ahead before it starts (Chromium waited ~100–300 ms for a stream the
 * transcoder produces at ~50× real time, and ~20 ms for the same bytes all at once); appended fragment by
 * fragment, playback starts on the first one. A complete file (a second listen, served from the cache with its
 * length) goes to the element as usual: it is a plain MP4, which MSE does not take, and the engine starts it at
 * once anyway.
 */
/** An open MediaSource on the element and the buffer the stream is appended to. */
interface MsePipeline {
  mediaSource: MediaSource;
  buffer: SourceBuffer;
}

export class MseStreamPlayer extends MediaElementPlayer {
  private abort: AbortController | null = null;
  /** The element plays from a MediaSource this player feeds (not from the URL itself). */
  private fed = false;
  /** Opened by {@link prepare} while the address was not known yet; taken by the next load. */
  private prepared: Promise<MsePipeline> | null = null;
  /** Object URLs of MediaSources that have not opened yet. */
  private readonly pendingUrls = new Set<string>();
  /** The stream asked for by {@link prepare}, before its load: taken by a load of the same URL. */
  private early: { url: string; response: Promise<Response>; abort: AbortController } | null = null;

  /**
   * Opens the MediaSource and its buffer before the stream is loaded. Opening takes the engine a frame or more
   * (`sourceopen` comes from its media thread: 20–60 ms at CPU 6× in Chromium), which a first listen otherwise
   * waits for after its first bytes have arrived. Given the stream (`early`), asks for it too: the server holds
   * that request until the PIN is accepted and then streams at once, a round trip sooner than a load after the
   * answer could ask.
   */
  override prepare(early?: AudioSource): void {
    this.prepared ??= this.openPipeline();
    // An engine that cannot open it reports that to the load that takes it.
    this.prepared.catch(() => undefined);
    if (early?.kind !== 'progressive' || !early.url) return;
    this.early?.abort.abort();
    const abort = new AbortController();
    const response = fetch(early.url, { signal: abort.signal, headers: { ...early.headers } });
    // A refusal or a network failure is the load's to report, if a load comes.
    response.catch(() => undefined);
    this.early = { url: early.url, response, abort };
  }

  protected override async attachSource(source: AudioSource): Promise<void> {
    if (source.kind !== 'progressive') return super.attachSource(source);
    this.abort?.abort();
    this.fed = false;
    const prepared = this.prepared;
    this.prepared = null;
    const early = this.early?.url === source.url ? this.early : null;
    if (!early) this.early?.abort.abort();
    this.early = null;
    const abort = early?.abort ?? new AbortController();
    this.abort = abort;
    const ask = () => fetch(source.url, { signal: abort.signal, headers: { ...source.headers } });
    let response: Response;
    try {
      // The early request gave up waiting (refused: the session was opened where it could not see it in time) or
      // broke off: the session exists now that a load was asked for, so a plain request is served.
      const answered = early ? await early.response.catch(() => null) : null;
      if (answered && answered.status !== 401) response = answered;
      else {
        void answered?.body?.cancel();
        response = await ask();
      }
    } catch (cause) {
      // As the element does: an error event, and play() refuses; load itself settles.
      this.failWith(MediaErrorCode.LoadFailed, 'the audio could not be fetched', cause);
      return;
    }
    if (!response.ok || !response.body) {
      const body: unknown = await response.json().catch(() => null);
      this.fail(
        new MediaError(MediaErrorCode.LoadFailed, `the server answered ${response.status}`, {
          fatal: true,
          refusal: { status: response.status, body },
        }),
      );
      return;
    }
    if (response.headers.get('content-length') !== null) {
      // A finished file: the element streams and seeks it by itself (a prepared MediaSource is let go).
      abort.abort();
      this.revokePendingUrls();
      return super.attachSource(source);
    }

    this.fed = true;
    let pipeline: MsePipeline;
    try {
      pipeline = await (prepared ?? this.openPipeline());
    } catch (cause) {
      void response.body.cancel();
      this.failWith(MediaErrorCode.NotSupported, 'the engine could not open a media source', cause);
      return;
    }
    if (abort.signal.aborted) return;
    // The carrier's length up front, so the whole message is seekable before all of it has arrived.
    if (Number.isFinite(source.durationHint) && source.durationHint! > 0) {
      pipeline.mediaSource.duration = source.durationHint!;
    }
    void this.pump(response.body, pipeline.mediaSource, pipeline.buffer, abort.signal);
  }

  /** Points the element at a new MediaSource and, once the engine has opened it, adds the stream's buffer. */
  private async openPipeline(): Promise<MsePipeline> {
    const mediaSource = new MediaSource();
    const objectUrl = URL.createObjectURL(mediaSource);
    this.pendingUrls.add(objectUrl);
    this.element.src = objectUrl;
    try {
      await new Promise((resolve, reject) => {
        mediaSource.addEventListener('sourceopen', resolve, { once: true });
        this.element.addEventListener(
          'error',
          () => reject(new Error('the engine refused the media source')),
          {
            once: true,
          },
        );
      });
    } finally {
      URL.revokeObjectURL(objectUrl);
      this.pendingUrls.delete(objectUrl);
    }
    return { mediaSource, buffer: mediaSource.addSourceBuffer(STREAM_MIME) };
  }

  /**
   * An object URL keeps its MediaSource alive for the page's life until revoked. Each is revoked once its source
   * has opened, or when the player is let go or given a finished file before it opened (`sourceopen` never comes).
   */
  private revokePendingUrls(): void {
    for (const url of this.pendingUrls) URL.revokeObjectURL(url);
    this.pendingUrls.clear();
  }

  /** Appends each chunk as it arrives, one append at a time, and ends the stream with the last one. */
  private async pump(
    body: ReadableStream<Uint8Array<ArrayBuffer>>,
    mediaSource: MediaSource,
    buffer: SourceBuffer,
    signal: AbortSignal,
  ): Promise<void> {
    const reader = body.getReader();
    const appended = () =>
      new Promise<void>((resolve, reject) => {
        const done = () => {
          buffer.removeEventListener('updateend', done);
          buffer.removeEventListener('error', failed);
          resolve();
        };
        const failed = () => {
          buffer.removeEventListener('updateend', done);
          buffer.removeEventListener('error', failed);
          reject(new Error('the engine refused a fragment'));
        };
        buffer.addEventListener('updateend', done);
        buffer.addEventListener('error', failed);
      });
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (signal.aborted) return;
        if (done) break;
        const ready = appended();
        buffer.appendBuffer(value);
        await ready;
      }
      if (mediaSource.readyState === 'open') mediaSource.endOfStream();
    } catch (cause) {
      if (signal.aborted) return;
      const decode = cause instanceof Error && cause.message.includes('refused');
      this.fail(
        new MediaError(
          decode ? MediaErrorCode.DecodeFailed : MediaErrorCode.LoadFailed,
          decode ? 'the audio could not be decoded' : 'the audio stream broke off',
          { fatal: true, cause },
        ),
      );
    }
  }

  /** Seeks past what has arrived wait for it (the element says "waiting"), rather than reloading. */
  protected override canSeekWithoutReload(): boolean {
    return this.fed;
  }

  override destroy(): void {
    this.abort?.abort();
    this.abort = null;
    this.early?.abort.abort();
    this.early = null;
    this.prepared = null;
    this.revokePendingUrls();
    super.destroy();
  }

  private failWith(code: MediaErrorCode, message: string, cause?: unknown): void {
    this.fail(new MediaError(code, message, { fatal: true, cause }));
  }
}
