import * as v from 'valibot';
import { PhoneNumber } from './phone-number.ts';

/** A caller's display name as the carrier gave it: plain text, never markup. */
export const CallerName = v.pipe(
  v.string(),
  v.trim(),
  v.maxLength(64, 'a caller name is at most 64 characters'),
);

/** `voicemail.new`: a message was left in a mailbox this device follows. */
export const VoicemailNew = v.strictObject({
  messageId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  /** The mailbox's phone number (digits). */
  mailbox: PhoneNumber,
  /** Who the mailbox belongs to, for "… for Mary" on shared displays. */
  mailboxOwner: v.pipe(v.string(), v.maxLength(64)),
  callerName: CallerName,
  /** Empty when the caller withheld their number. */
  callerNumber: v.union([v.literal(''), PhoneNumber]),
  receivedAt: v.pipe(v.string(), v.isoTimestamp()),
  durationSec: v.pipe(v.number(), v.minValue(0), v.maxValue(24 * 3600)),
  /** The carrier's transcript when it made one: plain text for captions, never markup. */
  transcript: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(4000)))),
  /**
   * How much this display may show of who called (its privacy setting): "number-only" arrives without the name,
   * "private" without name, number or transcript ("New voicemail for Mary"). Absent: everything.
   */
  show: v.optional(v.picklist(['name-and-number', 'number-only', 'private'])),
});
export type VoicemailNew = v.InferOutput<typeof VoicemailNew>;

export const VoicemailState = v.picklist(['heard', 'later', 'deleted']);
export type VoicemailState = v.InferOutput<typeof VoicemailState>;

/** `voicemail.updated`: a device acted on a message; every device that was told of it hears the result. */
export const VoicemailUpdated = v.strictObject({
  messageId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  mailbox: PhoneNumber,
  state: VoicemailState,
  /** The device that acted, so it can tell its own action from another display's. */
  byDeviceId: v.string(),
  /** That device's name ("Living-room TV"), so other displays can say where it happened. */
  byDeviceName: v.optional(v.pipe(v.string(), v.maxLength(64))),
  callerName: CallerName,
});
export type VoicemailUpdated = v.InferOutput<typeof VoicemailUpdated>;

/** `consent.requested`: someone asks to link this phone's line to their joint account; the holder answers. */
export const ConsentRequested = v.strictObject({
  consentId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  requesterName: v.pipe(v.string(), v.maxLength(64)),
  purpose: v.pipe(v.string(), v.maxLength(200)),
});
export type ConsentRequested = v.InferOutput<typeof ConsentRequested>;

/**
 * `routing.changed`: the household's rules changed what this device receives. A display that no longer follows
 * a mailbox stops offering its messages.
 */
export const RoutingChanged = v.strictObject({
  follows: v.array(
    v.strictObject({
      /** The phone's number (digits) and its owner's name. */
      phoneNumber: PhoneNumber,
      ownerName: v.pipe(v.string(), v.maxLength(64)),
      contentTypes: v.array(v.picklist(['voicemail', 'callerid', 'sms'])),
    }),
  ),
});
export type RoutingChanged = v.InferOutput<typeof RoutingChanged>;

/** The mailboxes whose voicemail a routing change still sends to the device. */
export function followedMailboxes(routing: RoutingChanged): Set<string> {
  return new Set(
    routing.follows.filter((f) => f.contentTypes.includes('voicemail')).map((f) => f.phoneNumber),
  );
}

/**
 * `callerid.incoming`: a household line is ringing ("Jane 505-555-1313 is calling Mary"). Shaped by the display's
 * privacy like `voicemail.new`: "number-only" arrives without the name, "private" without name or number.
 */
export const CallerIdIncoming = v.strictObject({
  callId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  /** The line being called (digits), and its owner's name. */
  line: PhoneNumber,
  lineOwner: v.pipe(v.string(), v.maxLength(64)),
  callerName: CallerName,
  callerNumber: v.union([v.literal(''), PhoneNumber]),
  at: v.pipe(v.string(), v.isoTimestamp()),
  show: v.optional(v.picklist(['name-and-number', 'number-only', 'private'])),
});
export type CallerIdIncoming = v.InferOutput<typeof CallerIdIncoming>;

/** `callerid.ended`: it stopped ringing (answered, hung up, or gone to voicemail); the display takes it down. */
export const CallerIdEnded = v.strictObject({
  callId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  reason: v.picklist(['answered', 'hung-up', 'voicemail']),
});
export type CallerIdEnded = v.InferOutput<typeof CallerIdEnded>;

/**
 * `voicemail.summary`: the programme the viewer asked quiet for has ended; what waited comes as one summary
 * ("While you watched The Evening News: 2 voicemails from Jane and Simon"). The messages go to the inbox.
 */
export const VoicemailSummary = v.strictObject({
  programmeTitle: v.pipe(v.string(), v.maxLength(120)),
  /** How many voicemails waited. */
  count: v.pipe(v.number(), v.integer(), v.minValue(1)),
  /**
   * The newest of them (at most 10, without transcripts, so the frame stays small) for the inbox at once; a
   * display told of more fetches its list.
   */
  messages: v.pipe(v.array(VoicemailNew), v.maxLength(10)),
});
export type VoicemailSummary = v.InferOutput<typeof VoicemailSummary>;

/** `capability.requested`: a device of the household asks this proxy to let it use its SMS. */
export const CapabilityRequested = v.strictObject({
  profileId: v.pipe(v.string(), v.maxLength(64)),
  name: v.pipe(v.string(), v.maxLength(64)),
  capability: v.literal('sms'),
});

/** `profiles.changed`: a proxy changed what it lets this device use; read the profiles again. */
export const ProfilesChanged = v.strictObject({});

/** `sms.send-request`: to the proxy — send this payload as SMS to the recipient, for this device. */
export const SmsSendRequest = v.strictObject({
  textId: v.pipe(v.string(), v.maxLength(64)),
  fromProfileId: v.pipe(v.string(), v.maxLength(64)),
  fromName: v.pipe(v.string(), v.maxLength(64)),
  recipient: PhoneNumber,
  payload: v.pipe(v.string(), v.maxLength(1600)),
  sendAsSms: v.literal(true),
});

/**
 * `text.updated`: a text of the household and where it is now — the sender's status, everyone else's copy. A copy
 * is shaped by the display's privacy like `text.incoming`: "private" arrives without recipient or words.
 */
export const TextUpdated = v.strictObject({
  textId: v.pipe(v.string(), v.maxLength(64)),
  clientId: v.pipe(v.string(), v.maxLength(64)),
  fromName: v.pipe(v.string(), v.maxLength(64)),
  recipient: v.union([v.literal(''), PhoneNumber]),
  payload: v.pipe(v.string(), v.maxLength(1600)),
  status: v.picklist(['queued', 'sent-to-phone', 'sent', 'delivered', 'failed', 'unauthorized']),
  reason: v.nullable(v.pipe(v.string(), v.maxLength(200))),
});

/**
 * `text.incoming`: a text arrived on a household phone ("Text from Jane: …"). Shaped by the display's privacy:
 * "private" arrives without sender or text ("New text for Mary").
 */
export const TextIncoming = v.strictObject({
  smsId: v.pipe(v.string(), v.maxLength(64)),
  /** The phone's number it came to, and its owner. */
  line: PhoneNumber,
  lineOwner: v.pipe(v.string(), v.maxLength(64)),
  from: v.union([v.literal(''), PhoneNumber]),
  text: v.pipe(v.string(), v.maxLength(1600)),
  receivedAt: v.pipe(v.string(), v.isoTimestamp()),
  show: v.optional(v.picklist(['name-and-number', 'number-only', 'private'])),
});

/**
 * Every server → device event by name. The push gateway and the clients derive their types from this map,
 * so adding an event is adding one line here.
 */
export const EventSchemas = {
  'voicemail.new': VoicemailNew,
  'voicemail.updated': VoicemailUpdated,
  'consent.requested': ConsentRequested,
  'routing.changed': RoutingChanged,
  'callerid.incoming': CallerIdIncoming,
  'callerid.ended': CallerIdEnded,
  'voicemail.summary': VoicemailSummary,
  'capability.requested': CapabilityRequested,
  'profiles.changed': ProfilesChanged,
  'sms.send-request': SmsSendRequest,
  'text.updated': TextUpdated,
  'text.incoming': TextIncoming,
} as const;

export type EventName = keyof typeof EventSchemas;
export type EventData<N extends EventName> = v.InferOutput<(typeof EventSchemas)[N]>;
