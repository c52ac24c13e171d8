import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as v from 'valibot';
import { PolicyConfig, type Relationship } from '../../protocol/index.ts';
import { decide, wallClock, type Decision, type PolicyEvent, type DisplayState } from './policy-engine.ts';

// The demo household: Mary's phone, the living-room and bedroom TVs, in New Mexico (America/Denver).
const MARY = 'phone-mary';
const LIVING = 'stb-living-room';
const BEDROOM = 'stb-bedroom';
const JANE = '5055551313';
const SPAMMER = '9005550000';

// America/Denver, 2026: summer time from Sun 8 March 02:00 (clocks to 03:00) to Sun 1 November 02:00 (back to
// 01:00). Winter is UTC−7, summer UTC−6.
const WEEKDAYS_9_TO_8 = { days: [1, 2, 3, 4, 5], start: '09:00', end: '20:00' };

function relationship(over: Partial<Relationship> = {}): Relationship {
  return {
    id: 'r-living',
    sourceDeviceId: MARY,
    targetDeviceId: LIVING,
    contentTypes: ['voicemail', 'callerid', 'sms'],
    windows: [],
    suspensions: [],
    blockedCallers: [],
    allowOnlyCallers: null,
    stopped: false,
    ...over,
  };
}

function config(over: Partial<PolicyConfig> = {}, rel: Partial<Relationship> = {}): PolicyConfig {
  return {
    timeZone: 'America/Denver',
    callerIdOnTv: true,
    relationships: [relationship(rel)],
    privacy: {},
    ...over,
  };
}

const voicemail = (callerNumber = JANE): PolicyEvent => ({
  type: 'voicemail',
  sourceDeviceId: MARY,
  callerNumber,
});
const NEWS = { title: 'The Evening News', start: '2026-06-02T00:00:00Z', end: '2026-06-02T00:30:00Z' };

/** The living-room TV's decision, reduced to what the table compares. */
function living(decisions: Decision[]): string {
  const d = decisions.find((x) => x.deviceId === LIVING);
  if (!d) return 'not a candidate';
  if (d.outcome === 'deliver') return `deliver ${d.show}`;
  if (d.outcome === 'defer') return `defer until ${d.until}`;
  return `suppress ${d.reasons.join(' + ')}`;
}

interface Row {
  name: string;
  at: string;
  config: PolicyConfig;
  event?: PolicyEvent;
  display?: Partial<DisplayState>;
  expect: string;
}

const rows: Row[] = [
  // Weekly windows, in the household's time zone, across both daylight-saving changes.
  {
    name: 'inside the window (winter, UTC−7)',
    at: '2026-03-06T16:30:00Z',
    config: config({}, { windows: [WEEKDAYS_9_TO_8] }),
    expect: 'deliver name-and-number',
  },
  {
    name: 'before the window opens (winter)',
    at: '2026-03-06T15:30:00Z',
    config: config({}, { windows: [WEEKDAYS_9_TO_8] }),
    expect: 'suppress outside-window',
  },
  {
    name: 'the Monday after spring-forward: 15:10 UTC is 09:10 MDT, inside',
    at: '2026-03-09T15:10:00Z',
    config: config({}, { windows: [WEEKDAYS_9_TO_8] }),
    expect: 'deliver name-and-number',
  },
  {
    name: 'the Friday before it: 15:10 UTC was 08:10 MST, outside',
    at: '2026-03-06T15:10:00Z',
    config: config({}, { windows: [WEEKDAYS_9_TO_8] }),
    expect: 'suppress outside-window',
  },
  {
    name: 'the Monday after fall-back: 15:50 UTC is 08:50 MST, outside',
    at: '2026-11-02T15:50:00Z',
    config: config({}, { windows: [WEEKDAYS_9_TO_8] }),
    expect: 'suppress outside-window',
  },
  {
    name: 'the window closes at 20:00 (end is exclusive)',
    at: '2026-06-02T02:00:00Z',
    config: config({}, { windows: [WEEKDAYS_9_TO_8] }),
    expect: 'suppress outside-window',
  },
  {
    name: 'a weekend day is outside a Monday–Friday window',
    at: '2026-06-06T17:00:00Z',
    config: config({}, { windows: [WEEKDAYS_9_TO_8] }),
    expect: 'suppress outside-window',
  },
  {
    name: 'the repeated hour on 1 November, first time (01:30 MDT)',
    at: '2026-11-01T07:30:00Z',
    config: config({}, { windows: [{ days: [7], start: '01:00', end: '02:00' }] }),
    expect: 'deliver name-and-number',
  },
  {
    name: 'the repeated hour, second time (01:30 MST)',
    at: '2026-11-01T08:30:00Z',
    config: config({}, { windows: [{ days: [7], start: '01:00', end: '02:00' }] }),
    expect: 'deliver name-and-number',
  },
  {
    name: 'after the repeated hour (02:30 MST)',
    at: '2026-11-01T09:30:00Z',
    config: config({}, { windows: [{ days: [7], start: '01:00', end: '02:00' }] }),
    expect: 'suppress outside-window',
  },
  {
    name: 'the skipped hour on 8 March never comes: 01:59 MST is before it',
    at: '2026-03-08T08:59:00Z',
    config: config({}, { windows: [{ days: [7], start: '02:00', end: '03:00' }] }),
    expect: 'suppress outside-window',
  },
  {
    name: 'the skipped hour never comes: the next minute is 03:00 MDT, after it',
    at: '2026-03-08T09:00:00Z',
    config: config({}, { windows: [{ days: [7], start: '02:00', end: '03:00' }] }),
    expect: 'suppress outside-window',
  },
  {
    name: 'two windows: the evening one lets it through',
    at: '2026-06-02T03:30:00Z',
    config: config(
      {},
      {
        windows: [
          { days: [1, 2, 3, 4, 5], start: '07:00', end: '08:00' },
          { days: [1], start: '21:00', end: '23:00' },
        ],
      },
    ),
    expect: 'deliver name-and-number',
  },
  {
    name: 'a window ending at 24:00 includes 23:59',
    at: '2026-06-02T05:59:00Z',
    config: config({}, { windows: [{ days: [1], start: '22:00', end: '24:00' }] }),
    expect: 'deliver name-and-number',
  },

  // Date suspensions, on the household's calendar.
  {
    name: 'the first week of June begins at local midnight: 00:30 MDT on 1 June',
    at: '2026-06-01T06:30:00Z',
    config: config({}, { suspensions: [{ kind: 'dates', from: '2026-06-01', to: '2026-06-07' }] }),
    expect: 'suppress suspended-dates',
  },
  {
    name: 'the evening before the suspension, already 1 June in UTC',
    at: '2026-06-01T03:00:00Z',
    config: config({}, { suspensions: [{ kind: 'dates', from: '2026-06-01', to: '2026-06-07' }] }),
    expect: 'deliver name-and-number',
  },
  {
    name: 'the last day of the suspension, late evening (8 June in UTC)',
    at: '2026-06-08T05:00:00Z',
    config: config({}, { suspensions: [{ kind: 'dates', from: '2026-06-01', to: '2026-06-07' }] }),
    expect: 'suppress suspended-dates',
  },
  {
    name: 'the day after the suspension',
    at: '2026-06-08T15:00:00Z',
    config: config({}, { suspensions: [{ kind: 'dates', from: '2026-06-01', to: '2026-06-07' }] }),
    expect: 'deliver name-and-number',
  },
  {
    name: 'a date suspension in London turns at London midnight (BST)',
    at: '2026-05-31T23:30:00Z',
    config: config(
      { timeZone: 'Europe/London' },
      { suspensions: [{ kind: 'dates', from: '2026-06-01', to: '2026-06-07' }] },
    ),
    expect: 'suppress suspended-dates',
  },

  // Programme suspensions, from what the display says it is showing.
  {
    name: 'not during the evening news on channel 4',
    at: '2026-06-02T00:10:00Z',
    config: config({}, { suspensions: [{ kind: 'programme', channel: '4', title: 'The Evening News' }] }),
    display: { channel: '4', programme: NEWS },
    expect: 'suppress suspended-programme',
  },
  {
    name: 'titles match whatever their case',
    at: '2026-06-02T00:10:00Z',
    config: config({}, { suspensions: [{ kind: 'programme', channel: '4', title: 'the evening news' }] }),
    display: { channel: '4', programme: NEWS },
    expect: 'suppress suspended-programme',
  },
  {
    name: 'the same programme on another channel is not suspended',
    at: '2026-06-02T00:10:00Z',
    config: config({}, { suspensions: [{ kind: 'programme', channel: '4', title: 'The Evening News' }] }),
    display: { channel: '7', programme: NEWS },
    expect: 'deliver name-and-number',
  },
  {
    name: 'after the news has ended',
    at: '2026-06-02T00:30:00Z',
    config: config({}, { suspensions: [{ kind: 'programme', channel: '4', title: 'The Evening News' }] }),
    display: { channel: '4', programme: NEWS },
    expect: 'deliver name-and-number',
  },
  {
    name: 'a display that has not said what it shows is not held back',
    at: '2026-06-02T00:10:00Z',
    config: config({}, { suspensions: [{ kind: 'programme', channel: '4', title: 'The Evening News' }] }),
    expect: 'deliver name-and-number',
  },

  // "Quiet for this programme" on the overlay: alerts wait, they are not dropped.
  {
    name: 'quiet for this programme defers to its end',
    at: '2026-06-02T00:10:00Z',
    config: config(),
    display: { quietUntil: '2026-06-02T00:30:00Z' },
    expect: 'defer until 2026-06-02T00:30:00Z',
  },
  {
    name: 'quiet that has run out',
    at: '2026-06-02T00:31:00Z',
    config: config(),
    display: { quietUntil: '2026-06-02T00:30:00Z' },
    expect: 'deliver name-and-number',
  },

  // Callers.
  {
    name: 'a blocked caller',
    at: '2026-06-02T18:00:00Z',
    config: config({}, { blockedCallers: [SPAMMER] }),
    event: voicemail(SPAMMER),
    expect: 'suppress caller-blocked',
  },
  {
    name: 'another caller than the blocked one',
    at: '2026-06-02T18:00:00Z',
    config: config({}, { blockedCallers: [SPAMMER] }),
    expect: 'deliver name-and-number',
  },
  {
    name: 'only these numbers: Jane is one',
    at: '2026-06-02T18:00:00Z',
    config: config({}, { allowOnlyCallers: [JANE] }),
    expect: 'deliver name-and-number',
  },
  {
    name: 'only these numbers: someone else is not',
    at: '2026-06-02T18:00:00Z',
    config: config({}, { allowOnlyCallers: [JANE] }),
    event: voicemail('5055559999'),
    expect: 'suppress caller-not-allowed',
  },
  {
    name: 'only these numbers: a withheld number is not one of them',
    at: '2026-06-02T18:00:00Z',
    config: config({}, { allowOnlyCallers: [JANE] }),
    event: voicemail(''),
    expect: 'suppress caller-not-allowed',
  },

  // Privacy per display.
  {
    name: 'a display that shows the number only',
    at: '2026-06-02T18:00:00Z',
    config: config({ privacy: { [LIVING]: { level: 'number-only', privateCallers: [] } } }),
    expect: 'deliver number-only',
  },
  {
    name: 'a display that shows just "New voicemail"',
    at: '2026-06-02T18:00:00Z',
    config: config({ privacy: { [LIVING]: { level: 'private', privateCallers: [] } } }),
    expect: 'deliver private',
  },
  {
    name: 'a caller always shown as private',
    at: '2026-06-02T18:00:00Z',
    config: config({ privacy: { [LIVING]: { level: 'name-and-number', privateCallers: [JANE] } } }),
    expect: 'deliver private',
  },

  // Content types, caller ID, stopped relationships.
  {
    name: 'texts are not among this relationship’s content',
    at: '2026-06-02T18:00:00Z',
    config: config({}, { contentTypes: ['voicemail'] }),
    event: { type: 'sms', sourceDeviceId: MARY, callerNumber: JANE },
    expect: 'suppress content-type-off',
  },
  {
    name: 'caller ID on TV stays off until the holder turns it on',
    at: '2026-06-02T18:00:00Z',
    config: config({ callerIdOnTv: false }),
    event: { type: 'callerid', sourceDeviceId: MARY, callerNumber: JANE },
    expect: 'suppress callerid-off',
  },
  {
    name: 'caller ID on TV, turned on',
    at: '2026-06-02T18:00:00Z',
    config: config(),
    event: { type: 'callerid', sourceDeviceId: MARY, callerNumber: JANE },
    expect: 'deliver name-and-number',
  },
  {
    name: 'a stopped relationship delivers nothing',
    at: '2026-06-02T18:00:00Z',
    config: config({}, { stopped: true }),
    expect: 'suppress relationship-stopped',
  },

  // Combinations: every reason is reported, the decisive one first.
  {
    name: 'blocked, outside the window and suspended: all three are said',
    at: '2026-06-06T05:00:00Z',
    config: config(
      {},
      {
        blockedCallers: [SPAMMER],
        windows: [WEEKDAYS_9_TO_8],
        suspensions: [{ kind: 'dates', from: '2026-06-05', to: '2026-06-06' }],
      },
    ),
    event: voicemail(SPAMMER),
    expect: 'suppress caller-blocked + suspended-dates + outside-window',
  },
  {
    name: 'quiet does not turn a suppression into a wait',
    at: '2026-06-06T18:00:00Z',
    config: config({}, { windows: [WEEKDAYS_9_TO_8] }),
    display: { quietUntil: '2026-06-06T19:00:00Z' },
    expect: 'suppress outside-window',
  },
  {
    name: 'a private caller inside the window on a number-only display',
    at: '2026-06-02T18:00:00Z',
    config: config(
      { privacy: { [LIVING]: { level: 'number-only', privateCallers: [JANE] } } },
      { windows: [WEEKDAYS_9_TO_8] },
    ),
    expect: 'deliver private',
  },
];

describe('policy engine', () => {
  for (const row of rows) {
    test(row.name, () => {
      const parsed = v.safeParse(PolicyConfig, row.config);
      assert.ok(
        parsed.success,
        `the table's configuration is valid: ${JSON.stringify(parsed.issues?.[0]?.message)}`,
      );
      const display = row.display
        ? { channel: null, programme: null, quietUntil: null, ...row.display }
        : undefined;
      const decisions = decide(row.event ?? voicemail(), parsed.output, new Date(row.at), {
        [LIVING]: display,
      });
      assert.equal(living(decisions), row.expect);
    });
  }

  test('the phone always gets its own voicemail and texts, and is never told of its own ringing call', () => {
    const cfg = config({}, { stopped: true });
    const at = new Date('2026-06-02T18:00:00Z');
    assert.deepEqual(
      decide(voicemail(), cfg, at, {}).find((d) => d.deviceId === MARY),
      {
        deviceId: MARY,
        outcome: 'deliver',
        show: 'name-and-number',
        relationshipId: null,
      },
    );
    const call = decide({ type: 'callerid', sourceDeviceId: MARY, callerNumber: JANE }, cfg, at, {});
    assert.equal(
      call.find((d) => d.deviceId === MARY),
      undefined,
    );
  });

  test('every display of the household gets a decision, so the log can say why one showed nothing', () => {
    const decisions = decide(voicemail(), config(), new Date('2026-06-02T18:00:00Z'), {
      [LIVING]: undefined,
      [BEDROOM]: undefined,
    });
    assert.deepEqual(
      decisions.map((d) => [d.deviceId, d.outcome, d.outcome === 'suppress' ? d.reasons : []]),
      [
        [MARY, 'deliver', []],
        [LIVING, 'deliver', []],
        [BEDROOM, 'suppress', ['no-relationship']],
      ],
    );
  });

  test('two relationships to one display: the one carrying the content decides, and any delivery wins', () => {
    const cfg = config();
    cfg.relationships = [
      relationship({ id: 'texts', contentTypes: ['sms'] }),
      relationship({
        id: 'voicemail-evenings',
        contentTypes: ['voicemail'],
        windows: [{ days: [1], start: '18:00', end: '22:00' }],
      }),
    ];
    const monday = (utc: string) =>
      decide(voicemail(), cfg, new Date(utc), {}).find((d) => d.deviceId === LIVING)!;
    assert.deepEqual(monday('2026-06-02T01:00:00Z'), {
      deviceId: LIVING,
      outcome: 'deliver',
      show: 'name-and-number',
      relationshipId: 'voicemail-evenings',
    });
    const morning = monday('2026-06-01T15:00:00Z');
    assert.equal(morning.outcome, 'suppress');
    assert.equal(morning.relationshipId, 'voicemail-evenings');
  });

  test('the wall clock follows the zone’s rules, not a fixed offset', () => {
    assert.deepEqual(wallClock(new Date('2026-03-09T15:10:00Z'), 'America/Denver'), {
      date: '2026-03-09',
      weekday: 1,
      minutes: 9 * 60 + 10,
    });
    assert.deepEqual(wallClock(new Date('2026-03-06T15:10:00Z'), 'America/Denver'), {
      date: '2026-03-06',
      weekday: 5,
      minutes: 8 * 60 + 10,
    });
    assert.deepEqual(wallClock(new Date('2026-06-01T00:05:00Z'), 'Pacific/Auckland'), {
      date: '2026-06-01',
      weekday: 1,
      minutes: 12 * 60 + 5,
    });
  });
});

describe('policy configuration: what cannot be meant is refused, with the reason', () => {
  const refused: [string, unknown, RegExp][] = [
    [
      'an empty window',
      {
        ...config(),
        relationships: [relationship({ windows: [{ days: [1], start: '10:00', end: '10:00' }] })],
      },
      /end after it starts/,
    ],
    [
      'a window that ends before it starts',
      {
        ...config(),
        relationships: [relationship({ windows: [{ days: [1], start: '20:00', end: '09:00' }] })],
      },
      /end after it starts/,
    ],
    [
      'a window with no days',
      {
        ...config(),
        relationships: [relationship({ windows: [{ days: [], start: '09:00', end: '10:00' }] })],
      },
      /at least one day/,
    ],
    [
      'overlapping windows',
      {
        ...config(),
        relationships: [
          relationship({ windows: [WEEKDAYS_9_TO_8, { days: [5, 6], start: '19:00', end: '21:00' }] }),
        ],
      },
      /overlap/,
    ],
    [
      'a time that is not a time',
      {
        ...config(),
        relationships: [relationship({ windows: [{ days: [1], start: '9am', end: '10:00' }] })],
      },
      /HH:MM/,
    ],
    ['an unknown time zone', { ...config(), timeZone: 'Mars/Olympus_Mons' }, /unknown time zone/],
    [
      'a suspension that ends before it starts',
      {
        ...config(),
        relationships: [
          relationship({ suspensions: [{ kind: 'dates', from: '2026-06-07', to: '2026-06-01' }] }),
        ],
      },
      /end on or after/,
    ],
    [
      'a malformed number',
      { ...config(), relationships: [relationship({ blockedCallers: ['call me maybe'] })] },
      /phone number/,
    ],
    [
      'no content at all',
      { ...config(), relationships: [relationship({ contentTypes: [] })] },
      /at least one kind/,
    ],
  ];
  for (const [name, input, message] of refused) {
    test(name, () => {
      const parsed = v.safeParse(PolicyConfig, input);
      assert.equal(parsed.success, false);
      assert.match(parsed.issues.map((i) => i.message).join('; '), message);
    });
  }

  test('windows on different days may share hours, and back-to-back windows do not overlap', () => {
    const ok = {
      ...config(),
      relationships: [
        relationship({
          windows: [
            { days: [1], start: '09:00', end: '12:00' },
            { days: [2], start: '09:00', end: '12:00' },
            { days: [1], start: '12:00', end: '13:00' },
          ],
        }),
      ],
    };
    assert.equal(v.safeParse(PolicyConfig, ok).success, true);
  });
});
