import type { DeviceSummary, EventData, VoicemailMessage } from '../protocol/index.ts';

/** Test fixtures shared by the mocks, the browser tests and the server tests: they import only protocol/. */

/** The demo household as the backend seeds it (server/seed.ts). */
export const MOCK_DEVICES: DeviceSummary[] = [
  { id: 'phone-mary', kind: 'phone', name: "Mary's phone", phoneNumber: '5055551212', room: null },
  { id: 'phone-simon', kind: 'phone', name: "Simon's phone", phoneNumber: '5055551414', room: null },
  { id: 'stb-bedroom', kind: 'stb', name: 'Bedroom TV', phoneNumber: null, room: 'Bedroom' },
  { id: 'stb-living-room', kind: 'stb', name: 'Living-room TV', phoneNumber: null, room: 'Living room' },
];

/** The token the mock gateway accepts for each device. */
export const MOCK_TOKENS: Readonly<Record<string, string>> = Object.fromEntries(
  MOCK_DEVICES.map((d) => [d.id, `mock-token-${d.id}-0001`]),
);

export const MOCK_CREDENTIALS: { deviceId: string; token: string } = {
  deviceId: 'stb-living-room',
  token: MOCK_TOKENS['stb-living-room']!,
};

export function voicemailFixture(
  messageId: string,
  over: Partial<EventData<'voicemail.new'>> = {},
): EventData<'voicemail.new'> {
  return {
    messageId,
    mailbox: '5055551212',
    mailboxOwner: 'Mary',
    callerName: 'Jane',
    callerNumber: '5055551313',
    receivedAt: '2026-11-22T20:00:00.000Z',
    durationSec: 12,
    ...over,
  };
}

/** The carrier's view of the same message, as `/api/voicemail` lists it. */
export function messageFixture(messageId: string, over: Partial<VoicemailMessage> = {}): VoicemailMessage {
  const alert = voicemailFixture(messageId);
  return {
    id: messageId,
    mailbox: alert.mailbox,
    mailboxOwner: alert.mailboxOwner,
    callerName: alert.callerName,
    callerNumber: alert.callerNumber,
    receivedAt: alert.receivedAt,
    durationSec: 8,
    format: 'amr-nb',
    folder: 'new',
    transcript: null,
    ...over,
  };
}
