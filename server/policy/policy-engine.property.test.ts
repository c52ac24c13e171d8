// Properties of the policy engine (policy-engine.ts `decide`, a pure function) and of what a display is sent at its
// privacy level (redaction.ts `redact`), over any household rules the protocol accepts, any instant and time zone,
// and anything the displays are showing.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import * as v from 'valibot';
import {
  EventSchemas,
  minutesOf,
  PolicyConfig,
  type EventData,
  type PrivacyLevel,
  type Relationship,
} from '../../protocol/index.ts';
import {
  CHANNELS,
  contentType,
  eventData,
  householdClock,
  often,
  policyConfig,
  privacyLevel,
  spelling,
  TITLES,
  type Household,
} from '../../tests/helpers/backend/arbitraries.ts';
import { runs } from '../../tests/helpers/backend/property.ts';
import {
  decide,
  SuppressReason,
  type Decision,
  type DisplayState,
  type PolicyEvent,
} from './policy-engine.ts';
import { redact, type RedactedEvent } from './redaction.ts';

const HOUSEHOLD: Household = {
  phones: ['phone-mary', 'phone-tom'],
  displays: ['stb-living-room', 'stb-bedroom', 'stb-kitchen'],
  callers: ['5055551313', '9005550000', '4155550123'],
};

/** An instant `seconds` from `now`, as the protocol writes it. */
const from = (now: Date, seconds: number) => new Date(now.getTime() + seconds * 1000).toISOString();

/**
 * Seconds from now: any within the bounds, or (two times in three) within two minutes or two seconds of now, so that
 * programmes and quiet often begin or end right about then.
 */
const secondsNear = (min: number, max: number) =>
  fc.oneof(
    fc.integer({ min, max }),
    fc.integer({ min: Math.max(min, -120), max: Math.min(max, 120) }),
    fc.integer({ min: Math.max(min, -2), max: Math.min(max, 2) }),
  );

/**
 * What a set-top box says it shows: a channel and a programme on it (or not), maybe quiet for it. Two times in three
 * the channel and title are those of a programme the rules suspend (`suspended`), spelled another way.
 */
const displayState = (
  now: Date,
  suspended: readonly (readonly [string, string])[],
): fc.Arbitrary<DisplayState> =>
  fc
    .record(
      {
        names:
          suspended.length === 0
            ? fc.tuple(spelling(CHANNELS, true), spelling(TITLES, true))
            : fc.oneof(
                { arbitrary: fc.tuple(spelling(CHANNELS, true), spelling(TITLES, true)), weight: 1 },
                {
                  arbitrary: fc
                    .constantFrom(...suspended)
                    .chain(([channel, title]) =>
                      fc.tuple(spelling([channel], true), spelling([title], true)),
                    ),
                  weight: 2,
                },
              ),
        hasChannel: often(true, fc.constant(false)),
        on: fc.option(
          fc
            .oneof(
              // Mostly on now, or starting or ending right now (a programme suspension may hold); else any time.
              {
                arbitrary: fc.tuple(
                  secondsNear(-3 * 3600, 0),
                  fc.oneof(fc.constant(0), secondsNear(0, 3 * 3600)),
                ),
                weight: 2,
              },
              { arbitrary: fc.tuple(secondsNear(-3 * 3600, 3600), secondsNear(-3 * 3600, 3600)), weight: 1 },
            )
            .filter(([start, end]) => start < end),
          { nil: null },
        ),
        quietUntil: fc.option(
          fc.oneof(fc.constant(0), secondsNear(-3600, 2 * 3600)).map((s) => from(now, s)),
          { nil: null },
        ),
      },
      { noNullPrototype: true },
    )
    .map(({ names: [channel, title], hasChannel, on, quietUntil }) => ({
      channel: hasChannel ? channel : null,
      programme: on ? { title, start: from(now, on[0]), end: from(now, on[1]) } : null,
      quietUntil,
    }));

interface Scenario {
  now: Date;
  config: PolicyConfig;
  event: PolicyEvent;
  displays: Record<string, DisplayState | undefined>;
}

/** A household's rules, an event of one of its phones, the instant, and what some of its displays show. */
const scenario: fc.Arbitrary<Scenario> = fc
  .date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2030-12-31T23:59:59Z'), noInvalidDate: true })
  .chain((now) =>
    policyConfig(HOUSEHOLD, now).chain((config) => {
      const suspended = config.relationships.flatMap((r) =>
        r.suspensions.flatMap((x) => (x.kind === 'programme' ? [[x.channel, x.title] as const] : [])),
      );
      return fc.record(
        {
          now: fc.constant(now),
          config: fc.constant(config),
          event: fc.record(
            {
              type: contentType,
              sourceDeviceId: fc.constantFrom(...HOUSEHOLD.phones),
              callerNumber: fc.constantFrom('', ...HOUSEHOLD.callers),
            },
            { noNullPrototype: true },
          ),
          displays: fc
            .subarray([...HOUSEHOLD.displays])
            .chain((ids) =>
              fc.tuple(
                ...ids.map((id) =>
                  fc
                    .option(displayState(now, suspended), { nil: undefined })
                    .map((state): [string, DisplayState | undefined] => [id, state]),
                ),
              ),
            )
            .map((entries) => Object.fromEntries(entries)),
        },
        { noNullPrototype: true },
      );
    }),
  );

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The household's rules, one at a time: when each holds a relationship back from an event, worked out here without
 * the engine. Whatever else the rules say, a relationship one of them holds back never gets the event through.
 */
const RULES: {
  reason: SuppressReason;
  name: string;
  holds: (r: Relationship, s: Scenario, display: DisplayState | undefined) => boolean;
}[] = [
  { reason: SuppressReason.RelationshipStopped, name: 'a stopped relationship', holds: (r) => r.stopped },
  {
    reason: SuppressReason.ContentTypeOff,
    name: 'content the relationship does not carry',
    holds: (r, s) => !r.contentTypes.includes(s.event.type),
  },
  {
    reason: SuppressReason.CallerIdOff,
    name: 'caller ID while it is off on TV',
    holds: (_, s) => s.event.type === 'callerid' && !s.config.callerIdOnTv,
  },
  {
    reason: SuppressReason.CallerBlocked,
    name: 'a blocked caller',
    holds: (r, s) => s.event.callerNumber !== '' && r.blockedCallers.includes(s.event.callerNumber),
  },
  {
    reason: SuppressReason.CallerNotAllowed,
    name: 'a caller not on the allow-only list (a withheld number is on none)',
    holds: (r, s) => r.allowOnlyCallers !== null && !r.allowOnlyCallers.includes(s.event.callerNumber),
  },
  {
    reason: SuppressReason.SuspendedDates,
    name: 'a day of a date suspension (household time)',
    holds: (r, s) => {
      const { date } = householdClock(s.now, s.config.timeZone);
      return r.suspensions.some((x) => x.kind === 'dates' && x.from <= date && date <= x.to);
    },
  },
  {
    reason: SuppressReason.OutsideWindow,
    name: 'a time outside every window (household time)',
    holds: (r, s) => {
      const { weekday, minutes } = householdClock(s.now, s.config.timeZone);
      return (
        r.windows.length > 0 &&
        !r.windows.some(
          (w) => w.days.includes(weekday) && minutesOf(w.start) <= minutes && minutes < minutesOf(w.end),
        )
      );
    },
  },
  {
    reason: SuppressReason.SuspendedProgramme,
    name: 'a suspended programme while it is on',
    holds: (r, s, display) => {
      const on = display?.programme;
      if (!on || !(Date.parse(on.start) <= s.now.getTime() && s.now.getTime() < Date.parse(on.end)))
        return false;
      return r.suspensions.some(
        (x) => x.kind === 'programme' && same(x.channel, display.channel ?? '') && same(x.title, on.title),
      );
    },
  },
];

const toDisplays = (decisions: Decision[], s: Scenario) =>
  decisions.filter((d) => d.deviceId !== s.event.sourceDeviceId);
const relationshipsTo = (s: Scenario, deviceId: string) =>
  s.config.relationships.filter(
    (r) => r.sourceDeviceId === s.event.sourceDeviceId && r.targetDeviceId === deviceId,
  );

/** How much each level reveals, least first. */
const REVEALING: Record<PrivacyLevel, number> = { private: 0, 'number-only': 1, 'name-and-number': 2 };

/** The level a display is set to for this caller: its level, or private for a caller it lists as private. */
function allowedLevel(s: Scenario, deviceId: string): PrivacyLevel {
  const privacy = s.config.privacy[deviceId];
  if (!privacy) return 'name-and-number';
  if (s.event.callerNumber !== '' && privacy.privateCallers.includes(s.event.callerNumber)) return 'private';
  return privacy.level;
}

describe('policy engine: properties', () => {
  test('the scenarios are households the protocol accepts', () => {
    fc.assert(
      fc.property(scenario, (s) => assert.ok(v.is(PolicyConfig, s.config))),
      runs(50),
    );
  });

  test('every candidate gets exactly one decision: the phone (but for its own ringing), each display it relates to, each display of the household', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const decisions = decide(s.event, s.config, s.now, s.displays);
        const ids = decisions.map((d) => d.deviceId);
        const expected = new Set([
          ...s.config.relationships
            .filter((r) => r.sourceDeviceId === s.event.sourceDeviceId)
            .map((r) => r.targetDeviceId),
          ...Object.keys(s.displays),
        ]);
        expected.delete(s.event.sourceDeviceId);
        if (s.event.type !== 'callerid') expected.add(s.event.sourceDeviceId);
        assert.equal(ids.length, new Set(ids).size, 'one decision each');
        assert.deepEqual(new Set(ids), expected);
        // The phone's own voicemail and texts are its own, whatever the rules.
        const own = decisions.find((d) => d.deviceId === s.event.sourceDeviceId);
        if (own)
          assert.deepEqual(own, {
            deviceId: s.event.sourceDeviceId,
            outcome: 'deliver',
            show: 'name-and-number',
            relationshipId: null,
          });
      }),
      runs(200),
    );
  });

  test('no rule that holds a relationship back lets anything through it: a display is delivered to or deferred only through a relationship none holds back, and one every relationship of which a rule holds back is suppressed for it', () => {
    const exercised = new Map(RULES.map((rule) => [rule.reason, 0]));
    const options = runs(200);
    fc.assert(
      fc.property(scenario, (s) => {
        for (const d of toDisplays(decide(s.event, s.config, s.now, s.displays), s)) {
          const display = s.displays[d.deviceId];
          const relationships = relationshipsTo(s, d.deviceId);
          const through =
            d.outcome === 'suppress' ? undefined : relationships.find((r) => r.id === d.relationshipId);
          if (d.outcome !== 'suppress')
            assert.ok(through, `${d.outcome} names a relationship of this phone to this display`);
          for (const rule of RULES) {
            if (through) {
              assert.equal(rule.holds(through, s, display), false, `${d.outcome} despite ${rule.name}`);
            } else if (relationships.length > 0 && relationships.every((r) => rule.holds(r, s, display))) {
              exercised.set(rule.reason, exercised.get(rule.reason)! + 1);
              assert.ok(
                d.outcome === 'suppress' && d.reasons.includes(rule.reason),
                `${rule.name}: not suppressed for ${rule.reason}`,
              );
            }
          }
        }
      }),
      options,
    );
    // Every rule is reached by some scenario (else its part of the property would hold vacuously).
    if (options.numRuns >= 100) {
      for (const [reason, count] of exercised)
        assert.ok(count > 0, `no scenario held a display back for ${reason}`);
    }
  });

  test('nothing else holds a display back: one that a relationship lets through (no rule holds it back) is delivered to or deferred; one suppressed is so for exactly the rules that hold back one of its relationships, or for having none', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        for (const d of toDisplays(decide(s.event, s.config, s.now, s.displays), s)) {
          const display = s.displays[d.deviceId];
          const holding = relationshipsTo(s, d.deviceId).map((r) =>
            RULES.filter((rule) => rule.holds(r, s, display))
              .map((rule) => rule.reason)
              .sort(),
          );
          if (holding.some((reasons) => reasons.length === 0)) {
            assert.notEqual(
              d.outcome,
              'suppress',
              `suppressed for ${d.outcome === 'suppress' && d.reasons.join(', ')}`,
            );
          } else {
            assert.equal(d.outcome, 'suppress', 'let through though every relationship is held back');
            const reasons = d.outcome === 'suppress' ? [...d.reasons].sort() : [];
            if (holding.length === 0) assert.deepEqual(reasons, [SuppressReason.NoRelationship]);
            else
              assert.ok(
                holding.some((h) => h.join() === reasons.join()),
                `suppressed for ${reasons.join(', ')}`,
              );
          }
        }
      }),
      runs(200),
    );
  });

  test('a display quiet for its programme is never delivered to while the quiet lasts: it is deferred until then; never deferred otherwise', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        for (const d of toDisplays(decide(s.event, s.config, s.now, s.displays), s)) {
          const quietUntil = s.displays[d.deviceId]?.quietUntil ?? null;
          const quiet = quietUntil !== null && Date.parse(quietUntil) > s.now.getTime();
          if (quiet) assert.notEqual(d.outcome, 'deliver', `delivered while quiet until ${quietUntil}`);
          if (d.outcome === 'defer') {
            assert.ok(quiet, 'deferred while not quiet');
            assert.equal(d.until, quietUntil);
          }
        }
      }),
      runs(200),
    );
  });

  test('a display is never let show more than its privacy level (nor less), and a caller it lists as private only privately', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        for (const d of toDisplays(decide(s.event, s.config, s.now, s.displays), s)) {
          if (d.outcome === 'suppress') continue;
          const allowed = allowedLevel(s, d.deviceId);
          assert.ok(REVEALING[d.show] <= REVEALING[allowed], `${d.show} on a display set to ${allowed}`);
          assert.equal(d.show, allowed, 'nor less than it may');
        }
      }),
      runs(200),
    );
  });
});

/**
 * What each event reveals of the person outside the household (who called or wrote, whom a text went to), written
 * here on its own (redaction.ts has its own table): their name, their number, and the words. Everything else is no
 * one's secret.
 */
const PERSON: { [N in RedactedEvent]: { name: string[]; number: string[]; words: string[] } } = {
  'voicemail.new': { name: ['callerName'], number: ['callerNumber'], words: ['transcript'] },
  'callerid.incoming': { name: ['callerName'], number: ['callerNumber'], words: [] },
  'text.incoming': { name: [], number: ['from'], words: ['text'] },
  // A copy of a text the household sent: whom it went to and its words (the sender is of the household).
  'text.updated': { name: [], number: ['recipient'], words: ['payload'] },
  'voicemail.updated': { name: ['callerName'], number: [], words: [] },
};
const redacted = Object.keys(PERSON) as RedactedEvent[];
const hidden = (value: unknown) => value === '' || value === null;

describe('redaction: properties', () => {
  test('at each privacy level an event carries no name, number or words beyond what the level shows, loses nothing else, and still parses', () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom(...redacted)
          .chain((name) =>
            fc.tuple(fc.constant(name), eventData[name] as fc.Arbitrary<EventData<RedactedEvent>>),
          ),
        privacyLevel,
        ([name, data], level) => {
          // What the producers hand over has no `show` yet: the display's level puts it there.
          const original: Record<string, unknown> = { ...data };
          delete original['show'];
          const sent: Record<string, unknown> = redact(name, level, original as EventData<typeof name>);
          const person = PERSON[name];
          if (level !== 'name-and-number')
            for (const f of person.name) assert.ok(hidden(sent[f]), `${f} at ${level}`);
          if (level === 'private') {
            for (const f of [...person.number, ...person.words])
              assert.ok(hidden(sent[f]), `${f} at ${level}`);
          }
          const personal = new Set([...person.name, ...person.number, ...person.words, 'show']);
          for (const [key, value] of Object.entries(original)) {
            if (!personal.has(key)) assert.deepEqual(sent[key], value, `${key} is kept as it was`);
          }
          // Nothing new but the person's fields, emptied, and `show`.
          for (const key of Object.keys(sent))
            assert.ok(key in original || personal.has(key), `${key} was added`);
          if (level === 'name-and-number') assert.deepEqual(sent, original);
          else if ('show' in EventSchemas[name].entries)
            assert.equal(sent['show'], level, 'the display is told why it shows less');
          assert.ok(v.is(EventSchemas[name], sent), 'what is sent is still the event');
        },
      ),
      runs(400),
    );
  });
});
