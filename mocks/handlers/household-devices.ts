import { http, HttpResponse } from 'msw';
import {
  DeviceRename,
  EnrollmentApproval,
  ErrorCode,
  JointAccountLogin,
  openRelationship,
  PhoneEnrollment,
  USER_CODE_ALPHABET,
  UserCode,
  validate,
  type DeliveryLogView,
  type DeviceDescription,
  type EnrollAs,
  type EnrollmentApproved,
  type EnrollmentGranted,
  type EnrollmentRequestView,
  type ErrorBody,
  type ErrorDetails,
  type HouseholdDevice,
  type HouseholdDeviceList,
  type JointAccountView,
} from '../../protocol/index.ts';
import { MOCK_DEVICES, MOCK_TOKENS } from '../fixtures.ts';
import { MockGateway } from '../mock-gateway.ts';
import { MOCK_SMS_NETWORK_URL, mockSimKey } from '../mock-texting.ts';

type Failure = { status: number; body: ErrorBody };
type Result<T> = { ok: true; value: T } | { ok: false; failure: Failure };

/** A wireless account as the mock's carrier knows it: who can sign a phone of theirs in. */
export interface MockWirelessAccount {
  username: string;
  password: string;
  /** Its lines, by phone number, with the device id each one is in the household. */
  lines: Record<string, string>;
}

/** A code a device showed, and what became of it. */
export interface MockEnrollmentRequest {
  view: EnrollmentRequestView;
  state: 'pending' | 'approved' | 'denied';
  /** What the approver said it is. */
  as?: EnrollAs;
}

/** What `/api/joint-accounts/login` takes for the mock household. */
export const MOCK_JOINT_ACCOUNT = {
  jointAccountId: 'ja-mock-home',
  password: 'mock-joint-password',
} as const;

const CODE_TTL_MS = 10 * 60_000;
const GUESSES = 5;
const GUESS_LOCK_SEC = 15 * 60;
const LOGIN_TRIES = 3;
const LOGIN_LOCK_SEC = 15 * 60;

/**
 * The demo household's enrollment side in memory, for msw (as server/enrollment does it): codes that devices show
 * and a household member approves (as one of its TVs, or a new screen) or declines, with wrong codes limited;
 * phones signing in with their line's wireless account (a token the gateway and the device routes accept); the
 * devices list with rename and remove (which revokes the device's tokens through the gateway: its socket is closed
 * with 4403). Besides the demo's four devices it has Luis's phone (his line, never signed in) and a den TV on the
 * cable account (never joined).
 */
export class MockHousehold {
  readonly devices: HouseholdDevice[];
  readonly requests: MockEnrollmentRequest[] = [];
  readonly accounts: MockWirelessAccount[] = [
    { username: 'mary', password: 'mary-password', lines: { '5055551212': 'phone-mary' } },
    { username: 'simon', password: 'simon-password', lines: { '5055551414': 'phone-simon' } },
    { username: 'luis', password: 'luis-password', lines: { '5055551818': 'phone-luis' } },
  ];
  /** Every grant given to a phone that signed in, in order. */
  readonly granted: EnrollmentGranted[] = [];
  /** How many more wrong codes before guessing is locked. */
  guessesLeft = GUESSES;
  private guessLockedUntil = 0;
  private readonly loginTriesLeft = new Map<string, number>();
  private readonly gateway: MockGateway;
  private readonly revokeListeners = new Set<(deviceId: string) => void>();
  private screens = 0;

  /** @param gateway the mock backend's: its tokens are the backend's, and it closes a removed device's socket. */
  constructor(
    gateway = new MockGateway(Object.fromEntries(Object.entries(MOCK_TOKENS).map(([d, t]) => [t, d]))),
  ) {
    this.gateway = gateway;
    const enrolledAt = new Date(Date.now() - 86_400_000).toISOString();
    this.devices = [
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

  /** A device with no token asks to join: it shows the returned code (as `POST /api/enroll/codes` would). */
  ask(description: DeviceDescription, userCode = randomCode()): string {
    const now = Date.now();
    this.requests.push({
      state: 'pending',
      view: {
        userCode,
        ...description,
        requestedAt: new Date(now - 30_000).toISOString(),
        expiresAt: new Date(now + CODE_TTL_MS).toISOString(),
      },
    });
    return userCode;
  }

  /** The code's 10 minutes are over. */
  expire(userCode: string): void {
    const request = this.requests.find((r) => r.view.userCode === userCode);
    if (request) request.view.expiresAt = new Date(Date.now() - 1000).toISOString();
  }

  device(deviceId: string): HouseholdDevice | undefined {
    return this.devices.find((d) => d.id === deviceId);
  }

  /** The device a token belongs to while it is valid. */
  deviceOfToken(token: string): string | null {
    return this.gateway.tokens.deviceOf(token) ?? null;
  }

  /** Every device as the devices page shows it: online while it is on the mock channel. */
  list(): HouseholdDevice[] {
    return this.devices.map((d) => ({ ...d, online: d.online || this.gateway.isConnected(d.id) }));
  }

  /** Called when a device is removed (after its tokens stop working). */
  onRevoke(listener: (deviceId: string) => void): () => void {
    this.revokeListeners.add(listener);
    return () => this.revokeListeners.delete(listener);
  }

  /** Says the device is (or is not) online, whatever the channel says. */
  setOnline(deviceId: string, online: boolean): void {
    const device = this.device(deviceId);
    if (!device) return;
    device.online = online;
    device.lastSeenAt = new Date().toISOString();
  }

  lookup(rawCode: string): Result<MockEnrollmentRequest> {
    const now = Date.now();
    if (this.guessLockedUntil > now)
      return fail(429, ErrorCode.EnrollGuessLimited, 'too many wrong codes', {
        retryAfterSec: Math.ceil((this.guessLockedUntil - now) / 1000),
      });
    const parsed = validate(UserCode, rawCode);
    const request = parsed.ok
      ? this.requests.find((r) => r.view.userCode === parsed.value && r.state === 'pending')
      : undefined;
    if (request && Date.parse(request.view.expiresAt) > now) return { ok: true, value: request };
    this.guessesLeft--;
    if (this.guessesLeft <= 0) {
      this.guessLockedUntil = now + GUESS_LOCK_SEC * 1000;
      return fail(429, ErrorCode.EnrollGuessLimited, 'too many wrong codes', {
        retryAfterSec: GUESS_LOCK_SEC,
      });
    }
    return fail(404, ErrorCode.EnrollCodeUnknown, 'no device is showing that code now', {
      attemptsLeft: this.guessesLeft,
      field: 'userCode',
    });
  }

  approve(approval: EnrollmentApproval): Result<HouseholdDevice> {
    const found = this.lookup(approval.userCode);
    if (!found.ok) return found;
    const request = found.value;
    let device: HouseholdDevice;
    if ('deviceId' in approval.as) {
      const existing = this.device(approval.as.deviceId);
      if (!existing || existing.kind !== request.view.kind) {
        return fail(
          422,
          ErrorCode.DeviceNotOwned,
          `no ${request.view.kind} of this household is ${approval.as.deviceId}`,
          {
            field: 'as.deviceId',
          },
        );
      }
      // The TV gets its new token when it polls next; an earlier one of this device stops now.
      this.gateway.revoke(existing.id);
      device = existing;
    } else {
      device = {
        id: `screen-${++this.screens}`,
        kind: request.view.kind,
        name: approval.as.name,
        room: approval.as.room,
        phoneNumber: null,
        ownerName: 'Household',
        ...NEVER_JOINED,
      };
      this.devices.push(device);
    }
    Object.assign(device, {
      platform: request.view.platform,
      model: request.view.model,
      appVersion: request.view.appVersion,
      enrolled: true,
      enrolledAt: new Date().toISOString(),
    });
    request.state = 'approved';
    request.as = approval.as;
    return { ok: true, value: device };
  }

  deny(userCode: string): Result<null> {
    const found = this.lookup(userCode);
    if (!found.ok) return found;
    found.value.state = 'denied';
    return { ok: true, value: null };
  }

  rename(deviceId: string, change: DeviceRename): Result<HouseholdDevice> {
    const device = this.device(deviceId);
    if (!device) return fail(404, ErrorCode.DeviceNotFound, 'no such device in this household');
    if (change.room !== undefined && device.kind !== 'stb') {
      return fail(422, ErrorCode.DeviceNotOwned, 'only a TV has a room', { field: 'room' });
    }
    if (change.name !== undefined) device.name = change.name;
    if (change.room !== undefined) device.room = change.room;
    return { ok: true, value: device };
  }

  /** Removes a device: its tokens stop working at once, its socket is closed; a new screen leaves the list. */
  remove(deviceId: string): Result<null> {
    const device = this.device(deviceId);
    if (!device) return fail(404, ErrorCode.DeviceNotFound, 'no such device in this household');
    this.gateway.revoke(deviceId);
    Object.assign(device, { enrolled: false, enrolledAt: null, online: false });
    if (deviceId.startsWith('screen-')) this.devices.splice(this.devices.indexOf(device), 1);
    for (const listener of this.revokeListeners) listener(deviceId);
    return { ok: true, value: null };
  }

  enrollPhone(request: PhoneEnrollment): Result<EnrollmentGranted> {
    const account = this.accounts.find((a) => a.username === request.username);
    const left = this.loginTriesLeft.get(request.username) ?? LOGIN_TRIES;
    if (left <= 0) {
      return fail(429, ErrorCode.LoginLocked, 'too many wrong passwords', { retryAfterSec: LOGIN_LOCK_SEC });
    }
    if (!account || account.password !== request.password) {
      this.loginTriesLeft.set(request.username, left - 1);
      return left - 1 <= 0
        ? fail(429, ErrorCode.LoginLocked, 'too many wrong passwords', { retryAfterSec: LOGIN_LOCK_SEC })
        : fail(401, ErrorCode.LoginFailed, 'wrong user name or password', { attemptsLeft: left - 1 });
    }
    this.loginTriesLeft.delete(request.username);
    const deviceId = account.lines[request.phoneNumber];
    const device = deviceId ? this.device(deviceId) : undefined;
    if (!device) {
      return fail(403, ErrorCode.Forbidden, 'that line is not on this account', { field: 'phoneNumber' });
    }
    // Enrolling again: the earlier token stops, and its socket with it.
    this.gateway.revoke(device.id);
    const token = this.gateway.tokens.issue(device.id);
    Object.assign(device, {
      platform: 'Phone',
      model: '',
      appVersion: request.appVersion ?? '',
      enrolled: true,
      enrolledAt: new Date().toISOString(),
    });
    const grant: EnrollmentGranted = {
      deviceId: device.id,
      token,
      kind: 'phone',
      name: device.name,
      room: null,
      sim: { networkUrl: MOCK_SMS_NETWORK_URL, key: mockSimKey(request.phoneNumber) },
    };
    this.granted.push(grant);
    return { ok: true, value: grant };
  }

  /** The mock household as the setup page sees it once logged in. */
  view(): JointAccountView {
    return {
      jointAccountId: MOCK_JOINT_ACCOUNT.jointAccountId,
      name: "Mary and Simon's home",
      billingCode: 'MOCK-0001',
      accounts: [
        { directory: 'wireless', holderName: 'Mary', via: 'credentials' },
        { directory: 'cable', holderName: 'Mary', via: 'credentials' },
      ],
      devices: this.devices.map(({ id, kind, name, phoneNumber, room, ownerName }) => ({
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
}

const NEVER_JOINED = {
  platform: null,
  model: null,
  appVersion: null,
  enrolled: false,
  enrolledAt: null,
  lastSeenAt: null,
  online: false,
} as const;

/** The session token `/api/joint-accounts/login` gives for the mock household. */
const SESSION_TOKEN = 'mock-joint-session';

/**
 * The backend's enrollment routes (server/enrollment), answered by a {@link MockHousehold}: the setup page's
 * `/api/joint-accounts/login` and `…/:id/{enrollments,devices,delivery-log}`, a phone's `/api/household/*`, and
 * `POST /api/enroll/phone`.
 */
export function householdHandlers(household: MockHousehold) {
  const bearer = (request: Request) => request.headers.get('authorization')?.replace(/^Bearer /, '') ?? '';
  /** The joint account's session, or why not. */
  const session = (request: Request, id: unknown): Failure | null =>
    bearer(request) !== SESSION_TOKEN
      ? failure(401, ErrorCode.AccountSessionInvalid, 'log in again')
      : id !== MOCK_JOINT_ACCOUNT.jointAccountId
        ? failure(403, ErrorCode.Forbidden, 'not your joint account')
        : null;
  /** A phone of the household by its device token, or why not. */
  const phone = (request: Request): Failure | null => {
    const device = household.deviceOfToken(bearer(request));
    if (!device) return failure(401, ErrorCode.AuthInvalidDevice, 'a device token is required');
    return household.device(device)?.kind === 'phone'
      ? null
      : failure(403, ErrorCode.Forbidden, 'only a phone of a joint account can add devices to it');
  };
  const list = () => HttpResponse.json({ devices: household.list() } satisfies HouseholdDeviceList);

  const approvalRoutes = (base: string, guard: (request: Request, id: unknown) => Failure | null) => [
    http.get(`*${base}/enrollments/:userCode`, ({ request, params }) =>
      answer(guard(request, params.id) ?? household.lookup(String(params.userCode)), (r) => r.view),
    ),
    http.post(`*${base}/enrollments`, async ({ request, params }) => {
      const denied = guard(request, params.id);
      if (denied) return reply(denied);
      const body = validate(EnrollmentApproval, await request.json().catch(() => undefined));
      if (!body.ok)
        return reply(failure(400, body.code, body.message, body.field ? { field: body.field } : {}));
      return answer(
        household.approve(body.value),
        (device) => ({ device }) satisfies EnrollmentApproved,
        201,
      );
    }),
    http.post(`*${base}/enrollments/:userCode/deny`, ({ request, params }) =>
      answer(guard(request, params.id) ?? household.deny(String(params.userCode)), () => null, 204),
    ),
  ];

  return [
    http.post('*/api/joint-accounts/login', async ({ request }) => {
      const body = validate(JointAccountLogin, await request.json().catch(() => undefined));
      if (!body.ok) return reply(failure(400, body.code, body.message));
      const { jointAccountId, password } = body.value;
      if (jointAccountId !== MOCK_JOINT_ACCOUNT.jointAccountId || password !== MOCK_JOINT_ACCOUNT.password) {
        return reply(failure(401, ErrorCode.LoginFailed, 'wrong joint account id or password'));
      }
      return HttpResponse.json({ sessionToken: SESSION_TOKEN, account: household.view() });
    }),
    http.post('*/api/joint-accounts/logout', () => new HttpResponse(null, { status: 204 })),
    http.get('*/api/joint-accounts/:id/delivery-log', ({ request, params }) =>
      answer(session(request, params.id), () => ({ entries: [] }) satisfies DeliveryLogView),
    ),
    ...approvalRoutes('/api/joint-accounts/:id', session),
    http.get('*/api/joint-accounts/:id/devices', ({ request, params }) => {
      const denied = session(request, params.id);
      return denied ? reply(denied) : list();
    }),
    http.patch('*/api/joint-accounts/:id/devices/:deviceId', async ({ request, params }) => {
      const denied = session(request, params.id);
      if (denied) return reply(denied);
      const body = validate(DeviceRename, await request.json().catch(() => undefined));
      if (!body.ok)
        return reply(failure(400, body.code, body.message, body.field ? { field: body.field } : {}));
      return answer(household.rename(String(params.deviceId), body.value), (d) => d);
    }),
    http.delete('*/api/joint-accounts/:id/devices/:deviceId', ({ request, params }) =>
      answer(session(request, params.id) ?? household.remove(String(params.deviceId)), () => null, 204),
    ),
    ...approvalRoutes('/api/household', (request) => phone(request)),
    http.get('*/api/household/devices', ({ request }) => {
      const denied = phone(request);
      return denied ? reply(denied) : list();
    }),
    http.post('*/api/enroll/phone', async ({ request }) => {
      const body = validate(PhoneEnrollment, await request.json().catch(() => undefined));
      if (!body.ok)
        return reply(failure(400, body.code, body.message, body.field ? { field: body.field } : {}));
      return answer(household.enrollPhone(body.value), (grant) => grant, 201);
    }),
  ];
}

function randomCode(): string {
  let code = '';
  for (let i = 0; i < 8; i++)
    code += USER_CODE_ALPHABET[Math.floor(Math.random() * USER_CODE_ALPHABET.length)];
  return code;
}

const failure = (status: number, code: ErrorCode, message: string, details?: ErrorDetails): Failure => ({
  status,
  body: { error: { code, message, ...(details ? { details } : {}) } },
});

const fail = (status: number, code: ErrorCode, message: string, details?: ErrorDetails) => ({
  ok: false as const,
  failure: failure(status, code, message, details),
});

const reply = (f: Failure) => HttpResponse.json(f.body, { status: f.status });

/** A refusal (a guard's, or the household's), or the value as JSON (`null` with 204: no body). */
function answer<T>(result: Failure | null | Result<T>, body: (value: T) => unknown, status = 200): Response {
  if (result && 'status' in result) return reply(result);
  if (result && !result.ok) return reply(result.failure);
  const value = body(result?.value as T);
  return value === null ? new HttpResponse(null, { status }) : HttpResponse.json(value, { status });
}
