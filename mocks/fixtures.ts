import {
  openRelationship,
  USER_CODE_ALPHABET,
  USER_CODE_LENGTH,
  type Capability,
  type DemoGuide,
  type DeviceProfile,
  type DeviceSummary,
  type EventData,
  type HouseholdDevice,
  type JointAccountView,
  type VoicemailMessage,
} from '../protocol/index.ts';

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

/** A device's profile at the identity service, as the mock names it (`prf_mock_<device id>`). */
export const mockProfileId = (deviceId: string): string => `prf_mock_${deviceId}`;

/** What each kind of device says it can do in its presence command. */
const CAPABILITIES: Record<DeviceSummary['kind'], Capability[]> = {
  phone: ['sms', 'voice', 'display', 'audio'],
  stb: ['display', 'audio'],
};

/**
 * A demo device's profile as another device of the household reads it (`GET /api/identity/profiles`): a phone a
 * test lets the TV text through is `profileFixture('phone-mary', { grantedToYou: ['send', 'receive'] })`.
 */
export function profileFixture(deviceId: string, over: Partial<DeviceProfile> = {}): DeviceProfile {
  const device = MOCK_DEVICES.find((d) => d.id === deviceId);
  if (!device) throw new Error(`no mock device ${deviceId}`);
  return {
    profileId: mockProfileId(deviceId),
    name: device.name,
    kind: device.kind,
    capabilities: CAPABILITIES[device.kind],
    ...over,
  };
}

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

/** What `/api/joint-accounts/login` takes for the mock household. */
export const MOCK_JOINT_ACCOUNT = {
  jointAccountId: 'ja-mock-home',
  password: 'mock-joint-password',
} as const;

/** A wireless account as the mock's carrier knows it: who can sign a phone of theirs in. */
export interface MockWirelessAccount {
  username: string;
  password: string;
  /** Its lines, by phone number, with the device id each one is in the household. */
  lines: Readonly<Record<string, string>>;
}

/** The carrier's accounts of the household's phones, Luis's included. */
export const MOCK_WIRELESS_ACCOUNTS: readonly MockWirelessAccount[] = [
  { username: 'mary', password: 'mary-password', lines: { '5055551212': 'phone-mary' } },
  { username: 'simon', password: 'simon-password', lines: { '5055551414': 'phone-simon' } },
  { username: 'luis', password: 'luis-password', lines: { '5055551818': 'phone-luis' } },
];

/** What the devices page says of a device that never joined. */
export const NEVER_JOINED = {
  platform: null,
  model: null,
  appVersion: null,
  enrolled: false,
  enrolledAt: null,
  lastSeenAt: null,
  online: false,
} as const;

/**
 * The mock household's phones and TVs as its devices page lists them (fresh objects each call): the demo's four,
 * joined a day before `now`; Luis's phone (his line, never signed in); a den TV of the cable account (never joined).
 */
export function householdDevicesFixture(now = Date.now()): HouseholdDevice[] {
  const enrolledAt = new Date(now - 86_400_000).toISOString();
  return [
    ...MOCK_DEVICES.map((d): HouseholdDevice => ({
      ...d,
      ownerName: d.kind === 'phone' ? d.name.replace(/'s phone$/, '') : 'Household',
      platform: d.kind === 'phone' ? 'Phone' : 'Browser',
      model: '',
      appVersion: '0.1.0',
      enrolled: true,
      enrolledAt,
      lastSeenAt: enrolledAt,
      online: false,
    })),
    {
      id: 'phone-luis',
      kind: 'phone',
      name: "Luis's phone",
      room: null,
      phoneNumber: '5055551818',
      ownerName: 'Luis',
      ...NEVER_JOINED,
    },
    {
      id: 'stb-den',
      kind: 'stb',
      name: 'Den TV',
      room: 'Den',
      phoneNumber: null,
      ownerName: 'Household',
      ...NEVER_JOINED,
    },
  ];
}

/** The mock household as the setup page sees it once logged in, with these devices. */
export function jointAccountFixture(devices: readonly HouseholdDevice[]): JointAccountView {
  return {
    jointAccountId: MOCK_JOINT_ACCOUNT.jointAccountId,
    name: "Mary and Simon's home",
    billingCode: 'MOCK-0001',
    accounts: [
      { id: 'wireless:wacct-mary', directory: 'wireless', holderName: 'Mary', via: 'credentials' },
      { id: 'cable:cacct-mary', directory: 'cable', holderName: 'Mary', via: 'credentials' },
    ],
    devices: devices.map(({ id, kind, name, phoneNumber, room, ownerName }) => ({
      id,
      kind,
      name,
      phoneNumber,
      room,
      ownerName,
    })),
    config: {
      timeZone: 'America/Denver',
      callerIdOnTv: false,
      relationships: [openRelationship('rel-mary-living-room', 'phone-mary', 'stb-living-room')],
      privacy: {},
    },
  };
}

/** A user code as devices show them (8 letters of protocol/'s alphabet), at random. */
export function randomUserCode(): string {
  let code = '';
  for (let i = 0; i < USER_CODE_LENGTH; i++) {
    code += USER_CODE_ALPHABET[Math.floor(Math.random() * USER_CODE_ALPHABET.length)];
  }
  return code;
}

/**
 * The programme guide's channels as the emulator's channel picker reads them (`GET /api/demo/guide`): channel 4
 * shows The Evening News for the next 25 minutes, channel 7 nothing known.
 */
export function guideFixture(now = Date.now()): DemoGuide {
  const news = {
    title: 'The Evening News',
    start: new Date(now - 5 * 60_000).toISOString(),
    end: new Date(now + 25 * 60_000).toISOString(),
  };
  return {
    channels: [
      { id: '4', name: 'Channel 4', now: news },
      { id: '7', name: 'Channel 7', now: null },
    ],
  };
}
