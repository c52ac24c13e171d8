import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { EventData, PrivacyLevel } from '../../protocol/index.ts';
import { redact, type RedactedEvent } from './redaction.ts';

const AT = '2026-12-04T18:00:00.000Z';
const samples: { [N in RedactedEvent]: EventData<N> } = {
  'voicemail.new': {
    messageId: 'msg-1',
    mailbox: '5055551212',
    mailboxOwner: 'Mary',
    callerName: 'Jane',
    callerNumber: '5055551313',
    receivedAt: AT,
    durationSec: 12,
    transcript: 'Call me back',
  },
  'callerid.incoming': {
    callId: 'call-1',
    line: '5055551212',
    lineOwner: 'Mary',
    callerName: 'Jane',
    callerNumber: '5055551313',
    at: AT,
  },
  'text.incoming': {
    smsId: 'sms-1',
    line: '5055551212',
    lineOwner: 'Mary',
    from: '5055551313',
    text: 'After the news then',
    receivedAt: AT,
  },
  'text.updated': {
    textId: 'text-1',
    clientId: 'client-1',
    fromName: 'Living-room TV',
    recipient: '5055551313',
    payload: 'Watching TV — I’ll call you back',
    status: 'sent',
    reason: null,
  },
  'voicemail.updated': {
    messageId: 'msg-1',
    mailbox: '5055551212',
    state: 'deleted',
    byDeviceId: 'stb-living-room',
    byDeviceName: 'Living-room TV',
    callerName: 'Jane',
  },
};

/** What a display at each level may learn of the person, per event: [name, number, words]. */
const PERSON: Record<RedactedEvent, { name?: string; number?: string; words?: string }> = {
  'voicemail.new': { name: 'callerName', number: 'callerNumber', words: 'transcript' },
  'callerid.incoming': { name: 'callerName', number: 'callerNumber' },
  'text.incoming': { number: 'from', words: 'text' },
  'text.updated': { number: 'recipient', words: 'payload' },
  'voicemail.updated': { name: 'callerName' },
};
/** The events whose schema has room for `show` (protocol/events.ts). */
const SAYS_SHOW = new Set<RedactedEvent>(['voicemail.new', 'callerid.incoming', 'text.incoming']);
const SEES: Record<PrivacyLevel, { name: boolean; number: boolean; words: boolean }> = {
  'name-and-number': { name: true, number: true, words: true },
  'number-only': { name: false, number: true, words: true },
  private: { name: false, number: false, words: false },
};

describe('privacy: what a display may receive of who called or wrote (the one redaction)', () => {
  for (const event of Object.keys(samples) as RedactedEvent[]) {
    for (const level of Object.keys(SEES) as PrivacyLevel[]) {
      test(`${event} at ${level}`, () => {
        const data = samples[event] as Record<string, unknown>;
        const shaped = redact(event, level, samples[event]) as Record<string, unknown>;
        for (const kind of ['name', 'number', 'words'] as const) {
          const field = PERSON[event][kind];
          if (!field) continue;
          if (SEES[level][kind]) assert.equal(shaped[field], data[field], `${field} kept`);
          else assert.ok(!shaped[field], `${field} withheld, got ${String(shaped[field])}`);
        }
        // Nothing else about the event changes, and nothing of the person hides in another field.
        const person = new Set(Object.values(PERSON[event]));
        for (const [field, value] of Object.entries(data)) {
          if (!person.has(field)) assert.deepEqual(shaped[field], value, `${field} unchanged`);
        }
        // The display is told why it shows less (where the event has room for it).
        if (level !== 'name-and-number' && SAYS_SHOW.has(event)) assert.equal(shaped['show'], level);
        if (!SAYS_SHOW.has(event)) assert.equal('show' in shaped, false, 'no show field it has no room for');
        if (level === 'name-and-number') assert.equal(shaped, samples[event]);
      });
    }
  }
});
