import type { MediaError } from './errors.ts';

/**
 * idle → loading → playing ⇄ paused → ended; `stop()` returns to stopped at 0 from anywhere;
 * error when a fatal {@link MediaError} ended playback.
 */
export type PlayerState = 'idle' | 'loading' | 'playing' | 'paused' | 'ended' | 'stopped' | 'error';

/** Every event an {@link AudioPlayer} emits, by name. */
export interface AudioPlayerEvents {
  'state-changed': { state: PlayerState };
  /** Position and length in seconds, several times a second while playing and after every seek. */
  'time-updated': { currentTime: number; duration: number };
  /** True while playback waits for data. */
  'buffering-changed': { buffering: boolean };
  error: { error: MediaError };
}

export type AudioPlayerEventName = keyof AudioPlayerEvents;

export interface AudioSource {
  url: string;
  /** `progressive`: one file (AAC in MP4) the engine streams; `hls`: a playlist of segments. */
  kind: 'progressive' | 'hls';
  /**
   * The message's length as the carrier measured it. Used until the engine knows it: a file still being
   * transcoded has no length in its header yet.
   */
  durationHint?: number;
  /**
   * Sent with the audio's request by a player that fetches it itself (MSE-fed); an engine's own loader cannot
   * send headers, so a source that needs them only gets them there.
   */
  headers?: Readonly<Record<string, string>>;
}

/** How far one fast-forward or rewind press moves, in seconds. */
export const SEEK_STEP_SECONDS = 10;

/**
 * One interface for audio playback, whatever plays it (the engine's own `<audio>`, or hls.js where the engine
 * needs MSE for HLS). Fast-forward and rewind are seeks on every engine: webOS plays only at rate 1.0.
 *
 * @example
 * ```ts
 * const player = await createAudioPlayer(source, document.body);
 * player.on('time-updated', ({ currentTime, duration }) => bar.update(currentTime / duration));
 * await player.load(source);
 * await player.play();
 * player.seekBy(SEEK_STEP_SECONDS);
 * ```
 */
export interface AudioPlayer {
  readonly state: PlayerState;
  readonly currentTime: number;
  /** In seconds; the source's hint until the engine knows better, NaN when neither knows. */
  readonly duration: number;
  /**
   * Readies the engine for a stream it will be given soon (a first listen while the PIN is checked), so that the
   * first bytes go straight in when {@link load} gets it. Given that stream's source (`early`), a player that
   * fetches for itself asks for it at once, and a load of the same URL takes that answer. Does nothing where
   * there is nothing to ready.
   */
  prepare(early?: AudioSource): void;
  load(source: AudioSource): Promise<void>;
  /** Resolves once audio is playing; rejects with a {@link MediaError} if it cannot start. */
  play(): Promise<void>;
  pause(): void;
  /** Stops and rewinds to the start. */
  stop(): void;
  /** Moves by `seconds` (negative to rewind), kept within the message. */
  seekBy(seconds: number): void;
  seekTo(seconds: number): void;
  on<E extends AudioPlayerEventName>(event: E, listener: (payload: AudioPlayerEvents[E]) => void): () => void;
  /** Stops, releases the engine's resources and removes every listener. */
  destroy(): void;
}
