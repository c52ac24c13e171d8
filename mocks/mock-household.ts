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
} from '../protocol/index.ts';
import {
  householdDevicesFixture,
  jointAccountFixture,
  MOCK_TOKENS,
  MOCK_WIRELESS_ACCOUNTS,
  NEVER_JOINED,
  randomUserCode,
} from './fixtures.ts';
import { MockGateway } from './mock-gateway.ts';
import { mockSim } from './mock-sms-network.ts';
import { failure, isFailure, type Failure } from './refusals.ts';

/** A code a device showed, and what became of it. */
export interface MockEnrollmentRequest {
  view: EnrollmentRequestView;
  state: 'pending' | 'approved' | 'denied';
  /** What the approver said it is. */
  as?: EnrollAs;
}

/**
 * How the mock household answers a flow its tests walk through: a code works 10 minutes; 5 wrong codes lock guessing
 * for 15 minutes; 3 wrong passwords lock a phone's sign-in (the backend's own limits are its business).
 */
const CODE_TTL_MS = 10 * 60_000;
const GUESSES = 5;
const GUESS_LOCK_SEC = 15 * 60;
const LOGIN_TRIES = 3;
const LOGIN_LOCK_SEC = 15 * 60;

/**
 * The household's side of enrollment in memory, for msw: codes that devices show, which a household member approves
 * (as one of its TVs, or a new display) or declines; phones signing in with their line's wireless account (a token
 * the gateway and the device routes accept); the devices list with rename and remove (which revokes the device's
 * tokens through the gateway: its socket is closed with 4403). Its devices and accounts are fixtures
 * (`householdDevicesFixture`, `MOCK_WIRELESS_ACCOUNTS`); what it keeps is what the flows change.
 */
export class MockHousehold {
  readonly devices = householdDevicesFixture();
  readonly requests: MockEnrollmentRequest[] = [];
  readonly accounts = MOCK_WIRELESS_ACCOUNTS;
  /** Every grant given to a phone that signed in, in order. */
  readonly granted: EnrollmentGranted[] = [];
  /** How many more wrong codes before guessing is locked. */
  guessesLeft = GUESSES;
  private guessLockedUntil = 0;
  private readonly loginTriesLeft = new Map<string, number>();
  private readonly gateway: MockGateway;
  private readonly revokeListeners = new Set<(deviceId: string) => void>();
  private displays = 0;

  /** @param gateway the mock backend's: its tokens are the backend's, and it closes a removed device's socket. */
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

  /** The request waiting with the code; a wrong code counts against the guesses left. */
  lookup(rawCode: string): MockEnrollmentRequest | Failure {
    const now = Date.now();
    if (this.guessLockedUntil > now) {
      return failure(429, ErrorCode.EnrollGuessLimited, 'too many wrong codes', {
        retryAfterSec: Math.ceil((this.guessLockedUntil - now) / 1000),
      });
    }
    const parsed = validate(UserCode, rawCode);
    const request = parsed.ok
      ? this.requests.find((r) => r.view.userCode === parsed.value && r.state === 'pending')
      : undefined;
    if (request && Date.parse(request.view.expiresAt) > now) return request;
    this.guessesLeft--;
    if (this.guessesLeft <= 0) {
      this.guessLockedUntil = now + GUESS_LOCK_SEC * 1000;
      return failure(429, ErrorCode.EnrollGuessLimited, 'too many wrong codes', {
        retryAfterSec: GUESS_LOCK_SEC,
      });
    }
    return failure(404, ErrorCode.EnrollCodeUnknown, 'no device is showing that code now', {
      attemptsLeft: this.guessesLeft,
      field: 'userCode',
    });
  }

  approve(approval: EnrollmentApproval): HouseholdDevice | Failure {
    const request = this.lookup(approval.userCode);
    if (isFailure(request)) return request;
    let device: HouseholdDevice;
    if ('deviceId' in approval.as) {
      const existing = this.device(approval.as.deviceId);
      if (!existing || existing.kind !== request.view.kind) {
        const message = `no ${request.view.kind} of this household is ${approval.as.deviceId}`;
        return failure(422, ErrorCode.DeviceNotOwned, message, { field: 'as.deviceId' });
      }
      // The TV gets its new token when it polls next; an earlier one of this device stops now.
      this.gateway.revoke(existing.id);
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
    if (change.room !== undefined && device.kind !== 'stb') {
      return failure(422, ErrorCode.DeviceNotOwned, 'only a TV has a room', { field: 'room' });
    }
    if (change.name !== undefined) device.name = change.name;
    if (change.room !== undefined) device.room = change.room;
    return device;
  }

  /** Removes a device: its tokens stop working at once, its socket is closed; a new display leaves the list. */
  remove(deviceId: string): null | Failure {
    const device = this.device(deviceId);
    if (!device) return failure(404, ErrorCode.DeviceNotFound, 'no such device in this household');
    this.gateway.revoke(deviceId);
    Object.assign(device, { enrolled: false, enrolledAt: null, online: false });
    if (deviceId.startsWith('display-')) this.devices.splice(this.devices.indexOf(device), 1);
    for (const listener of this.revokeListeners) listener(deviceId);
    return null;
  }

  /** A phone signs in with its line's wireless account: a token, and a SIM for the mock SMS network. */
  enrollPhone(request: PhoneEnrollment): EnrollmentGranted | Failure {
    const account = this.accounts.find((a) => a.username === request.username);
    const left = this.loginTriesLeft.get(request.username) ?? LOGIN_TRIES;
    const locked = () =>
      failure(429, ErrorCode.LoginLocked, 'too many wrong passwords', { retryAfterSec: LOGIN_LOCK_SEC });
    if (left <= 0) return locked();
    if (!account || account.password !== request.password) {
      this.loginTriesLeft.set(request.username, left - 1);
      return left - 1 <= 0
        ? locked()
        : failure(401, ErrorCode.LoginFailed, 'wrong user name or password', { attemptsLeft: left - 1 });
    }
    this.loginTriesLeft.delete(request.username);
    const deviceId = account.lines[request.phoneNumber];
    const device = deviceId ? this.device(deviceId) : undefined;
    if (!device) {
      return failure(403, ErrorCode.Forbidden, 'that line is not on this account', { field: 'phoneNumber' });
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
      sim: mockSim(request.phoneNumber),
    };
    this.granted.push(grant);
    return grant;
  }

  /** The mock household as the setup page sees it once logged in. */
  view(): JointAccountView {
    return jointAccountFixture(this.devices);
  }
}
