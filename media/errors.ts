/** Stable codes for playback failures. */
export const MediaErrorCode = {
  /** The audio could not be fetched (network, 4xx/5xx, the session expired). */
  LoadFailed: 'MEDIA_LOAD_FAILED',
  /** The bytes arrived but the engine cannot decode them. */
  DecodeFailed: 'MEDIA_DECODE_FAILED',
  /** This engine cannot play this kind of source at all. */
  NotSupported: 'MEDIA_NOT_SUPPORTED',
  /** A stall the player recovers from by itself. */
  Stalled: 'MEDIA_STALLED',
} as const;
export type MediaErrorCode = (typeof MediaErrorCode)[keyof typeof MediaErrorCode];

/** A playback failure. `fatal` means the player gave up; otherwise it is trying to recover. */
export class MediaError extends Error {
  override name = 'MediaError';
  readonly code: MediaErrorCode;
  readonly fatal: boolean;
  /**
   * The server's answer when it refused the audio, where the player read it (an `<audio>` element cannot): its
   * status and parsed JSON body, so the app can say why without asking again.
   */
  readonly refusal: { status: number; body: unknown } | null;

  constructor(
    code: MediaErrorCode,
    message: string,
    options: { fatal: boolean; cause?: unknown; refusal?: { status: number; body: unknown } },
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.fatal = options.fatal;
    this.refusal = options.refusal ?? null;
  }
}
