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

/** One code the mock handed out, and what a test made of it. */
export interface MockCode {
  deviceCode: string;
  userCode: string;
  /** What the device said of itself. */
  start: EnrollmentStart;
  /** What the next poll is answered: still pending, the grant, declined, or expired. */
  state: 'pending' | 'approved' | 'denied' | 'expired';
  /** The grant an approved code answers with (its token is one the gateway accepts). */
  grant: EnrollmentGranted | null;
  /** When each poll arrived (epoch ms), for tests to check the interval was kept. */
  polls: number[];
  /** The next poll is answered SLOW_DOWN with this new interval. */
  slowDownTo: number | null;
}

/**
 * Enrollment for msw (the real one is server/enrollment): codes a test approves, denies, expires or slows down —
 * each poll is answered as the test left the code, and recorded — and zero-touch through a mock operator that
 * vouches for the boxes a test names. How often a device may poll, when a code runs out and that it works once are
 * the backend's rules (server/enrollment/enrollment-by-code.test.ts); the tests here measure the TV's polls.
 */
export class MockEnrollment {
  readonly codes: MockCode[] = [];
  /** What `GET /api/enroll/config` names as the setup page. */
  verificationUri = 'https://couchline.test/link';
  /** The operator's device-auth service; null (no zero-touch) unless a test sets it. */
  deviceAuthUrl: string | null = null;
  /** Seconds between polls a new code asks for (tests make it short). */
  intervalSec = 5;
  /** Seconds a new code says it works. */
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
    const code: MockCode = {
      deviceCode: `mock-device-code-${++this.issued}-${Math.random().toString(36).slice(2, 10)}`,
      userCode,
      start,
      state: 'pending',
      grant: null,
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
    if (!code) return failure(400, ErrorCode.EnrollExpired, 'this code has expired; ask for a new one');
    code.polls.push(Date.now());
    if (code.slowDownTo !== null) {
      const retryAfterSec = code.slowDownTo;
      code.slowDownTo = null;
      return failure(400, ErrorCode.EnrollSlowDown, 'polling too often', { retryAfterSec });
    }
    switch (code.state) {
      case 'pending':
        return failure(400, ErrorCode.EnrollPending, 'waiting for the household to approve');
      case 'denied':
        return failure(400, ErrorCode.EnrollDenied, 'the household declined this device');
      case 'expired':
        return failure(400, ErrorCode.EnrollExpired, 'this code has expired; ask for a new one');
      case 'approved':
        return code.grant!;
    }
  }

  /** A household member approves the code as one of the demo household's boxes: its next poll gets a token. */
  approve(userCode: string, deviceId = 'stb-bedroom'): void {
    const code = this.pending(userCode);
    code.state = 'approved';
    code.grant = this.grant(deviceId);
  }

  deny(userCode: string): void {
    this.pending(userCode).state = 'denied';
  }

  /** The code's time is up now. */
  expire(userCode: string): void {
    this.pending(userCode).state = 'expired';
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
