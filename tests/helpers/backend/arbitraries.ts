import fc from 'fast-check';
import * as v from 'valibot';
import {
  ErrorCode,
  PROTOCOL_VERSION,
  Relationship,
  type ClientFrame,
  type ContentType,
  type DisplayPrivacy,
  type EventData,
  type EventName,
  type PolicyConfig,
  type PrivacyLevel,
  type ServerFrame,
  type Suspension,
  type TimeWindow,
} from '../../../protocol/index.ts';

/**
 * fast-check arbitraries for what the protocol carries, each producing only values its schema accepts in the form
 * its parse gives back (digits-only phone numbers, trimmed names), so serialising one and parsing it must return it
 * unchanged. The property tests (`*.property.test.ts`) build on them.
 */

/**
 * A string of at most `maxLength` UTF-16 units (what the schemas' `maxLength` counts): plain ASCII, or any code
 * point at all — astral ones, lone surrogates, control characters.
 */
export function text(maxLength: number, minLength = 0): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: 'grapheme-ascii', minLength, maxLength }),
    // Any code point (astral ones take two units).
    fc.string({ unit: 'binary', minLength, maxLength: Math.floor(maxLength / 2) }),
    // ASCII with lone surrogates among it (JSON escapes them; UTF-8 cannot carry them).
    fc.string({
      unit: fc.oneof(
        fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit)),
        fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }),
      ),
      minLength,
      maxLength,
    }),
  );
}

/** A number's digits, as the protocol carries them: 7–15 digits, an 11-digit one never with the NANP leading 1. */
export const phoneNumber: fc.Arbitrary<string> = fc
  .string({ unit: fc.constantFrom(...'0123456789'), minLength: 7, maxLength: 15 })
  .filter((digits) => !(digits.length === 11 && digits.startsWith('1')));

/** A caller's number, or '' when they withheld it. */
export const callerNumber = fc.oneof(fc.constant(''), phoneNumber);

/** A caller's name as the schema keeps it: trimmed, at most 64 characters. */
export const callerName = text(64).map((name) => name.trim());

/** An instant as the protocol writes it (`toISOString`), any millisecond from 1970 to 2999. */
export const isoTimestamp = fc
  .date({
    min: new Date('1970-01-01T00:00:00.000Z'),
    max: new Date('2999-12-31T23:59:59.999Z'),
    noInvalidDate: true,
  })
  .map((date) => date.toISOString());

/** A finite number other than -0 (which JSON writes as 0). */
export const finiteNumber = fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => n + 0);

export const privacyLevel = fc.constantFrom<PrivacyLevel>('name-and-number', 'number-only', 'private');
export const contentType = fc.constantFrom<ContentType>('voicemail', 'callerid', 'sms');
const seq = fc.maxSafeNat();

const voicemailNew: fc.Arbitrary<EventData<'voicemail.new'>> = fc.record(
  {
    messageId: text(64, 1),
    mailbox: phoneNumber,
    mailboxOwner: text(64),
    callerName,
    callerNumber,
    receivedAt: isoTimestamp,
    durationSec: fc.double({ min: 0, max: 24 * 3600, noNaN: true }).map((n) => n + 0),
    transcript: fc.option(text(4000), { nil: null }),
    show: privacyLevel,
  },
  {
    noNullPrototype: true,
    requiredKeys: [
      'messageId',
      'mailbox',
      'mailboxOwner',
      'callerName',
      'callerNumber',
      'receivedAt',
      'durationSec',
    ],
  },
);

/** Every event's data, by name: the compiler insists a new event gets its arbitrary here. */
export const eventData: { [N in EventName]: fc.Arbitrary<EventData<N>> } = {
  'voicemail.new': voicemailNew,
  'voicemail.updated': fc.record(
    {
      messageId: text(64, 1),
      mailbox: phoneNumber,
      state: fc.constantFrom('heard', 'later', 'deleted'),
      byDeviceId: text(64),
      byDeviceName: text(64),
      callerName,
    },
    { noNullPrototype: true, requiredKeys: ['messageId', 'mailbox', 'state', 'byDeviceId', 'callerName'] },
  ),
  'consent.requested': fc.record(
    { consentId: text(64, 1), requesterName: text(64), purpose: text(200) },
    { noNullPrototype: true },
  ),
  'routing.changed': fc.record(
    {
      follows: fc.array(
        fc.record(
          {
            phoneNumber,
            ownerName: text(64),
            contentTypes: fc.array(contentType, { maxLength: 4 }),
          },
          { noNullPrototype: true },
        ),
        { maxLength: 4 },
      ),
    },
    { noNullPrototype: true },
  ),
  'callerid.incoming': fc.record(
    {
      callId: text(64, 1),
      line: phoneNumber,
      lineOwner: text(64),
      callerName,
      callerNumber,
      at: isoTimestamp,
      show: privacyLevel,
    },
    {
      noNullPrototype: true,
      requiredKeys: ['callId', 'line', 'lineOwner', 'callerName', 'callerNumber', 'at'],
    },
  ),
  'callerid.ended': fc.record(
    {
      callId: text(64, 1),
      reason: fc.constantFrom('answered', 'hung-up', 'voicemail'),
    },
    { noNullPrototype: true },
  ),
  'voicemail.summary': fc.record(
    {
      programmeTitle: text(120),
      count: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      messages: fc.array(voicemailNew, { maxLength: 10 }),
    },
    { noNullPrototype: true },
  ),
  'capability.requested': fc.record(
    { profileId: text(64), name: text(64), capability: fc.constant('sms') },
    { noNullPrototype: true },
  ),
  'profiles.changed': fc.constant({}),
  'sms.send-request': fc.record(
    {
      textId: text(64),
      fromProfileId: text(64),
      fromName: text(64),
      recipient: phoneNumber,
      payload: text(1600),
      sendAsSms: fc.constant(true),
    },
    { noNullPrototype: true },
  ),
  'text.updated': fc.record(
    {
      textId: text(64),
      clientId: text(64),
      fromName: text(64),
      recipient: callerNumber,
      payload: text(1600),
      status: fc.constantFrom('queued', 'sent-to-phone', 'sent', 'delivered', 'failed', 'unauthorized'),
      reason: fc.option(text(200), { nil: null }),
    },
    { noNullPrototype: true },
  ),
  'text.incoming': fc.record(
    {
      smsId: text(64),
      line: phoneNumber,
      lineOwner: text(64),
      from: callerNumber,
      text: text(1600),
      receivedAt: isoTimestamp,
      show: privacyLevel,
    },
    { noNullPrototype: true, requiredKeys: ['smsId', 'line', 'lineOwner', 'from', 'text', 'receivedAt'] },
  ),
};

const eventNames = Object.keys(eventData) as EventName[];

/** What a device sends: `hello`, `ack`, `ping`. */
export const clientFrame: fc.Arbitrary<ClientFrame> = fc.oneof(
  fc.record(
    {
      type: fc.constant('hello' as const),
      v: fc.constant(PROTOCOL_VERSION),
      token: text(256, 16),
      epoch: text(64),
      lastSeq: seq,
    },
    { noNullPrototype: true, requiredKeys: ['type', 'v', 'token', 'lastSeq'] },
  ),
  fc.record({ type: fc.constant('ack' as const), seq }, { noNullPrototype: true }),
  fc.record({ type: fc.constant('ping' as const), t: finiteNumber }, { noNullPrototype: true }),
);

/** What the gateway sends: `welcome`, `event` (every event name), `pong`, `error`. */
export const serverFrame: fc.Arbitrary<ServerFrame> = fc.oneof(
  fc.record(
    {
      type: fc.constant('welcome' as const),
      deviceId: text(64),
      epoch: text(64),
      heartbeatMs: finiteNumber,
      serverTime: isoTimestamp,
    },
    { noNullPrototype: true },
  ),
  fc.constantFrom(...eventNames).chain(
    (name) =>
      fc.record(
        {
          type: fc.constant('event' as const),
          seq,
          id: text(128, 1),
          at: isoTimestamp,
          name: fc.constant(name),
          data: eventData[name] as fc.Arbitrary<never>,
        },
        { noNullPrototype: true },
      ) as fc.Arbitrary<ServerFrame>,
  ),
  fc.record({ type: fc.constant('pong' as const), t: finiteNumber }, { noNullPrototype: true }),
  fc.record(
    {
      type: fc.constant('error' as const),
      code: fc.constantFrom(...Object.values(ErrorCode)),
      message: text(200),
    },
    { noNullPrototype: true },
  ),
);

/** Every object and array in a JSON value, the value itself first. */
function containers(value: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (typeof value === 'object' && value !== null) {
    out.push(value as Record<string, unknown>);
    for (const child of Object.values(value)) containers(child, out);
  }
  return out;
}

const change = fc.oneof(
  fc.record(
    { kind: fc.constant('delete' as const), at: fc.nat(), index: fc.nat() },
    { noNullPrototype: true },
  ),
  fc.record(
    {
      kind: fc.constant('set' as const),
      at: fc.nat(),
      index: fc.nat(),
      key: fc.option(fc.constantFrom('__proto__', 'constructor', 'extra', 'type', 'v', 'name'), {
        nil: undefined,
      }),
      value: fc.jsonValue({ maxDepth: 2 }),
    },
    { noNullPrototype: true },
  ),
);

/**
 * A JSON value shaped like `valid` but possibly wrong: up to three changes, each to the value or to an object or array
 * nested in it — a key set to any JSON value (an existing key, an unknown one, `__proto__`), or a key removed.
 */
export function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(valid, fc.array(change, { maxLength: 3 })).map(([value, changes]) => {
    if (typeof value !== 'object' || value === null) return value;
    const copy: unknown = JSON.parse(JSON.stringify(value));
    for (const c of changes) {
      const all = containers(copy);
      const node = all[c.at % all.length]!;
      const keys = Object.keys(node);
      const existing = keys.length > 0 ? keys[c.index % keys.length]! : 'extra';
      if (c.kind === 'delete') delete node[existing];
      else
        Object.defineProperty(node, c.key ?? existing, {
          value: c.value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
    return copy;
  });
}

// ——— A household's routing rules (protocol/policy.ts), around a given instant ———

/** The household the policy properties use: its phones, its set-top boxes, and the callers who ring them. */
export interface Household {
  phones: readonly string[];
  displays: readonly string[];
  /** Callers' numbers (digits). */
  callers: readonly string[];
}

export const CHANNELS = ['KOB 4', 'PBS'] as const;
export const TITLES = ['The Evening News', 'Jeopardy!'] as const;

/** A name as someone typed it: other case, and for `padded` spaces around it (the engine compares trimmed, any case). */
export function spelling(names: readonly string[], padded: boolean): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom(...names),
      fc.constantFrom('as-is', 'upper', 'lower'),
      padded ? fc.constantFrom('', ' ', '  ') : fc.constant(''),
    )
    .map(([name, kase, pad]) => {
      const cased = kase === 'upper' ? name.toUpperCase() : kase === 'lower' ? name.toLowerCase() : name;
      return pad + cased + pad;
    });
}

const wallTime = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

const clocks = new Map<string, Intl.DateTimeFormat>();

/**
 * A household's wall clock at an instant, worked out here on its own (not with the engine's `wallClock`): the date
 * and the time in its zone, and the weekday (1 = Monday) from the date.
 */
export function householdClock(instant: Date, timeZone: string) {
  let clock = clocks.get(timeZone);
  if (!clock) {
    clock = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    });
    clocks.set(timeZone, clock);
  }
  const parts = clock.formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)!.value);
  const [year, month, day] = [part('year'), part('month'), part('day')];
  return {
    date: `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    weekday: ((new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7) + 1,
    minutes: part('hour') * 60 + part('minute'),
  };
}

/** A minute of the day, half of the time within two of `minutes` (so windows often open or close right then). */
const minuteNear = (minutes: number, min: number, max: number) =>
  fc
    .oneof(fc.integer({ min, max }), fc.integer({ min: minutes - 2, max: minutes + 2 }))
    .map((m) => Math.min(max, Math.max(min, m)));

/** A weekly window; half of the time on the household's weekday now, and often opening or closing about now. */
function timeWindow(now: { weekday: number; minutes: number }): fc.Arbitrary<TimeWindow> {
  return fc
    .tuple(
      fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
      fc.boolean(),
      minuteNear(now.minutes, 0, 1439),
    )
    .chain(([days, today, start]) =>
      minuteNear(now.minutes, start + 1, 1440).map((end) => ({
        days: today && !days.includes(now.weekday) ? [...days, now.weekday] : days,
        start: wallTime(start),
        end: wallTime(end),
      })),
    );
}

/** A date (YYYY-MM-DD) within a few days of `around`, in UTC (the household's date may be a day either side). */
const dateNear = (around: Date) =>
  fc
    .integer({ min: -3, max: 3 })
    .map((days) => new Date(around.getTime() + days * 86_400_000).toISOString().slice(0, 10));

function suspension(around: Date): fc.Arbitrary<Suspension> {
  return fc.oneof(
    fc
      .tuple(dateNear(around), dateNear(around), fc.option(text(40), { nil: undefined }))
      .map(([a, b, label]) => ({
        kind: 'dates' as const,
        from: a <= b ? a : b,
        to: a <= b ? b : a,
        ...(label === undefined ? {} : { label }),
      })),
    fc.record(
      {
        kind: fc.constant('programme' as const),
        channel: spelling(CHANNELS, false),
        title: spelling(TITLES, false),
      },
      { noNullPrototype: true },
    ),
  );
}

/**
 * `usual` two times in three, else `other`: each rule narrows a relationship only now and then, so that enough
 * events get through for the properties about what gets through to be tested.
 */
export function often<T>(usual: T, other: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof({ arbitrary: fc.constant(usual), weight: 2 }, { arbitrary: other, weight: 1 });
}

function relationship(
  household: Household,
  around: Date,
  timeZone: string,
  id: string,
): fc.Arbitrary<Relationship> {
  return fc
    .record(
      {
        id: fc.constant(id),
        sourceDeviceId: fc.constantFrom(...household.phones),
        targetDeviceId: fc.constantFrom(...household.displays),
        contentTypes: fc.uniqueArray(contentType, { minLength: 1, maxLength: 3 }),
        windows: often(
          [],
          fc.array(timeWindow(householdClock(around, timeZone)), { minLength: 1, maxLength: 3 }),
        ),
        suspensions: often([], fc.array(suspension(around), { minLength: 1, maxLength: 3 })),
        blockedCallers: often([], fc.subarray([...household.callers], { minLength: 1 })),
        allowOnlyCallers: often(null, fc.subarray([...household.callers])),
        stopped: often(false, fc.constant(true)),
      },
      { noNullPrototype: true },
    )
    .filter((r) => v.is(Relationship, r)); // two windows of one relationship may not overlap
}

/** Time zones with daylight saving, half and quarter hours, and a date line. */
export const TIME_ZONES = [
  'UTC',
  'America/Denver',
  'America/St_Johns',
  'Europe/London',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Australia/Lord_Howe',
  'Pacific/Kiritimati',
] as const;

/**
 * A household's rules that its schema accepts: relationships among its devices, their suspensions near `around`,
 * their windows often opening or closing about then.
 */
export function policyConfig(household: Household, around: Date): fc.Arbitrary<PolicyConfig> {
  return fc.constantFrom(...TIME_ZONES).chain((timeZone) =>
    fc.record(
      {
        timeZone: fc.constant(timeZone),
        callerIdOnTv: often(true, fc.constant(false)),
        relationships: fc
          .integer({ min: 0, max: 8 })
          .chain((count) =>
            fc.tuple(
              ...Array.from({ length: count }, (_, i) => relationship(household, around, timeZone, `r-${i}`)),
            ),
          ),
        privacy: fc
          .subarray([...household.displays])
          .chain((displays) =>
            fc.tuple(
              ...displays.map((id) =>
                fc
                  .record(
                    { level: privacyLevel, privateCallers: fc.subarray([...household.callers]) },
                    { noNullPrototype: true },
                  )
                  .map((privacy): [string, DisplayPrivacy] => [id, privacy]),
              ),
            ),
          )
          .map((entries) => Object.fromEntries(entries)),
      },
      { noNullPrototype: true },
    ),
  );
}
