import * as v from 'valibot';
import { CallerName } from './events.ts';
import { PhoneNumber } from './phone-number.ts';

/** REST bodies of voicemail actions: the carrier simulator's API and our proxy's device API. */

/** A PIN as typed: 4 to 10 digits. Whether it is a good PIN is the carrier's call (PIN_REJECTED). */
export const Pin = v.pipe(v.string(), v.regex(/^\d{4,10}$/, 'a PIN is 4 to 10 digits'));

export const Folder = v.picklist(['new', 'saved', 'deleted']);
export type Folder = v.InferOutput<typeof Folder>;

/** Audio formats voicemail arrives in. */
export const AudioFormat = v.picklist(['amr-nb', 'amr-wb', 'qcelp', 'wav', 'gsm']);
export type AudioFormat = v.InferOutput<typeof AudioFormat>;

export const VoicemailMessage = v.strictObject({
  id: v.string(),
  mailbox: PhoneNumber,
  mailboxOwner: v.string(),
  callerName: CallerName,
  callerNumber: v.union([v.literal(''), PhoneNumber]),
  receivedAt: v.pipe(v.string(), v.isoTimestamp()),
  durationSec: v.number(),
  format: AudioFormat,
  folder: Folder,
  /** The carrier's transcript, when it made one. */
  transcript: v.nullable(v.string()),
});
export type VoicemailMessage = v.InferOutput<typeof VoicemailMessage>;

export const VoicemailList = v.strictObject({ messages: v.array(VoicemailMessage) });
export type VoicemailList = v.InferOutput<typeof VoicemailList>;

/** Carrier: open a mailbox session with the PIN. */
export const MailboxSessionRequest = v.strictObject({ pin: Pin });
export const MailboxSessionResponse = v.strictObject({
  session: v.string(),
  expiresAt: v.pipe(v.string(), v.isoTimestamp()),
});
export type MailboxSessionResponse = v.InferOutput<typeof MailboxSessionResponse>;

/** Carrier: the mailbox owner chooses a PIN. */
export const SetPinRequest = v.strictObject({ pin: Pin });

/** Carrier: move a message between folders. */
export const MoveRequest = v.strictObject({ folder: v.picklist(['new', 'saved']) });

/**
 * A playback session's id when the device chooses it: 24 random bytes in base64url. Knowing it releases the
 * audio, as the id the server makes does, so it must be as hard to guess.
 */
export const PlaybackSessionId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{32}$/));

/** Where a playback session's audio is: the same for an id the server made and one the device chose. */
export const playbackAudioPath = (sessionId: string) => `/api/voicemail/playback/${sessionId}/audio`;

/** Ours: a device unlocks one message with the mailbox PIN, for listening and deleting. */
export const UnlockRequest = v.strictObject({
  pin: Pin,
  /** Why: to listen (the default; the server starts transcoding at once) or to delete (it need not). */
  intent: v.optional(v.picklist(['listen', 'delete'])),
  /**
   * The session's id, chosen by the device so that it can ask for the audio while the PIN is still being
   * checked: that request, with the device's token, waits for this unlock and streams as soon as it succeeds.
   * Refused if in use. Without it the server makes one.
   */
  sessionId: v.optional(PlaybackSessionId),
});
export const UnlockResponse = v.strictObject({
  /** The playback session: bound to this device and this message, short-lived. */
  sessionId: v.string(),
  /** Where the TV's player fetches the audio (AAC in MP4), streamed while it is transcoded. */
  audioUrl: v.string(),
  expiresAt: v.pipe(v.string(), v.isoTimestamp()),
});
export type UnlockResponse = v.InferOutput<typeof UnlockResponse>;

/** Ours: an action that needs the unlocked session (mark heard, delete). */
export const SessionActionRequest = v.strictObject({
  sessionId: v.pipe(v.string(), v.minLength(16), v.maxLength(128)),
});

export const ActionResponse = v.strictObject({
  messageId: v.string(),
  state: v.picklist(['heard', 'later', 'deleted']),
});
export type ActionResponse = v.InferOutput<typeof ActionResponse>;
