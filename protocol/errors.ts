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
  /** A webhook's signature does not match its id, timestamp and body under the shared secret. */
  WebhookBadSignature: 'WEBHOOK_BAD_SIGNATURE',
  /** A webhook without its `webhook-id`, `webhook-timestamp` or `webhook-signature` header, or with one malformed. */
  WebhookHeadersInvalid: 'WEBHOOK_HEADERS_INVALID',
  /** A signed webhook whose `webhook-timestamp` is more than 5 minutes from our clock, either way. */
  WebhookStale: 'WEBHOOK_STALE',
  /** A signed webhook whose `webhook-id` was accepted before, while its timestamp is still fresh: a replay. */
  WebhookReplayed: 'WEBHOOK_REPLAYED',
  /** A device request without a valid `Authorization: Bearer <device token>`. */
  AuthInvalidDevice: 'AUTH_INVALID_DEVICE',
  /** The device may not act on this message (it does not follow the mailbox). */
  Forbidden: 'FORBIDDEN',
  /** Wrong PIN; `details.attemptsLeft` says how many before the mailbox locks. */
  PinWrong: 'PIN_WRONG',
  /** Too many wrong PINs; `details.retryAfterSec` says when the next try is allowed. */
  PinLocked: 'PIN_LOCKED',
  /** The mailbox has no PIN yet: its owner must choose one first. */
  PinNotSet: 'PIN_NOT_SET',
  /** A PIN that is not 4–10 digits, or too easy to guess (0000, 1234, the phone number's end). */
  PinRejected: 'PIN_REJECTED',
  /** The playback session is unknown, expired, or belongs to another device or message. */
  SessionInvalid: 'SESSION_INVALID',
  MessageNotFound: 'MESSAGE_NOT_FOUND',
  /** The message's audio cannot be played; `details.reason` is corrupt, truncated or unsupported. */
  AudioUnplayable: 'AUDIO_UNPLAYABLE',
  /** The carrier's voicemail server did not answer. */
  CarrierUnavailable: 'CARRIER_UNAVAILABLE',
  /** The backend could not start its transcoder (ffmpeg) for this listen: nothing is wrong with the message; try
   * again later. */
  TranscoderUnavailable: 'TRANSCODER_UNAVAILABLE',
  /** A wrong user name or password at a carrier directory or a joint account; `details.attemptsLeft` may say more. */
  LoginFailed: 'LOGIN_FAILED',
  /** Too many wrong passwords for this account; `details.retryAfterSec` says when to try again. */
  LoginLocked: 'LOGIN_LOCKED',
  /** A provisioning or joint-account session that is unknown or expired: log in again. */
  AccountSessionInvalid: 'ACCOUNT_SESSION_INVALID',
  /** A provisioning step sent before the step it depends on (`details.step` says which is expected). */
  ProvisioningOutOfOrder: 'PROVISIONING_OUT_OF_ORDER',
  /** The account or line is already linked: the same account twice, or already in a joint account. */
  AccountAlreadyLinked: 'ACCOUNT_ALREADY_LINKED',
  /** A joint account's last linked account cannot be unlinked: it would join nothing. */
  LastLinkedAccount: 'LAST_LINKED_ACCOUNT',
  /** No account of this carrier has that phone line. */
  LineNotFound: 'LINE_NOT_FOUND',
  /** The line's holder has not answered yet, or refused (`details.reason`). */
  ConsentMissing: 'CONSENT_MISSING',
  ConsentNotFound: 'CONSENT_NOT_FOUND',
  /** A relationship or setting names a device that is not on the linked accounts, or is of the wrong kind. */
  DeviceNotOwned: 'DEVICE_NOT_OWNED',
  /** A carrier's account directory did not answer. */
  DirectoryUnavailable: 'DIRECTORY_UNAVAILABLE',
  /** "Quiet for this programme" on a display whose programme is not known (no channel reported, no guide entry). */
  NoProgramme: 'NO_PROGRAMME',
  /**
   * A device sent more texts through a phone than the limits allow (10 an hour, 50 a day);
   * `details.retryAfterSec` says when the next one may go.
   */
  TextRateLimited: 'TEXT_RATE_LIMITED',
  /** Enrollment by code: nobody has approved the code yet; poll again after the interval. */
  EnrollPending: 'AUTHORIZATION_PENDING',
  /** Enrollment by code: polled too often; `details.retryAfterSec` is the new interval. */
  EnrollSlowDown: 'SLOW_DOWN',
  /** Enrollment by code: the code's 10 minutes are over (or it was used); ask for a new one. */
  EnrollExpired: 'EXPIRED_TOKEN',
  /** Enrollment by code: the household said no. */
  EnrollDenied: 'ACCESS_DENIED',
  /** A code typed to approve a device is wrong, used or expired; `details.attemptsLeft` may say more. */
  EnrollCodeUnknown: 'ENROLL_CODE_UNKNOWN',
  /** Too many codes guessed (or asked for) from here, or overall; `details.retryAfterSec` says when to try again. */
  EnrollGuessLimited: 'ENROLL_GUESS_LIMITED',
  /** A box's signed identity is missing, forged, expired, replayed or from another operator. */
  EnrollIdentityInvalid: 'ENROLL_IDENTITY_INVALID',
  /** The box or line is on no account of a joint account: a household must link it first. */
  EnrollNotInHousehold: 'ENROLL_NOT_IN_HOUSEHOLD',
  /** An operator route without the operator key. */
  OperatorKeyInvalid: 'OPERATOR_KEY_INVALID',
  /** The device was removed from its household: its token no longer works (close code 4403 on the channel). */
  AuthRevoked: 'AUTH_REVOKED',
  /** The demo-only routes are off (the server was not started in demo mode). */
  DemoDisabled: 'DEMO_DISABLED',
  /** The backend's database cannot be reached (stopped, restarting, out of connections): nothing was done; try
   * again after `Retry-After`. A carrier's webhook retried then is processed once. */
  StoreUnavailable: 'STORE_UNAVAILABLE',
  Internal: 'INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Machine-readable facts some errors carry, so clients can say "3 tries left" or "try again in 14 minutes". */
export interface ErrorDetails {
  attemptsLeft?: number;
  retryAfterSec?: number;
  reason?: 'corrupt' | 'truncated' | 'unsupported' | 'pending' | 'refused' | 'expired';
  /** Where in the body the problem is ("config.relationships.0.windows.1"), so a form can mark that field. */
  field?: string;
  /** The provisioning step the service expects next. */
  step?: string;
}

/** The one error body every REST route answers with. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: ErrorDetails };
}
