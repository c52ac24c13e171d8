import type * as v from 'valibot';
import {
  AccountLinking,
  AccountUnlinked,
  ActionResponse,
  ConsentList,
  Consent,
  DeliveryLogView,
  DeliveryReportsAccepted,
  DisplayView,
  EnrollmentCode,
  EnrollmentConfig,
  EnrollmentGranted,
  ErrorCode,
  HouseholdDevice,
  HouseholdDeviceList,
  JointAccountSaved,
  openRelationship,
  PresenceStatus,
  ProfileList,
  TextView,
  UnlockResponse,
  VoicemailList,
  type ErrorDetails,
} from '../../protocol/index.ts';

/**
 * The parity table: requests the mocks (msw, mocks/) and the real backend (server/) must answer alike. Each row
 * names who asks, what it asks, what it assumes (`given`), and what both sides must agree on; parity.test.ts runs
 * every row on both sides (sides.ts) and compare.ts says where they differ.
 */

/** The demo household's devices, as the product seeds them (server/seed.ts) and the mocks know them (MOCK_DEVICES). */
export const DEMO_DEVICES = ['stb-living-room', 'stb-bedroom', 'phone-mary', 'phone-simon'] as const;
export type DemoDevice = (typeof DEMO_DEVICES)[number];

/** Mary's voicemail PIN in the table (the mocks' `MOCK_PIN`; the backend's carrier is given it). */
export const DEMO_PIN = '8264';

/**
 * Who asks: a device of the demo household (its token: the mocks' fixture, the backend's issued one), the setup
 * page (the joint account's session, after logging in), nobody (no `Authorization`), or a token nobody issued.
 */
export type Who = DemoDevice | 'setup-page' | 'nobody' | 'wrong-token';

/**
 * What a row assumes before its request. Each side makes it so its own way (sides.ts): the backend through its
 * carriers and routes, the mocks the way a browser test does (a fixture, a scripted answer).
 * - `voicemail`: Jane left Mary a voicemail (PIN 8264); the living-room TV and Mary's phone were told.
 * - `unlocked-to-delete`: the living-room TV unlocked that voicemail to delete it (a session, `{sessionId}`).
 * - `consent-asked`: Mary asked to link Simon's line; the request waits for his phone (`{consentId}`).
 * - `texting`: every device said what it can do; Mary's phone lets the living-room TV send and receive texts
 *   through it (`{proxyProfileId}` is her phone's profile).
 * - `bedroom-refused`: the relay refuses the bedroom TV's texts (the backend by its rules, the mock as scripted).
 * - `channel-4`: the living-room TV reported channel 4 (The Evening News, or whatever the guide has on now).
 * - `bedroom-removed`: the setup page removed the bedroom TV (its token revoked: the mocks' test says so).
 */
export type Given =
  | 'voicemail'
  | 'unlocked-to-delete'
  | 'consent-asked'
  | 'texting'
  | 'bedroom-refused'
  | 'channel-4'
  | 'bedroom-removed';

/**
 * Ids and secrets each side has its own way, named in a request's path or body as `{name}`: the joint account's
 * id, the voicemail's, the playback session's, the consent request's, Mary's phone's profile, the demo
 * passwords.
 */
export type RefName =
  | 'jointAccountId'
  | 'jointPassword'
  | 'maryPassword'
  | 'luisPassword'
  | 'messageId'
  | 'sessionId'
  | 'consentId'
  | 'proxyProfileId';
export type Refs = Partial<Record<RefName, string>>;

/** The protocol's schemas a response body is validated with, by name. */
export const SCHEMAS = {
  AccountLinking,
  AccountUnlinked,
  ActionResponse,
  Consent,
  ConsentList,
  DeliveryLogView,
  DeliveryReportsAccepted,
  DisplayView,
  EnrollmentCode,
  EnrollmentConfig,
  EnrollmentGranted,
  HouseholdDevice,
  HouseholdDeviceList,
  JointAccountSaved,
  PresenceStatus,
  ProfileList,
  TextView,
  UnlockResponse,
  VoicemailList,
} satisfies Record<string, v.GenericSchema>;
export type SchemaName = keyof typeof SCHEMAS;

/** What a device received on the push channel: an event by its name, an error frame as `error:CODE`. */
export type PushKind = string;
export type Pushes = Partial<Record<DemoDevice, PushKind[]>>;

export interface ParityRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** With `{ref}`s (see {@link RefName}). */
  path: string;
  /** JSON, with `{ref}`s in its strings. */
  json?: unknown;
  /** A body sent as it is (one that is not JSON). */
  raw?: string;
}

export interface Expected {
  status: number;
  /** A refusal's code (protocol/errors.ts); its body is then the one error body, compared key by key. */
  code?: ErrorCode;
  /** Values the refusal's `details` must have on both sides (its keys are compared whatever they hold). */
  details?: ErrorDetails;
  /**
   * The body: valid for this protocol schema on both sides; `keys`: the same keys on both sides, recursively
   * (no schema answers this route); `none`: no body. A refusal's is the error body.
   */
  body?: SchemaName | 'keys' | 'none';
  /** What each device is pushed because of the request (nothing to the devices not named). */
  pushes?: Pushes;
  /**
   * What the mocks push instead, by design, and why: they leave what the server would push to the test ("a test
   * scripts refusals and pushes the server's events", docs/architecture.md): the row's `pushes` say what to push.
   */
  mock?: { pushes: Pushes; why: string };
}

export interface ParityRow {
  name: string;
  who: Who;
  given?: Given[];
  request: ParityRequest;
  expect: Expected;
}

const NOT_PUSHED_BY_MOCKS =
  'the mocks push nothing of their own: a browser test pushes what the server would';

const aText = {
  clientId: 'parity-text-0001',
  proxyProfileId: '{proxyProfileId}',
  recipient: '505-555-1313',
  payload: 'Watching TV — I’ll call you back',
  sendAsSms: true,
};
const aReport = { reports: [{ contentType: 'voicemail', subject: 'parity-1', outcome: 'displayed' }] };
const devices = '/api/joint-accounts/{jointAccountId}/devices';
const retold: Pushes = { 'stb-living-room': ['routing.changed'], 'stb-bedroom': ['routing.changed'] };
const linkAccounts = '/api/joint-accounts/{jointAccountId}/accounts';
const luisLogin = { via: 'credentials', directory: 'wireless', username: 'luis' };
/** The demo household's rules as both sides seed them: Mary's voicemail to the living-room TV. */
const demoRules = {
  config: {
    timeZone: 'America/Denver',
    callerIdOnTv: false,
    relationships: [openRelationship('rel-mary-living-room', 'phone-mary', 'stb-living-room')],
    privacy: {},
  },
};

export const PARITY_ROWS: ParityRow[] = [
  // ---- voicemail (/api/voicemail) ----
  {
    name: 'the living-room TV lists the voicemail',
    who: 'stb-living-room',
    given: ['voicemail'],
    request: { method: 'GET', path: '/api/voicemail' },
    expect: { status: 200, body: 'VoicemailList' },
  },
  {
    name: 'the bedroom TV lists voicemail (it follows no line)',
    who: 'stb-bedroom',
    given: ['voicemail'],
    request: { method: 'GET', path: '/api/voicemail' },
    // The backend lists nothing, the mock what it holds: a list either way (whose messages is the backend's rule).
    expect: { status: 200, body: 'VoicemailList' },
  },
  {
    name: 'nobody lists voicemail',
    who: 'nobody',
    given: ['voicemail'],
    request: { method: 'GET', path: '/api/voicemail' },
    expect: { status: 401, code: ErrorCode.AuthInvalidDevice },
  },
  {
    name: 'a wrong token lists voicemail',
    who: 'wrong-token',
    given: ['voicemail'],
    request: { method: 'GET', path: '/api/voicemail' },
    expect: { status: 401, code: ErrorCode.AuthInvalidDevice },
  },
  {
    name: 'the bedroom TV, removed from the household, lists voicemail',
    who: 'stb-bedroom',
    given: ['voicemail', 'bedroom-removed'],
    request: { method: 'GET', path: '/api/voicemail' },
    expect: { status: 401, code: ErrorCode.AuthRevoked },
  },
  {
    name: 'the living-room TV unlocks the voicemail with the right PIN',
    who: 'stb-living-room',
    given: ['voicemail'],
    request: { method: 'POST', path: '/api/voicemail/{messageId}/unlock', json: { pin: DEMO_PIN } },
    expect: { status: 201, body: 'UnlockResponse' },
  },
  {
    name: 'the living-room TV unlocks the voicemail with a wrong PIN',
    who: 'stb-living-room',
    given: ['voicemail'],
    request: { method: 'POST', path: '/api/voicemail/{messageId}/unlock', json: { pin: '1111' } },
    expect: { status: 403, code: ErrorCode.PinWrong, details: { attemptsLeft: 4 } },
  },
  {
    name: 'the living-room TV unlocks a voicemail that is not there',
    who: 'stb-living-room',
    given: ['voicemail'],
    request: { method: 'POST', path: '/api/voicemail/no-such-message/unlock', json: { pin: DEMO_PIN } },
    expect: { status: 404, code: ErrorCode.MessageNotFound },
  },
  {
    name: 'the living-room TV sends a PIN that is not JSON',
    who: 'stb-living-room',
    given: ['voicemail'],
    request: { method: 'POST', path: '/api/voicemail/{messageId}/unlock', raw: '{"pin": 8264' },
    expect: { status: 400, code: ErrorCode.ProtocolMalformed },
  },
  {
    name: 'the living-room TV sends a PIN of letters',
    who: 'stb-living-room',
    given: ['voicemail'],
    request: { method: 'POST', path: '/api/voicemail/{messageId}/unlock', json: { pin: 'abcd' } },
    expect: { status: 400, code: ErrorCode.ProtocolMalformed, details: { field: 'pin' } },
  },
  {
    name: 'the living-room TV deletes the voicemail it unlocked',
    who: 'stb-living-room',
    given: ['voicemail', 'unlocked-to-delete'],
    request: {
      method: 'POST',
      path: '/api/voicemail/{messageId}/delete',
      json: { sessionId: '{sessionId}' },
    },
    expect: {
      status: 200,
      body: 'ActionResponse',
      pushes: { 'stb-living-room': ['voicemail.updated'], 'phone-mary': ['voicemail.updated'] },
      mock: { pushes: {}, why: NOT_PUSHED_BY_MOCKS },
    },
  },
  {
    name: 'the living-room TV keeps the voicemail for later',
    who: 'stb-living-room',
    given: ['voicemail'],
    request: { method: 'POST', path: '/api/voicemail/{messageId}/later' },
    expect: {
      status: 200,
      body: 'ActionResponse',
      pushes: { 'stb-living-room': ['voicemail.updated'], 'phone-mary': ['voicemail.updated'] },
      mock: { pushes: {}, why: NOT_PUSHED_BY_MOCKS },
    },
  },
  {
    name: 'nobody deletes the voicemail',
    who: 'nobody',
    given: ['voicemail', 'unlocked-to-delete'],
    request: {
      method: 'POST',
      path: '/api/voicemail/{messageId}/delete',
      json: { sessionId: '{sessionId}' },
    },
    expect: { status: 401, code: ErrorCode.AuthInvalidDevice },
  },

  // ---- consents (/api/consents) ----
  {
    name: "Simon's phone lists the consent asked of it",
    who: 'phone-simon',
    given: ['consent-asked'],
    request: { method: 'GET', path: '/api/consents' },
    expect: { status: 200, body: 'ConsentList' },
  },
  {
    name: "Simon's phone approves the consent",
    who: 'phone-simon',
    given: ['consent-asked'],
    request: { method: 'POST', path: '/api/consents/{consentId}/decision', json: { approve: true } },
    expect: { status: 200, body: 'Consent' },
  },
  {
    name: "Simon's phone answers a consent nobody asked",
    who: 'phone-simon',
    given: ['consent-asked'],
    request: { method: 'POST', path: '/api/consents/cns_nobody-asked/decision', json: { approve: true } },
    expect: { status: 404, code: ErrorCode.ConsentNotFound },
  },
  {
    name: "Simon's phone answers the consent with a word",
    who: 'phone-simon',
    given: ['consent-asked'],
    request: { method: 'POST', path: '/api/consents/{consentId}/decision', json: { approve: 'yes' } },
    expect: { status: 400, code: ErrorCode.ProtocolMalformed, details: { field: 'approve' } },
  },
  {
    name: 'nobody lists consents',
    who: 'nobody',
    request: { method: 'GET', path: '/api/consents' },
    expect: { status: 401, code: ErrorCode.AuthInvalidDevice },
  },
  {
    name: 'a wrong token lists consents',
    who: 'wrong-token',
    request: { method: 'GET', path: '/api/consents' },
    expect: { status: 401, code: ErrorCode.AuthInvalidDevice },
  },

  // ---- displays (/api/displays/me) ----
  {
    name: 'the living-room TV reports channel 4',
    who: 'stb-living-room',
    request: { method: 'PUT', path: '/api/displays/me', json: { channel: '4' } },
    expect: { status: 204, body: 'none' },
  },
  {
    name: 'the living-room TV reads its display',
    who: 'stb-living-room',
    given: ['channel-4'],
    request: { method: 'GET', path: '/api/displays/me' },
    expect: { status: 200, body: 'DisplayView' },
  },
  {
    name: 'the living-room TV asks for quiet during the programme',
    who: 'stb-living-room',
    given: ['channel-4'],
    request: { method: 'POST', path: '/api/displays/me/quiet' },
    expect: { status: 200, body: 'keys' },
  },
  {
    name: 'the living-room TV ends the quiet',
    who: 'stb-living-room',
    given: ['channel-4'],
    request: { method: 'DELETE', path: '/api/displays/me/quiet' },
    expect: { status: 200, body: 'keys' },
  },
  {
    name: 'the bedroom TV asks for quiet with no channel reported',
    who: 'stb-bedroom',
    request: { method: 'POST', path: '/api/displays/me/quiet' },
    expect: { status: 409, code: ErrorCode.NoProgramme },
  },
  {
    name: 'the living-room TV reports a channel as a number',
    who: 'stb-living-room',
    request: { method: 'PUT', path: '/api/displays/me', json: { channel: 4 } },
    expect: { status: 400, code: ErrorCode.ProtocolMalformed, details: { field: 'channel' } },
  },
  {
    name: 'the bedroom TV, removed from the household, reports a channel',
    who: 'stb-bedroom',
    given: ['bedroom-removed'],
    request: { method: 'PUT', path: '/api/displays/me', json: { channel: '7' } },
    expect: { status: 401, code: ErrorCode.AuthRevoked },
  },
  {
    name: 'nobody reports a channel',
    who: 'nobody',
    request: { method: 'PUT', path: '/api/displays/me', json: { channel: '4' } },
    expect: { status: 401, code: ErrorCode.AuthInvalidDevice },
  },
  {
    name: 'a wrong token reads a display',
    who: 'wrong-token',
    request: { method: 'GET', path: '/api/displays/me' },
    expect: { status: 401, code: ErrorCode.AuthInvalidDevice },
  },

  // ---- texting (/api/identity, /api/texts) ----
  {
    name: 'the living-room TV lists the phones it may text through',
    who: 'stb-living-room',
    given: ['texting'],
    request: { method: 'GET', path: '/api/identity/profiles' },
    expect: { status: 200, body: 'ProfileList' },
  },
  {
    name: 'the bedroom TV says what it can do',
    who: 'stb-bedroom',
    request: { method: 'PUT', path: '/api/identity/presence', json: { capabilities: ['display', 'audio'] } },
    expect: { status: 200, body: 'PresenceStatus' },
  },
  {
    name: "the living-room TV sends a text through Mary's phone",
    who: 'stb-living-room',
    given: ['texting'],
    request: { method: 'POST', path: '/api/texts', json: aText },
    expect: {
      status: 202,
      body: 'TextView',
      pushes: {
        'stb-living-room': ['text.updated'],
        'phone-mary': ['sms.send-request', 'text.updated'],
      },
      mock: { pushes: {}, why: NOT_PUSHED_BY_MOCKS },
    },
  },
  {
    name: "the bedroom TV sends a text Mary's phone does not allow",
    who: 'stb-bedroom',
    given: ['texting', 'bedroom-refused'],
    request: { method: 'POST', path: '/api/texts', json: aText },
    expect: {
      status: 403,
      body: 'TextView',
      // Told "unauthorized": the sender, the phone, and the living-room TV (it may see the phone's texts).
      pushes: {
        'stb-bedroom': ['text.updated'],
        'phone-mary': ['text.updated'],
        'stb-living-room': ['text.updated'],
      },
      mock: { pushes: {}, why: NOT_PUSHED_BY_MOCKS },
    },
  },
  {
    name: 'the living-room TV sends a text to a number that is not one',
    who: 'stb-living-room',
    given: ['texting'],
    request: { method: 'POST', path: '/api/texts', json: { ...aText, recipient: 'call me' } },
    expect: { status: 400, code: ErrorCode.ProtocolMalformed, details: { field: 'recipient' } },
  },
  {
    name: 'nobody sends a text',
    who: 'nobody',
    given: ['texting'],
    request: { method: 'POST', path: '/api/texts', json: aText },
    expect: { status: 401, code: ErrorCode.AuthInvalidDevice },
  },
  {
    name: 'a wrong token lists profiles',
    who: 'wrong-token',
    request: { method: 'GET', path: '/api/identity/profiles' },
    expect: { status: 401, code: ErrorCode.AuthInvalidDevice },
  },

  // ---- the household's devices (the setup page, and a phone) ----
  {
    name: 'the setup page lists the devices',
    who: 'setup-page',
    request: { method: 'GET', path: devices },
    expect: { status: 200, body: 'HouseholdDeviceList' },
  },
  {
    name: "Mary's phone lists the devices",
    who: 'phone-mary',
    request: { method: 'GET', path: '/api/household/devices' },
    expect: { status: 200, body: 'HouseholdDeviceList' },
  },
  {
    name: 'the setup page renames the bedroom TV',
    who: 'setup-page',
    request: { method: 'PATCH', path: `${devices}/stb-bedroom`, json: { name: 'Guest-room TV' } },
    expect: { status: 200, body: 'HouseholdDevice' },
  },
  {
    name: 'the setup page renames a device that is not there',
    who: 'setup-page',
    request: { method: 'PATCH', path: `${devices}/stb-next-door`, json: { name: 'Guest-room TV' } },
    expect: { status: 404, code: ErrorCode.DeviceNotFound },
  },
  {
    name: 'the setup page renames a device to nothing',
    who: 'setup-page',
    request: { method: 'PATCH', path: `${devices}/stb-bedroom`, json: {} },
    expect: { status: 400, code: ErrorCode.ProtocolMalformed },
  },
  {
    name: 'the setup page removes the bedroom TV',
    who: 'setup-page',
    request: { method: 'DELETE', path: `${devices}/stb-bedroom` },
    expect: {
      status: 204,
      body: 'none',
      pushes: { 'stb-bedroom': ['error:AUTH_REVOKED'] },
      mock: {
        pushes: {},
        why: 'a test that means a removed device to be told says so (gateway.revoke), as MockHousehold says',
      },
    },
  },
  {
    name: 'the setup page removes a device that is not there',
    who: 'setup-page',
    request: { method: 'DELETE', path: `${devices}/stb-next-door` },
    expect: { status: 404, code: ErrorCode.DeviceNotFound },
  },
  {
    name: 'nobody lists the joint account’s devices',
    who: 'nobody',
    request: { method: 'GET', path: devices },
    expect: { status: 401, code: ErrorCode.AccountSessionInvalid },
  },
  {
    name: 'the setup page lists another joint account’s devices',
    who: 'setup-page',
    request: { method: 'GET', path: '/api/joint-accounts/ja-next-door/devices' },
    expect: { status: 403, code: ErrorCode.Forbidden },
  },
  {
    name: 'a wrong token lists the household from a phone',
    who: 'wrong-token',
    request: { method: 'GET', path: '/api/household/devices' },
    expect: { status: 401, code: ErrorCode.AuthInvalidDevice },
  },

  // ---- the setup page's login ----
  {
    name: 'the setup page logs in',
    who: 'nobody',
    request: {
      method: 'POST',
      path: '/api/joint-accounts/login',
      json: { jointAccountId: '{jointAccountId}', password: '{jointPassword}' },
    },
    expect: { status: 200, body: 'keys' },
  },
  {
    name: 'the setup page logs in with a wrong password',
    who: 'nobody',
    request: {
      method: 'POST',
      path: '/api/joint-accounts/login',
      json: { jointAccountId: '{jointAccountId}', password: 'not-the-password' },
    },
    expect: { status: 401, code: ErrorCode.LoginFailed, details: { attemptsLeft: 4, field: 'password' } },
  },

  // ---- enrollment ----
  {
    name: 'the setup page looks up a code no device shows',
    who: 'setup-page',
    request: { method: 'GET', path: '/api/joint-accounts/{jointAccountId}/enrollments/BCDFGHJK' },
    expect: { status: 404, code: ErrorCode.EnrollCodeUnknown, details: { field: 'userCode' } },
  },
  {
    name: "Mary's phone looks up a code no device shows",
    who: 'phone-mary',
    request: { method: 'GET', path: '/api/household/enrollments/BCDF-GHJK' },
    expect: { status: 404, code: ErrorCode.EnrollCodeUnknown, details: { field: 'userCode' } },
  },
  {
    name: 'a new TV reads how to enroll',
    who: 'nobody',
    request: { method: 'GET', path: '/api/enroll/config' },
    expect: { status: 200, body: 'EnrollmentConfig' },
  },
  {
    name: 'a new TV asks for a code',
    who: 'nobody',
    request: {
      method: 'POST',
      path: '/api/enroll/codes',
      json: { kind: 'stb', platform: 'Browser', model: 'Parity', appVersion: '0.1.0' },
    },
    expect: { status: 201, body: 'EnrollmentCode' },
  },
  {
    name: 'a new TV polls with a device code nobody issued',
    who: 'nobody',
    request: { method: 'POST', path: '/api/enroll/token', json: { deviceCode: 'no-such-device-code' } },
    expect: { status: 400, code: ErrorCode.EnrollExpired },
  },

  // ---- phone sign-in (/api/enroll/phone) ----
  {
    name: "Mary's phone signs in",
    who: 'nobody',
    request: {
      method: 'POST',
      path: '/api/enroll/phone',
      json: { username: 'mary', password: '{maryPassword}', phoneNumber: '5055551212' },
    },
    expect: {
      status: 201,
      body: 'EnrollmentGranted',
      pushes: { 'phone-mary': ['error:AUTH_REVOKED'] },
      mock: {
        pushes: {},
        why: 'what a new grant revokes is the backend’s rule (the mock keeps every token)',
      },
    },
  },
  {
    name: "Mary's phone signs in with a wrong password",
    who: 'nobody',
    request: {
      method: 'POST',
      path: '/api/enroll/phone',
      json: { username: 'mary', password: 'not-the-password', phoneNumber: '5055551212' },
    },
    expect: { status: 401, code: ErrorCode.LoginFailed, details: { attemptsLeft: 4, field: 'password' } },
  },
  {
    name: "Mary's phone signs in with no password",
    who: 'nobody',
    request: {
      method: 'POST',
      path: '/api/enroll/phone',
      json: { username: 'mary', password: '', phoneNumber: '5055551212' },
    },
    expect: { status: 400, code: ErrorCode.ProtocolMalformed, details: { field: 'password' } },
  },

  // ---- deliveries ----
  {
    name: 'the living-room TV reports an outcome',
    who: 'stb-living-room',
    request: { method: 'POST', path: '/api/deliveries', json: aReport },
    expect: { status: 202, body: 'DeliveryReportsAccepted' },
  },
  {
    name: 'the living-room TV reports no outcomes',
    who: 'stb-living-room',
    request: { method: 'POST', path: '/api/deliveries', json: { reports: [] } },
    expect: { status: 400, code: ErrorCode.ProtocolMalformed, details: { field: 'reports' } },
  },
  {
    name: 'nobody reports an outcome',
    who: 'nobody',
    request: { method: 'POST', path: '/api/deliveries', json: aReport },
    expect: { status: 401, code: ErrorCode.AuthInvalidDevice },
  },
  {
    name: 'the setup page reads the delivery log',
    who: 'setup-page',
    given: ['voicemail'],
    request: { method: 'GET', path: '/api/joint-accounts/{jointAccountId}/delivery-log' },
    expect: { status: 200, body: 'DeliveryLogView' },
  },
  {
    name: 'nobody reads the delivery log',
    who: 'nobody',
    request: { method: 'GET', path: '/api/joint-accounts/{jointAccountId}/delivery-log' },
    expect: { status: 401, code: ErrorCode.AccountSessionInvalid },
  },
  {
    name: "the setup page reads one device's voicemail in the delivery log, a page of 5",
    who: 'setup-page',
    given: ['voicemail'],
    request: {
      method: 'GET',
      path: '/api/joint-accounts/{jointAccountId}/delivery-log?device=stb-living-room&kind=voicemail&limit=5',
    },
    expect: { status: 200, body: 'DeliveryLogView' },
  },
  {
    name: 'the setup page asks for a delivery log page of 51',
    who: 'setup-page',
    request: { method: 'GET', path: '/api/joint-accounts/{jointAccountId}/delivery-log?limit=51' },
    expect: { status: 400, code: ErrorCode.ProtocolMalformed, details: { field: 'limit' } },
  },

  // ---- the joint account's rules and accounts (/api/joint-accounts/:id/{config,accounts}) ----
  {
    name: 'the setup page saves the rules',
    who: 'setup-page',
    request: { method: 'PUT', path: '/api/joint-accounts/{jointAccountId}/config', json: demoRules },
    expect: {
      status: 200,
      body: 'JointAccountSaved',
      // Every display is told again what it receives.
      pushes: retold,
      mock: { pushes: {}, why: NOT_PUSHED_BY_MOCKS },
    },
  },
  {
    name: "the setup page links Luis's account by its password",
    who: 'setup-page',
    request: { method: 'POST', path: linkAccounts, json: { ...luisLogin, password: '{luisPassword}' } },
    expect: {
      status: 201,
      body: 'AccountLinking',
      // Every display is told again what it receives.
      pushes: retold,
      mock: { pushes: {}, why: NOT_PUSHED_BY_MOCKS },
    },
  },
  {
    name: "the setup page links Luis's account with a wrong password",
    who: 'setup-page',
    request: { method: 'POST', path: linkAccounts, json: { ...luisLogin, password: 'not-his-password' } },
    expect: { status: 401, code: ErrorCode.LoginFailed, details: { attemptsLeft: 4, field: 'password' } },
  },
  {
    name: "the setup page asks for Luis's line",
    who: 'setup-page',
    request: { method: 'POST', path: linkAccounts, json: { via: 'consent', phoneNumber: '505-555-1818' } },
    expect: { status: 202, body: 'AccountLinking' },
  },
  {
    name: 'the setup page asks where a link stands when none was asked for',
    who: 'setup-page',
    request: { method: 'GET', path: `${linkAccounts}/link` },
    expect: { status: 404, code: ErrorCode.ConsentNotFound },
  },
  {
    name: 'nobody links an account',
    who: 'nobody',
    request: { method: 'POST', path: linkAccounts, json: { via: 'consent', phoneNumber: '505-555-1818' } },
    expect: { status: 401, code: ErrorCode.AccountSessionInvalid },
  },
  {
    name: 'the setup page unlinks an account the joint account does not join',
    who: 'setup-page',
    request: { method: 'DELETE', path: `${linkAccounts}/wireless:wacct-nobody` },
    expect: { status: 404, code: ErrorCode.NotFound },
  },
];
