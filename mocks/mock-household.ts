import {
  ErrorCode,
  UserCode,
  validate,
  type DeviceDescription,
  type DeviceRename,
  type EnrollAs,
  type EnrollmentApproval,
  type EnrollmentGranted,
  type EnrollmentRequestView,
  type HouseholdDevice,
  type JointAccountView,
  type PhoneEnrollment,
  type PolicyConfig,
} from '../protocol/index.ts';
import {
  householdDevicesFixture,
  jointAccountFixture,
  MOCK_TOKENS,
  MOCK_WIRELESS_ACCOUNTS,
  NEVER_JOINED,
  randomUserCode,
} from './fixtures.ts';
import { MockAccountLinks } from './mock-account-links.ts';
import { MockGateway } from './mock-gateway.ts';
import { mockSim } from './mock-sms-network.ts';
import { failure, isFailure, type Failure } from './refusals.ts';

/** A code a device showed, and what became of it. */
export interface MockEnrollmentRequest {
  view: EnrollmentRequestView;
  state: 'pending' | 'approved' | 'denied' | 'expired';
  /** What the approver said it is. */
  as?: EnrollAs;
}

/** A code nobody is waiting with, as the backend refuses it with `attemptsLeft` guesses left. */
export const codeUnknown = (attemptsLeft: number): Failure =>
  failure(404, ErrorCode.EnrollCodeUnknown, 'no device is showing that code now', {
    attemptsLeft,
    field: 'userCode',
  });

/** Guessing codes locked for `retryAfterSec`. */
export const guessesLocked = (retryAfterSec: number): Failure =>
  failure(429, ErrorCode.EnrollGuessLimited, 'too many wrong codes', { retryAfterSec });

/** A wrong user name or password at a phone's sign-in, with `attemptsLeft` tries left (about the password field). */
export const loginFailed = (attemptsLeft: number): Failure =>
  failure(401, ErrorCode.LoginFailed, 'wrong user name or password', { attemptsLeft, field: 'password' });

/** How long a code says it works. */
const CODE_TTL_MS = 10 * 60_000;

/**
 * The household's side of enrollment for msw: codes that devices show (a test says which, and when one expires),
 * which a household member approves (as one of its TVs, or a new display) or declines; phones signing in with their
 * line's wireless account (a fixture) and getting a token the gateway accepts; the devices list with rename and
 * remove. It answers from its fixtures (`householdDevicesFixture`, `MOCK_WIRELESS_ACCOUNTS`) and keeps what the
 * pages did. A wrong code or password is answered as the first one is (4 guesses, 4 tries left); what the backend
 * says after more — fewer left, a lock — a test scripts with `lookupRefusals` and `loginRefusals`. The backend's
 * rules (counting guesses and tries, which device an approval may name, what a removal revokes) are tested on it:
 * server/enrollment/*.test.ts; a test that means a removed device's socket to close says so (`gateway.revoke`).
 */
export class MockHousehold {
  readonly devices = householdDevicesFixture();
  readonly requests: MockEnrollmentRequest[] = [];
  readonly accounts = MOCK_WIRELESS_ACCOUNTS;
  /** The joint account's linked accounts and its delivery log. */
  readonly links = new MockAccountLinks();
  /** The rules as the setup page last saved them (`PUT …/config`); the fixture's until then. */
  config: PolicyConfig | null = null;
  /** How the next code look-ups are refused, in order, whatever the code. */
  readonly lookupRefusals: Failure[] = [];
  /** How the next phone sign-ins are refused, in order, whatever the password. */
  readonly loginRefusals: Failure[] = [];
  /** Every grant given to a phone that signed in, in order. */
  readonly granted: EnrollmentGranted[] = [];
  /** Every device the household removed, in order. */
  readonly removed: string[] = [];
  private readonly gateway: MockGateway;
  private displays = 0;

  /** @param gateway the mock backend's: its tokens are the ones a signed-in phone gets, its sockets say who is online. */
  constructor(
    gateway = new MockGateway(Object.fromEntries(Object.entries(MOCK_TOKENS).map(([d, t]) => [t, d]))),
  ) {
    this.gateway = gateway;
  }

  /** A device with no token asks to join: it shows the returned code (as `POST /api/enroll/codes` would). */
  ask(description: DeviceDescription, userCode = randomUserCode()): string {
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

  /** The code's 10 minutes are over: looking it up finds nothing. */
  expire(userCode: string): void {
    const request = this.requests.find((r) => r.view.userCode === userCode);
    if (!request) return;
    request.state = 'expired';
    request.view.expiresAt = new Date(Date.now() - 1000).toISOString();
  }

  device(deviceId: string): HouseholdDevice | undefined {
    return this.devices.find((d) => d.id === deviceId);
  }

  /** The device a token belongs to while it is valid. */
  deviceOfToken(token: string): string | null {
    return this.gateway.tokens.deviceOf(token) ?? null;
  }

  /** How a device route refuses a token that is not valid: revoked, or none at all. */
  tokenRefusal(token: string): Failure {
    return this.gateway.tokens.refusal(token);
  }

  /** Every device as the devices page shows it: online while it is on the mock channel. */
  list(): HouseholdDevice[] {
    return this.devices.map((d) => ({ ...d, online: d.online || this.gateway.isConnected(d.id) }));
  }

  /** Says the device is (or is not) online, whatever the channel says. */
  setOnline(deviceId: string, online: boolean): void {
    const device = this.device(deviceId);
    if (!device) return;
    device.online = online;
    device.lastSeenAt = new Date().toISOString();
  }

  /** The request waiting with the code; for any other code, the next scripted refusal or the first one's. */
  lookup(rawCode: string): MockEnrollmentRequest | Failure {
    const refused = this.lookupRefusals.shift();
    if (refused) return refused;
    const parsed = validate(UserCode, rawCode);
    const request = parsed.ok
      ? this.requests.find((r) => r.view.userCode === parsed.value && r.state === 'pending')
      : undefined;
    return request ?? codeUnknown(4);
  }

  approve(approval: EnrollmentApproval): HouseholdDevice | Failure {
    const request = this.lookup(approval.userCode);
    if (isFailure(request)) return request;
    let device: HouseholdDevice;
    if ('deviceId' in approval.as) {
      const existing = this.device(approval.as.deviceId);
      if (!existing) {
        const message = `no device of this household is ${approval.as.deviceId}`;
        return failure(422, ErrorCode.DeviceNotOwned, message, { field: 'as.deviceId' });
      }
      device = existing;
    } else {
      device = {
        id: `display-${++this.displays}`,
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
    return device;
  }

  deny(userCode: string): null | Failure {
    const request = this.lookup(userCode);
    if (isFailure(request)) return request;
    request.state = 'denied';
    return null;
  }

  rename(deviceId: string, change: DeviceRename): HouseholdDevice | Failure {
    const device = this.device(deviceId);
    if (!device) return failure(404, ErrorCode.DeviceNotFound, 'no such device in this household');
    if (change.name !== undefined) device.name = change.name;
    if (change.room !== undefined) device.room = change.room;
    return device;
  }

  /** The household removed a device: recorded, and listed as not enrolled. */
  remove(deviceId: string): null | Failure {
    const device = this.device(deviceId);
    if (!device) return failure(404, ErrorCode.DeviceNotFound, 'no such device in this household');
    this.removed.push(deviceId);
    Object.assign(device, { enrolled: false, enrolledAt: null, online: false });
    return null;
  }

  /** A phone signs in with its line's wireless account: a token, and a SIM for the mock SMS network. */
  enrollPhone(request: PhoneEnrollment): EnrollmentGranted | Failure {
    const refused = this.loginRefusals.shift();
    if (refused) return refused;
    const account = this.accounts.find((a) => a.username === request.username);
    if (!account || account.password !== request.password) return loginFailed(4);
    const deviceId = account.lines[request.phoneNumber];
    const device = deviceId ? this.device(deviceId) : undefined;
    if (!device) {
      return failure(403, ErrorCode.Forbidden, 'that line is not on this account', { field: 'phoneNumber' });
    }
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
      sim: mockSim(request.phoneNumber),
    };
    this.granted.push(grant);
    return grant;
  }

  /** The rules the setup page saved. */
  saveConfig(config: PolicyConfig): void {
    this.config = config;
  }

  /** The mock household as the setup page sees it once logged in. */
  view(): JointAccountView {
    const fixture = jointAccountFixture(this.devices);
    return { ...fixture, accounts: [...this.links.linked], config: this.config ?? fixture.config };
  }
}
