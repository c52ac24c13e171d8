import * as v from 'valibot';
import { CallerName } from './events.ts';
import { PhoneNumber } from './phone-number.ts';
import { AudioFormat } from './voicemail.ts';

/** REST bodies. Every route validates with these and answers errors with {@link ErrorBody}. */

/** The largest upload the voicemail-server simulator takes (base64 inflates it by a third on the wire). */
export const MAX_AUDIO_BYTES = 2 * 1024 * 1024;

/**
 * A caller leaves a voicemail (voicemail-server simulator, `POST /mailboxes/:mailbox/messages`).
 * Exactly one of `say` (text spoken with espeak-ng, recorded as AMR-NB) or `audio` (a file in one of the
 * voicemail formats, base64, kept as it is unless `encode: 'amr-nb'` asks the carrier to record it as a phone would).
 */
export const DepositRequest = v.pipe(
  v.strictObject({
    callerName: CallerName,
    callerNumber: v.union([v.literal(''), PhoneNumber]),
    say: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(2000))),
    audio: v.optional(
      v.strictObject({
        format: AudioFormat,
        base64: v.pipe(v.string(), v.maxLength(Math.ceil((MAX_AUDIO_BYTES * 4) / 3) + 4), v.base64()),
        encode: v.optional(v.literal('amr-nb')),
      }),
    ),
    /** Optional transcript the carrier attaches: the inbox previews it, the player shows it as captions. */
    transcript: v.optional(v.pipe(v.string(), v.maxLength(4000))),
    /**
     * Simulator only, fault injection: the recording is stored cut off mid-frame, as a deposit broken in transit
     * would be. The listing keeps the intact duration; playing it must fail with a clear reason.
     */
    damage: v.optional(v.literal('truncate')),
  }),
  v.check(
    (body) => (body.say === undefined) !== (body.audio === undefined),
    'give exactly one of "say" or "audio"',
  ),
);
export type DepositRequest = v.InferOutput<typeof DepositRequest>;

export const DepositResponse = v.strictObject({
  messageId: v.string(),
  mailbox: v.string(),
  durationSec: v.number(),
  format: v.string(),
  /** Whether the carrier's notification reached the voicemail proxy. */
  proxyNotified: v.boolean(),
});
export type DepositResponse = v.InferOutput<typeof DepositResponse>;

/** The voicemail server's webhook to our proxy (`POST /hooks/voicemail`), signed (see {@link WEBHOOK_HEADERS}). */
export const VoicemailDepositedHook = v.strictObject({
  type: v.literal('message.deposited'),
  messageId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  mailbox: PhoneNumber,
  callerName: CallerName,
  callerNumber: v.union([v.literal(''), PhoneNumber]),
  receivedAt: v.pipe(v.string(), v.isoTimestamp()),
  durationSec: v.pipe(v.number(), v.minValue(0)),
  format: v.string(),
  transcript: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(4000)))),
});
export type VoicemailDepositedHook = v.InferOutput<typeof VoicemailDepositedHook>;

/** The phone network rings a line: caller ID may go to the household's displays. */
export const CallRingingHook = v.strictObject({
  type: v.literal('call.ringing'),
  callId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  /** The line being called (digits). */
  line: PhoneNumber,
  callerName: CallerName,
  callerNumber: v.union([v.literal(''), PhoneNumber]),
  at: v.pipe(v.string(), v.isoTimestamp()),
});
export type CallRingingHook = v.InferOutput<typeof CallRingingHook>;

/** Why a call stopped ringing. */
export const CallEndReason = v.picklist(['answered', 'hung-up', 'voicemail']);
export type CallEndReason = v.InferOutput<typeof CallEndReason>;

export const CallEndedHook = v.strictObject({
  type: v.literal('call.ended'),
  callId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  line: PhoneNumber,
  reason: CallEndReason,
  at: v.pipe(v.string(), v.isoTimestamp()),
});
export type CallEndedHook = v.InferOutput<typeof CallEndedHook>;

/** Everything the carrier's voice platform tells our proxy, on the one signed webhook (`POST /hooks/voicemail`). */
export const CarrierHook = v.variant('type', [VoicemailDepositedHook, CallRingingHook, CallEndedHook]);
export type CarrierHook = v.InferOutput<typeof CarrierHook>;

/** The simulator's phone network: a caller rings a line (`POST /calls`), then it stops (`POST /calls/:id/end`). */
export const PlaceCallRequest = v.strictObject({
  to: PhoneNumber,
  callerName: CallerName,
  callerNumber: v.union([v.literal(''), PhoneNumber]),
});
export const EndCallRequest = v.strictObject({ reason: CallEndReason });
export const CallPlaced = v.strictObject({ callId: v.string(), proxyNotified: v.boolean() });
export type CallPlaced = v.InferOutput<typeof CallPlaced>;

/**
 * The carrier's webhook is signed the Standard Webhooks way (standardwebhooks.com): `webhook-id` names the message
 * (the same on every retry of it), `webhook-timestamp` is the attempt's time in whole seconds since the epoch, and
 * `webhook-signature` is `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<raw body>">` keyed with the shared secret
 * (`whsec_<base64 of the key>`); several space-separated signatures are allowed while a secret is rotated.
 */
export const WEBHOOK_HEADERS = {
  id: 'webhook-id',
  timestamp: 'webhook-timestamp',
  signature: 'webhook-signature',
} as const;

/**
 * How far a webhook's timestamp may be from the receiver's clock, either way, before it is refused as stale; an id
 * is remembered for as long, so a captured webhook can be replayed neither later nor within the window.
 */
export const WEBHOOK_TOLERANCE_SEC = 5 * 60;

export const HookAccepted = v.strictObject({
  accepted: v.literal(true),
  /** Device ids the alert (or the call's end) was queued for. */
  recipients: v.array(v.string()),
});
export type HookAccepted = v.InferOutput<typeof HookAccepted>;

export const DeviceKind = v.picklist(['phone', 'stb']);
export type DeviceKind = v.InferOutput<typeof DeviceKind>;

export const DeviceSummary = v.strictObject({
  id: v.string(),
  kind: DeviceKind,
  name: v.string(),
  phoneNumber: v.nullable(v.string()),
  room: v.nullable(v.string()),
});
export type DeviceSummary = v.InferOutput<typeof DeviceSummary>;

export const DeviceList = v.strictObject({ devices: v.array(DeviceSummary) });
export type DeviceList = v.InferOutput<typeof DeviceList>;

/** Demo pairing: the emulator asks for a fresh token for one of the demo household's devices. */
export const PairRequest = v.strictObject({ deviceId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)) });
export const PairResponse = v.strictObject({
  deviceId: v.string(),
  token: v.string(),
  /**
   * Phones only: the SIM for its line on the SMS network (where to send, and the key), as a phone has one in it.
   * Each pairing issues a new key, as moving a SIM to a new handset would.
   */
  sim: v.optional(v.strictObject({ networkUrl: v.string(), key: v.string() })),
});
export type PairResponse = v.InferOutput<typeof PairResponse>;

/** Demo: the programme guide's channels with what is on now, for the emulator's channel picker. */
export const DemoGuide = v.strictObject({
  channels: v.array(
    v.strictObject({
      id: v.string(),
      name: v.string(),
      now: v.nullable(v.strictObject({ title: v.string(), start: v.string(), end: v.string() })),
    }),
  ),
});
export type DemoGuide = v.InferOutput<typeof DemoGuide>;
