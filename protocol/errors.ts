/**
 * Stable error codes, shared by every edge (channel frames and REST bodies).
 * Codes never change meaning once shipped; messages may be reworded.
 *
 * @example
 * ```ts
 * if (body.error.code === ErrorCode.AuthInvalidToken) reauthenticate();
 * ```
 */
export const ErrorCode = {
  /** A frame or body was not JSON, or did not match its schema. */
  ProtocolMalformed: 'PROTOCOL_MALFORMED',
  /** A frame or body was larger than the edge accepts. */
  ProtocolTooLarge: 'PROTOCOL_TOO_LARGE',
  /** The first frame on a channel must be `hello`. */
  AuthRequired: 'AUTH_REQUIRED',
  /** The device token is unknown or revoked. */
  AuthInvalidToken: 'AUTH_INVALID_TOKEN',
  /** No `hello` arrived in time. */
  AuthTimeout: 'AUTH_TIMEOUT',
  /** Another connection of the same device took over. */
  PushReplaced: 'PUSH_REPLACED',
  /** The acknowledged sequence number was never sent to this device. */
  PushUnknownSeq: 'PUSH_UNKNOWN_SEQ',
  NotFound: 'NOT_FOUND',
  MailboxNotFound: 'MAILBOX_NOT_FOUND',
  DeviceNotFound: 'DEVICE_NOT_FOUND',
  /** The audio could not be read as the format it claims to be. */
  AudioInvalid: 'AUDIO_INVALID',
  /** Turning text into speech or converting audio failed on the server. */
  AudioConversionFailed: 'AUDIO_CONVERSION_FAILED',
  /** A webhook arrived without a valid signature. */
  WebhookBadSignature: 'WEBHOOK_BAD_SIGNATURE',
  /** The demo-only routes are off (the server was not started in demo mode). */
  DemoDisabled: 'DEMO_DISABLED',
  Internal: 'INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The one error body every REST route answers with. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; issues?: string[] };
}
