import type {
  AudioPlayer,
  AudioPlayerEventName,
  AudioPlayerEvents,
  AudioSource,
  PlayerState,
} from './audio-player.ts';
import { MediaError, MediaErrorCode } from './errors.ts';

type Listener<E extends AudioPlayerEventName> = (payload: AudioPlayerEvents[E]) => void;

/**
 * The engine's own `<audio>` element: progressive AAC everywhere, and HLS where the engine plays it natively.
 * Subclasses attach something else to the element (hls.js) by overriding {@link attachSource}.
 */
export class MediaElementPlayer implements AudioPlayer {
  protected readonly element: HTMLAudioElement;
  private readonly listeners = new Map<AudioPlayerEventName, Set<Listener<never>>>();
  private readonly cleanups: (() => void)[] = [];
  private currentState: PlayerState = 'idle';
  private durationHint = NaN;
  private source: AudioSource | null = null;
  private buffering = false;
  private lastError: MediaError | null = null;
  private readonly loadTimeoutMs: number;
  private loadTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * @param loadTimeoutMs how long a source may take to produce its first metadata before the load counts as
   *   failed. Some engines never report an error for bytes they cannot read (WPE 2.38 stays "loading").
   */
  constructor(container: HTMLElement, options: { loadTimeoutMs?: number } = {}) {
    this.loadTimeoutMs = options.loadTimeoutMs ?? 10_000;
    this.element = document.createElement('audio');
    this.element.preload = 'auto';
    container.appendChild(this.element);
    const on = (type: string, handler: () => void) => {
      this.element.addEventListener(type, handler);
      this.cleanups.push(() => this.element.removeEventListener(type, handler));
    };
    on('playing', () => {
      this.setBuffering(false);
      this.setState('playing');
    });
    on('pause', () => {
      if (this.currentState === 'playing') this.setState('paused');
    });
    on('waiting', () => this.setBuffering(true));
    on('canplay', () => this.setBuffering(false));
    on('timeupdate', () => this.emitTime());
    on('seeked', () => this.emitTime());
    on('durationchange', () => this.emitTime());
    on('ended', () => this.setState('ended'));
    on('loadedmetadata', () => clearTimeout(this.loadTimer));
    on('error', () => this.onElementError());
  }

  get state(): PlayerState {
    return this.currentState;
  }

  get currentTime(): number {
    return this.element.currentTime;
  }

  /**
   * The carrier's measurement when there is one: it counts every frame, while an engine reading a fragmented MP4
   * (no length in its header) only estimates (WPE 2.38 said 7.68 s for an 8.04 s file).
   */
  get duration(): number {
    if (Number.isFinite(this.durationHint)) return this.durationHint;
    const known = this.element.duration;
    return Number.isFinite(known) && known > 0 ? known : NaN;
  }

  /** The element needs nothing before it has an address, and asks for the audio itself when loaded. */
  prepare(): void {}

  async load(source: AudioSource): Promise<void> {
    this.durationHint = source.durationHint ?? NaN;
    this.source = source;
    this.setState('loading');
    clearTimeout(this.loadTimer);
    this.loadTimer = setTimeout(
      () =>
        this.fail(
          new MediaError(MediaErrorCode.LoadFailed, 'the audio did not load in time', { fatal: true }),
        ),
      this.loadTimeoutMs,
    );
    try {
      await this.attachSource(source);
    } catch (error) {
      clearTimeout(this.loadTimer);
      throw error;
    }
  }

  /** Points the element at the source. */
  protected attachSource(source: AudioSource): Promise<void> {
    if (source.kind === 'hls' && this.element.canPlayType('application/vnd.apple.mpegurl') === '') {
      return Promise.reject(
        new MediaError(MediaErrorCode.NotSupported, 'this engine has no native HLS', { fatal: true }),
      );
    }
    this.element.src = source.url;
    this.element.load();
    return Promise.resolve();
  }

  async play(): Promise<void> {
    // A load that already failed (the server refused the audio) is not retried by pressing play.
    if (this.currentState === 'error' && this.lastError) throw this.lastError;
    try {
      await this.element.play();
    } catch (cause) {
      const error =
        cause instanceof MediaError
          ? cause
          : new MediaError(
              MediaErrorCode.NotSupported,
              `playback could not start (${(cause as Error).name})`,
              {
                fatal: true,
                cause,
              },
            );
      this.fail(error);
      throw error;
    }
  }

  pause(): void {
    this.element.pause();
  }

  stop(): void {
    this.element.pause();
    this.element.currentTime = 0;
    this.setState('stopped');
    this.emitTime();
  }

  seekBy(seconds: number): void {
    this.seekTo(this.element.currentTime + seconds);
  }

  seekTo(seconds: number): void {
    const end = this.duration;
    const target = Math.max(0, Number.isFinite(end) ? Math.min(seconds, Math.max(0, end - 0.05)) : seconds);
    if (this.source?.kind === 'progressive' && !this.canSeekWithoutReload() && !this.isSeekable(target)) {
      this.reloadAt(target);
      return;
    }
    this.element.currentTime = target;
    if (this.currentState === 'ended' && target < end) this.setState('paused');
  }

  /** Whether a seek past what the engine has parsed may simply wait for the data (an MSE-fed stream can). */
  protected canSeekWithoutReload(): boolean {
    return false;
  }

  private isSeekable(time: number): boolean {
    const ranges = this.element.seekable;
    for (let i = 0; i < ranges.length; i++) {
      if (time >= ranges.start(i) && time <= ranges.end(i) + 0.05) return true;
    }
    return false;
  }

  /**
   * A first listen streams a fragmented file that the engine can seek only as far as it has parsed. By the time
   * a viewer fast-forwards, the server has finished it as a plain MP4, so loading the same URL again gives a
   * file the engine can seek anywhere in.
   */
  private reloadAt(target: number): void {
    const resume = this.currentState === 'playing';
    const url = this.element.currentSrc || this.source!.url;
    const onReady = () => {
      this.element.removeEventListener('loadedmetadata', onReady);
      this.element.currentTime = Math.min(target, Math.max(0, this.element.duration - 0.05) || target);
      if (resume) void this.element.play().catch(() => undefined);
    };
    this.element.addEventListener('loadedmetadata', onReady);
    this.element.src = url;
    this.element.load();
  }

  on<E extends AudioPlayerEventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  destroy(): void {
    clearTimeout(this.loadTimer);
    this.element.pause();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.element.removeAttribute('src');
    this.element.load();
    this.element.remove();
    this.listeners.clear();
  }

  protected emit<E extends AudioPlayerEventName>(event: E, payload: AudioPlayerEvents[E]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) (listener as Listener<E>)(payload);
  }

  /** Reports a fatal error once and moves to the error state. */
  protected fail(error: MediaError): void {
    clearTimeout(this.loadTimer);
    if (this.currentState === 'error') return;
    this.lastError = error;
    this.element.pause();
    this.setState('error');
    this.emit('error', { error });
  }

  private onElementError(): void {
    const code = this.element.error?.code;
    // MEDIA_ERR_NETWORK = 2, MEDIA_ERR_DECODE = 3, MEDIA_ERR_SRC_NOT_SUPPORTED = 4.
    const mapped =
      code === 2
        ? MediaErrorCode.LoadFailed
        : code === 3
          ? MediaErrorCode.DecodeFailed
          : MediaErrorCode.NotSupported;
    this.fail(
      new MediaError(mapped, this.element.error?.message || 'the audio could not be played', { fatal: true }),
    );
  }

  private emitTime(): void {
    this.emit('time-updated', { currentTime: this.element.currentTime, duration: this.duration });
  }

  private setBuffering(buffering: boolean): void {
    if (this.buffering === buffering) return;
    this.buffering = buffering;
    this.emit('buffering-changed', { buffering });
  }

  protected setState(state: PlayerState): void {
    if (this.currentState === state) return;
    this.currentState = state;
    this.emit('state-changed', { state });
  }
}
