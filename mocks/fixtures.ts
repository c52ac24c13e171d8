import type { EventData } from '../protocol/index.ts';

/** Test fixtures shared by the mocks, the browser tests and the server tests: they import only protocol/. */
export const MOCK_CREDENTIALS: { deviceId: string; token: string } = {
  deviceId: 'stb-living-room',
  token: 'mock-token-living-room-0001',
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
