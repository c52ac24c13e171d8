import * as v from 'valibot';
import { PhoneNumber } from './phone-number.ts';

/**
 * A household's routing rules: which phone's voicemail, caller ID and texts reach which set-top box, when, and
 * how much a shared display shows. The setup page sends it, provisioning stores it, and the policy engine
 * (server/policy/) decides every delivery from it. Validation here rejects what cannot be meant: an empty or
 * overlapping window, an unknown time zone, a suspension that ends before it starts, a malformed number.
 */

export const ContentType = v.picklist(['voicemail', 'callerid', 'sms']);
export type ContentType = v.InferOutput<typeof ContentType>;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export const Weekday = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(7));

/** "HH:MM" on the household's wall clock; "24:00" ends a window at midnight. */
export const WallTime = v.pipe(
  v.string(),
  v.regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time is HH:MM, 00:00 to 24:00'),
);

export function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return h! * 60 + m!;
}

/** "Monday to Friday, 9:00–20:00": deliveries only then. Start before end, on the same day. */
export const TimeWindow = v.pipe(
  v.strictObject({
    days: v.pipe(v.array(Weekday), v.minLength(1, 'a window needs at least one day')),
    start: WallTime,
    end: WallTime,
  }),
  v.check((w) => minutesOf(w.start) < minutesOf(w.end), 'a window must end after it starts'),
);
export type TimeWindow = v.InferOutput<typeof TimeWindow>;

const IsoDate = v.pipe(v.string(), v.isoDate('a date is YYYY-MM-DD'));

/** Nothing during these days (inclusive, household time), or nothing during this programme on this channel. */
export const Suspension = v.variant('kind', [
  v.pipe(
    v.strictObject({ kind: v.literal('dates'), from: IsoDate, to: IsoDate, label: v.optional(v.string()) }),
    v.check((s) => s.from <= s.to, 'a suspension must end on or after the day it starts'),
  ),
  v.strictObject({
    kind: v.literal('programme'),
    channel: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(32)),
    title: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(120)),
  }),
]);
export type Suspension = v.InferOutput<typeof Suspension>;

/** One phone's content to one set-top box. */
export const Relationship = v.pipe(
  v.strictObject({
    id: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
    /** The phone whose voicemail, calls and texts these are. */
    sourceDeviceId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
    /** The set-top box they go to. */
    targetDeviceId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
    contentTypes: v.pipe(v.array(ContentType), v.minLength(1, 'choose at least one kind of content')),
    /** Empty: at any time. */
    windows: v.array(TimeWindow),
    suspensions: v.array(Suspension),
    /** Callers who never reach this display. */
    blockedCallers: v.array(PhoneNumber),
    /** When set, only these callers reach this display. */
    allowOnlyCallers: v.nullable(v.array(PhoneNumber)),
    /** Stopped relationships stay listed (to restart them) but deliver nothing. */
    stopped: v.boolean(),
  }),
  v.check((r) => !overlaps(r.windows), 'two windows of this relationship overlap'),
);
export type Relationship = v.InferOutput<typeof Relationship>;

/** A rule with nothing narrowing it: `contentTypes` from one phone to one set-top box, at any time, any caller. */
export function openRelationship(
  id: string,
  sourceDeviceId: string,
  targetDeviceId: string,
  contentTypes: Relationship['contentTypes'] = ['voicemail'],
): Relationship {
  return {
    id,
    sourceDeviceId,
    targetDeviceId,
    contentTypes,
    windows: [],
    suspensions: [],
    blockedCallers: [],
    allowOnlyCallers: null,
    stopped: false,
  };
}

/** How much a shared display shows of who called. */
export const PrivacyLevel = v.picklist(['name-and-number', 'number-only', 'private']);
export type PrivacyLevel = v.InferOutput<typeof PrivacyLevel>;

export const DisplayPrivacy = v.strictObject({
  level: PrivacyLevel,
  /** Callers always shown as just "New voicemail" on this display. */
  privateCallers: v.array(PhoneNumber),
});
export type DisplayPrivacy = v.InferOutput<typeof DisplayPrivacy>;

export const TimeZone = v.pipe(
  v.string(),
  v.check((zone) => isTimeZone(zone), 'an unknown time zone (use an IANA name such as America/Denver)'),
);

export const PolicyConfig = v.strictObject({
  /** The household's time zone: windows and date suspensions are on its wall clock. */
  timeZone: TimeZone,
  /** Caller ID on TV is off until the account holder turns it on. */
  callerIdOnTv: v.boolean(),
  relationships: v.array(Relationship),
  /** By set-top box id; a display not listed shows name and number. */
  privacy: v.record(v.string(), DisplayPrivacy),
});
export type PolicyConfig = v.InferOutput<typeof PolicyConfig>;

function overlaps(windows: readonly TimeWindow[]): boolean {
  for (let i = 0; i < windows.length; i++) {
    for (let j = i + 1; j < windows.length; j++) {
      const a = windows[i]!;
      const b = windows[j]!;
      const sameDay = a.days.some((d) => b.days.includes(d));
      if (sameDay && minutesOf(a.start) < minutesOf(b.end) && minutesOf(b.start) < minutesOf(a.end))
        return true;
    }
  }
  return false;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}
