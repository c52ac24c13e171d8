import { BehaviorSubject } from 'rxjs';
import type {
  BoxEnrollment,
  DeviceAssertion,
  EnrollmentCode,
  EnrollmentConfig,
  EnrollmentGranted,
  EnrollmentStart,
  PlatformIdentity,
} from '../../../protocol/index.ts';
import type { Logger } from '../../../client/log.ts';
import { ApiRequestError } from '../../../client/net/api-client.ts';
import { backoffDelay } from '../../../client/net/backoff.ts';
import type { PollOutcome } from './enrollment-api.ts';

/**
 * - starting: asking the backend how to enroll, and trying the box's own identity (zero-touch).
 * - code: showing a code and polling until the household approves it.
 * - denied: the household said no; a new code waits for the viewer's OK.
 * - unreachable: no code could be had (no network, backend down); trying again at `retryAt`.
 * - enrolled: the device token, by the code or by the box's identity.
 */
export type EnrollmentState =
  | { step: 'starting' }
  | {
      step: 'code';
      code: EnrollmentCode;
      /** When the code stops working (epoch ms); a fresh one is fetched then. */
      expiresAt: number;
      /** Seconds between polls: the server's, raised by SLOW_DOWN. */
      intervalSec: number;
      /** False while polls fail to reach the backend (the code stays up; polling backs off). */
      reachable: boolean;
    }
  | { step: 'denied' }
  | { step: 'unreachable'; retryAt: number }
  | { step: 'enrolled'; granted: EnrollmentGranted; by: 'code' | 'identity' };

/** The enrollment routes the service calls: {@link EnrollmentApi}, or a stand-in. */
export interface EnrollmentRoutes {
  config(): Promise<EnrollmentConfig>;
  requestCode(start: EnrollmentStart): Promise<EnrollmentCode>;
  poll(deviceCode: string): Promise<PollOutcome>;
  operatorAssertion(deviceAuthUrl: string, identity: PlatformIdentity): Promise<DeviceAssertion | null>;
  enrollBox(body: BoxEnrollment): Promise<EnrollmentGranted>;
}

export interface EnrollmentServiceOptions {
  api: EnrollmentRoutes;
  /** What this TV says of itself when it asks for a code (shown to whoever approves it). */
  describe: () => Promise<EnrollmentStart>;
  /** The box's platform identity for zero-touch; null where the platform has none. */
  identity: () => Promise<PlatformIdentity | null>;
  log: Logger;
  random?: () => number;
  /** Backoff while the backend cannot be reached. */
  backoff?: { baseMs: number; capMs: number };
}

/** RFC 8628 §3.5: without a new interval, a slow_down adds five seconds. */
const SLOW_DOWN_STEP_SEC = 5;

/**
 * How a TV without a token gets one (protocol/enrollment.ts). First zero-touch: if the backend names the
 * operator's device-auth service and the platform vouches for the box, the operator's signed assertion enrolls it.
 * Any failure there falls back to the code flow: ask for a code, show it, and poll at the server's interval —
 * pending: poll again; slow down: poll less often; expired (or the code's time is up): a fresh code at once;
 * denied: say so, and a new code when the viewer asks. A backend that cannot be reached is retried with backoff,
 * for as long as it takes. No UI here: the screen renders {@link state$}.
 */
export class EnrollmentService {
  readonly state$ = new BehaviorSubject<EnrollmentState>({ step: 'starting' });
  private readonly options: EnrollmentServiceOptions;
  private readonly random: () => number;
  /** Bumped whenever what is in flight stops mattering (a new code, stop): late answers of older runs are dropped. */
  private run = 0;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private expiryTimer: ReturnType<typeof setTimeout> | undefined;
  private started = false;

  constructor(options: EnrollmentServiceOptions) {
    this.options = options;
    this.random = options.random ?? Math.random;
  }

  get state(): EnrollmentState {
    return this.state$.value;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    void this.begin(this.nextRun());
  }

  /** The viewer asks for a new code (OK after "declined"); ignored once enrolled. */
  newCode(): void {
    if (!this.started || this.state.step === 'enrolled') return;
    void this.requestCode(this.nextRun());
  }

  stop(): void {
    this.nextRun();
    this.started = false;
  }

  private nextRun(): number {
    clearTimeout(this.timer);
    clearTimeout(this.expiryTimer);
    return ++this.run;
  }

  private async begin(run: number): Promise<void> {
    this.setState({ step: 'starting' });
    let config: EnrollmentConfig | null;
    try {
      config = await this.options.api.config();
    } catch (error) {
      if (run !== this.run) return;
      // Nothing answered: try again later, zero-touch included. A backend that answered but has no config: codes.
      if (isUnreachable(error)) return this.retry(run, (next) => this.begin(next));
      config = null;
    }
    if (run !== this.run) return;
    if (config?.deviceAuthUrl) {
      const granted = await this.zeroTouch(config.deviceAuthUrl);
      if (run !== this.run) return;
      if (granted) return this.finish(granted, 'identity');
    }
    await this.requestCode(run);
  }

  /** The box's identity, vouched for by its operator; null (and the code flow) on any failure. */
  private async zeroTouch(deviceAuthUrl: string): Promise<EnrollmentGranted | null> {
    try {
      const identity = await this.options.identity();
      if (!identity) return null;
      const assertion = await this.options.api.operatorAssertion(deviceAuthUrl, identity);
      if (!assertion) {
        this.options.log.info('the operator does not know this box; enrolling by code');
        return null;
      }
      const { platform, model, appVersion } = await this.options.describe();
      return await this.options.api.enrollBox({
        assertion: assertion.assertion,
        platform,
        model,
        appVersion,
      });
    } catch (error) {
      this.options.log.warn('zero-touch enrollment failed; enrolling by code', error);
      return null;
    }
  }

  private async requestCode(run: number): Promise<void> {
    let code: EnrollmentCode;
    try {
      code = await this.options.api.requestCode(await this.options.describe());
    } catch (error) {
      if (run !== this.run) return;
      this.options.log.warn('no enrollment code', error);
      return this.retry(run, (next) => this.requestCode(next));
    }
    if (run !== this.run) return;
    this.failures = 0;
    this.setState({
      step: 'code',
      code,
      expiresAt: Date.now() + code.expiresIn * 1000,
      intervalSec: code.interval,
      reachable: true,
    });
    // The screen never shows a dead code: when its time is up, the next one comes without waiting for a poll.
    this.expiryTimer = setTimeout(() => void this.requestCode(this.nextRun()), code.expiresIn * 1000);
    this.schedulePoll(run, code.interval * 1000);
  }

  private schedulePoll(run: number, delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.poll(run), delayMs);
  }

  private async poll(run: number): Promise<void> {
    const state = this.state;
    if (state.step !== 'code' || run !== this.run) return;
    let outcome: PollOutcome;
    try {
      outcome = await this.options.api.poll(state.code.deviceCode);
    } catch (error) {
      if (run !== this.run) return;
      if (!isUnreachable(error)) {
        // The backend no longer knows this code (or refuses it): a fresh one, rather than polling a dead one.
        this.options.log.warn('the code was refused; asking for a new one', error);
        return this.requestCode(this.nextRun());
      }
      this.setState({ ...state, reachable: false });
      return this.schedulePoll(run, Math.max(state.intervalSec * 1000, this.delay()));
    }
    if (run !== this.run) return;
    this.failures = 0;
    switch (outcome.status) {
      case 'granted':
        return this.finish(outcome.granted, 'code');
      case 'pending':
        if (!state.reachable) this.setState({ ...state, reachable: true });
        return this.schedulePoll(run, state.intervalSec * 1000);
      case 'slow-down': {
        const intervalSec = outcome.intervalSec ?? state.intervalSec + SLOW_DOWN_STEP_SEC;
        this.setState({ ...state, intervalSec, reachable: true });
        return this.schedulePoll(run, intervalSec * 1000);
      }
      case 'expired':
        return this.requestCode(this.nextRun());
      case 'denied':
        this.nextRun();
        this.setState({ step: 'denied' });
        return;
    }
  }

  private finish(granted: EnrollmentGranted, by: 'code' | 'identity'): void {
    this.nextRun();
    this.setState({ step: 'enrolled', granted, by });
  }

  private retry(run: number, again: (run: number) => Promise<void>): void {
    const retryAt = Date.now() + this.delay();
    this.setState({ step: 'unreachable', retryAt });
    this.timer = setTimeout(() => {
      if (run === this.run) void again(this.nextRun());
    }, retryAt - Date.now());
  }

  /** The next backoff wait while the backend cannot be reached. */
  private delay(): number {
    return backoffDelay(
      this.failures++,
      this.random,
      this.options.backoff?.baseMs ?? 1000,
      this.options.backoff?.capMs ?? 30_000,
    );
  }

  private setState(state: EnrollmentState): void {
    this.state$.next(state);
  }
}

/** Nothing answered, or the backend is down or busy: worth trying again as it is. */
function isUnreachable(error: unknown): boolean {
  return (
    error instanceof ApiRequestError && (error.status === 0 || error.status === 429 || error.status >= 500)
  );
}
