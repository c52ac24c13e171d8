import {
  ErrorCode,
  type DeviceAssertion,
  type EnrollmentCode,
  type EnrollmentConfig,
  type EnrollmentGranted,
  type EnrollmentStart,
  type PlatformIdentity,
} from '../protocol/index.ts';
import { MOCK_DEVICES, randomUserCode } from './fixtures.ts';
import type { MockDeviceTokens } from './mock-device-tokens.ts';
import { failure, type Failure } from './refusals.ts';

/** One code the mock handed out, and what became of it. */
export interface MockCode {
  deviceCode: string;
  userCode: string;
  start: EnrollmentStart;
  issuedAt: number;
  expiresAt: number;
  /** The interval the device must keep to now (raised by a slow down). */
  intervalSec: number;
  state: 'pending' | 'approved' | 'denied' | 'used';
  /** The demo device it was approved as. */
  as: string | null;
  /** When each poll arrived (epoch ms), for tests to check the interval was kept. */
  polls: number[];
  /** The next poll is answered SLOW_DOWN with this new interval. */
  slowDownTo: number | null;
}

/**
 * Enrollment in memory, for msw (the real one is server/enrollment): codes a test approves, denies, expires or
 * slows down, polled exactly as protocol/enrollment.ts says (a poll sooner than the interval is answered SLOW_DOWN,
 * as RFC 8628 lets a server do), and zero-touch through a mock operator that vouches for the boxes a test names.
 * Approved codes and zero-touch issue real mock tokens, which the gateway and the device routes accept.
 */
export class MockEnrollment {
  readonly codes: MockCode[] = [];
  /** What `GET /api/enroll/config` names as the setup page. */
  verificationUri = 'https://couchline.test/link';
  /** The operator's device-auth service; null (no zero-touch) unless a test sets it. */
  deviceAuthUrl: string | null = null;
  /** Seconds between polls for new codes (tests make it short). */
  intervalSec = 5;
  /** Seconds a new code works. */
  expiresInSec = 600;
  /** Boxes the mock operator vouches for: platform id → the demo device it is. */
  readonly operatorBoxes = new Map<string, string>();
  /** Every zero-touch enrollment, for tests. */
  readonly boxEnrollments: { deviceId: string; platform?: string; model?: string }[] = [];
  /** The backend cannot be reached (every enrollment route fails as a network error). */
  offline = false;
  private readonly tokens: MockDeviceTokens;
  private issued = 0;

  constructor(tokens: MockDeviceTokens) {
    this.tokens = tokens;
  }

  config(): EnrollmentConfig {
    return { verificationUri: this.verificationUri, deviceAuthUrl: this.deviceAuthUrl };
  }

  /** The newest code handed out. */
  get latest(): MockCode | undefined {
    return this.codes[this.codes.length - 1];
  }

  issueCode(start: EnrollmentStart): EnrollmentCode {
    // The first code is the one the protocol's examples use; later ones differ, so a test sees a new code.
    const userCode = this.issued === 0 ? FIRST_USER_CODE : anotherUserCode();
    const now = Date.now();
    const code: MockCode = {
      deviceCode: `mock-device-code-${++this.issued}-${Math.random().toString(36).slice(2, 10)}`,
      userCode,
      start,
      issuedAt: now,
      expiresAt: now + this.expiresInSec * 1000,
      intervalSec: this.intervalSec,
      state: 'pending',
      as: null,
      polls: [],
      slowDownTo: null,
    };
    this.codes.push(code);
    return {
      deviceCode: code.deviceCode,
      userCode,
      verificationUri: this.verificationUri,
      verificationUriComplete: `${this.verificationUri}?code=${userCode}`,
      expiresIn: this.expiresInSec,
      interval: this.intervalSec,
    };
  }

  poll(deviceCode: string): EnrollmentGranted | Failure {
    const code = this.codes.find((c) => c.deviceCode === deviceCode);
    if (!code || code.state === 'used' || Date.now() > code.expiresAt) {
      return failure(400, ErrorCode.EnrollExpired, 'this code has expired; ask for a new one');
    }
    const now = Date.now();
    const last = code.polls[code.polls.length - 1];
    code.polls.push(now);
    // A little slack for timers; a device that ignores the interval is told to slow down.
    const tooSoon = last !== undefined && now - last < code.intervalSec * 1000 * 0.8;
    if (code.slowDownTo !== null || tooSoon) {
      code.intervalSec = code.slowDownTo ?? code.intervalSec + 5;
      code.slowDownTo = null;
      return failure(400, ErrorCode.EnrollSlowDown, 'polling too often', { retryAfterSec: code.intervalSec });
    }
    if (code.state === 'denied') {
      code.state = 'used';
      return failure(400, ErrorCode.EnrollDenied, 'the household declined this device');
    }
    if (code.state === 'pending') {
      return failure(400, ErrorCode.EnrollPending, 'waiting for the household to approve');
    }
    code.state = 'used';
    return this.grant(code.as!);
  }

  /** A household member approves the code as one of the demo household's boxes. */
  approve(userCode: string, deviceId = 'stb-bedroom'): void {
    const code = this.pending(userCode);
    code.state = 'approved';
    code.as = deviceId;
  }

  deny(userCode: string): void {
    this.pending(userCode).state = 'denied';
  }

  /** The code's time is up now. */
  expire(userCode: string): void {
    this.pending(userCode).expiresAt = Date.now() - 1;
  }

  /** The next poll of the code is answered SLOW_DOWN, with this new interval. */
  slowDown(userCode: string, intervalSec: number): void {
    this.pending(userCode).slowDownTo = intervalSec;
  }

  /** The mock operator's device-auth service: an assertion for a box it knows, null (404) for any other. */
  assertion(identity: PlatformIdentity): DeviceAssertion | null {
    if (!this.operatorBoxes.has(identity.platformId)) return null;
    return { assertion: `mock-assertion.${identity.platform}.${identity.platformId}`, expiresIn: 300 };
  }

  enrollBox(body: { assertion: string; platform?: string; model?: string }): EnrollmentGranted | Failure {
    const match = /^mock-assertion\.(tizen|webos|rdk)\.(.+)$/.exec(body.assertion);
    const deviceId = match ? this.operatorBoxes.get(match[2]!) : undefined;
    if (!deviceId) return failure(401, ErrorCode.EnrollIdentityInvalid, 'the box assertion is not valid');
    this.boxEnrollments.push({
      deviceId,
      ...(body.platform ? { platform: body.platform } : {}),
      ...(body.model ? { model: body.model } : {}),
    });
    return this.grant(deviceId);
  }

  private grant(deviceId: string): EnrollmentGranted {
    const device = MOCK_DEVICES.find((d) => d.id === deviceId);
    return {
      deviceId,
      token: this.tokens.issue(deviceId),
      kind: device?.kind ?? 'stb',
      name: device?.name ?? deviceId,
      room: device?.room ?? null,
    };
  }

  private pending(userCode: string): MockCode {
    const code = this.codes.find((c) => c.userCode === userCode && c.state === 'pending');
    if (!code) throw new Error(`[mock-enrollment] no pending code ${userCode}`);
    return code;
  }
}

/** The code the protocol's examples use: the first one the mock hands out. */
const FIRST_USER_CODE = 'WDJBMJHT';

/** A code other than the first, so a test sees a new one. */
function anotherUserCode(): string {
  const code = randomUserCode();
  return code === FIRST_USER_CODE ? anotherUserCode() : code;
}
