import { randomBytes, randomInt } from 'node:crypto';
import {
  ErrorCode,
  formatUserCode,
  USER_CODE_ALPHABET,
  USER_CODE_LENGTH,
  type DeviceDescription,
  type EnrollmentCode,
} from '../../protocol/index.ts';
import { ApiError } from '../http/api-error.ts';
import { AttemptLimits, type AttemptLimit } from '../identity/attempt-limits.ts';
import { hashToken } from '../identity/tokens.ts';
import type { EnrollmentCodeRecord } from './enrollment-code-repository.ts';
import type { Database } from '../store/database.ts';

/** A code is good for 10 minutes (RFC 8628 suggests no more: it is shown on a display anyone in the room sees). */
export const CODE_TTL_MS = 10 * 60_000;
/** The device polls no faster than this; each `SLOW_DOWN` adds 5 s (RFC 8628 §3.5). */
export const POLL_INTERVAL_SEC = 5;

/**
 * Wrong codes typed to approve a device, per source address and per household, and for everyone together: the
 * overall limit keeps guessing slow even from many addresses. Every guess needs a household's session or phone
 * already, and a code has 20^8 ≈ 2.6·10^10 values, so at these rates a guess almost never lands on a live code.
 */
export const GUESS_LIMITS: readonly AttemptLimit[] = [
  { spanMs: 15 * 60_000, max: 10 },
  { spanMs: 24 * 3600_000, max: 50 },
];
/** Codes one source may ask for: a household's TVs and a few restarts, not a flood of rows. */
export const START_LIMITS: readonly AttemptLimit[] = [{ spanMs: 10 * 60_000, max: 30 }];
/** Codes everyone together may ask for: far above real use, far below filling a disk. */
export const OVERALL_START_LIMITS: readonly AttemptLimit[] = [{ spanMs: 10 * 60_000, max: 5000 }];
export const OVERALL_GUESS_LIMITS: readonly AttemptLimit[] = [{ spanMs: 15 * 60_000, max: 1000 }];

/** Who is typing a code, for the guessing limits. */
export interface Guesser {
  source: string;
  householdId: string;
}

/**
 * The codes of enrollment by code (the shape of RFC 8628's device authorization grant): a device asks for one,
 * shows the user code and polls with the device code (kept only hashed, like tokens); a household member looks
 * the user code up and approves or denies it. Each code is used once: it is gone after its answer is collected.
 */
export class DeviceCodes {
  private readonly store: Pick<Database, 'rateLimits' | 'enrollmentCodes'>;
  private readonly now: () => number;
  private queue: Promise<void> = Promise.resolve();
  private readonly starts: AttemptLimits;
  private readonly allStarts: AttemptLimits;
  private readonly guesses: AttemptLimits;
  private readonly allGuesses: AttemptLimits;

  constructor(deps: { store: Pick<Database, 'rateLimits' | 'enrollmentCodes'>; now?: () => number }) {
    this.store = deps.store;
    this.now = deps.now ?? Date.now;
    const limits = (name: string, windows: readonly AttemptLimit[]) =>
      new AttemptLimits(deps.store.rateLimits, name, windows, this.now);
    this.starts = limits('enroll-start', START_LIMITS);
    this.allStarts = limits('enroll-start-all', OVERALL_START_LIMITS);
    this.guesses = limits('enroll-code', GUESS_LIMITS);
    this.allGuesses = limits('enroll-code-all', OVERALL_GUESS_LIMITS);
  }

  /**
   * A new code for a device; `verificationUri` is the setup page it sends people to. Asking is open to anyone, so
   * one source gets at most {@link START_LIMITS} codes (a TV needs one per 10 minutes).
   */
  start(description: DeviceDescription, verificationUri: string, source = 'local'): Promise<EnrollmentCode> {
    return this.oneAtATime(() => this.startNow(description, verificationUri, source));
  }

  private async startNow(
    description: DeviceDescription,
    verificationUri: string,
    source: string,
  ): Promise<EnrollmentCode> {
    const now = this.now();
    // Counted first, each in one statement: asks at several processes at once are all counted, and one past a
    // limit is refused (and stays counted, as a flood should). The source's own limit comes first, and a request it
    // refuses never reaches everyone's: one flooding source must not use up the codes of every TV.
    const limited = (retryAfterMs: number) =>
      new ApiError(ErrorCode.EnrollGuessLimited, 'too many codes asked for: wait a little', {
        retryAfterSec: Math.ceil(retryAfterMs / 1000),
      });
    const own = await this.starts.count(source);
    if (own.pastLimit) throw limited(own.retryAfterMs);
    const everyone = await this.allStarts.count('all');
    if (everyone.pastLimit) throw limited(everyone.retryAfterMs);
    // Old codes go as new ones come, so the table stays the size of the codes' lifetime.
    await this.store.enrollmentCodes.purge(now);
    const deviceCode = randomBytes(32).toString('base64url');
    const record: EnrollmentCodeRecord = {
      deviceCodeHash: hashToken(deviceCode),
      userCode: await this.freshUserCode(),
      ...description,
      createdAt: now,
      expiresAt: now + CODE_TTL_MS,
      intervalSec: POLL_INTERVAL_SEC,
      lastPollAt: null,
      state: 'pending',
      deviceId: null,
    };
    await this.store.enrollmentCodes.add(record);
    const complete = new URL(verificationUri);
    complete.searchParams.set('code', formatUserCode(record.userCode));
    return {
      deviceCode,
      userCode: record.userCode,
      verificationUri,
      verificationUriComplete: complete.toString(),
      expiresIn: CODE_TTL_MS / 1000,
      interval: POLL_INTERVAL_SEC,
    };
  }

  /**
   * The device polls. Anything but an approved code is an {@link ApiError} with the RFC's outcome as its code;
   * an approved one is returned, and the caller issues the token and {@link consume}s the code in one transaction.
   */
  async poll(deviceCode: string): Promise<EnrollmentCodeRecord> {
    const hash = hashToken(deviceCode);
    const code = await this.store.enrollmentCodes.find({ deviceCodeHash: hash });
    const now = this.now();
    if (!code || code.expiresAt <= now) {
      if (code) await this.store.enrollmentCodes.delete(hash);
      throw new ApiError(ErrorCode.EnrollExpired, 'this code has expired: ask for a new one');
    }
    // Half a second of grace: a timer on an old TV fires a little early or late.
    if (code.lastPollAt !== null && now - code.lastPollAt < code.intervalSec * 1000 - 500) {
      const intervalSec = code.intervalSec + 5;
      await this.store.enrollmentCodes.update(hash, { lastPollAt: now, intervalSec });
      throw new ApiError(ErrorCode.EnrollSlowDown, `poll every ${intervalSec} s`, {
        retryAfterSec: intervalSec,
      });
    }
    await this.store.enrollmentCodes.update(hash, { lastPollAt: now });
    switch (code.state) {
      case 'pending':
        throw new ApiError(ErrorCode.EnrollPending, 'waiting for the household to approve this code', {
          retryAfterSec: code.intervalSec,
        });
      case 'denied':
        await this.store.enrollmentCodes.delete(hash);
        throw new ApiError(ErrorCode.EnrollDenied, 'the household declined this device');
      case 'approved':
        return code;
    }
  }

  /**
   * The pending code someone typed, under the guessing limits; a wrong, used or expired one counts as a wrong
   * guess and answers ENROLL_CODE_UNKNOWN with the tries left.
   */
  find(userCode: string, guesser: Guesser): Promise<EnrollmentCodeRecord> {
    return this.oneAtATime(() => this.findNow(userCode, guesser));
  }

  private async findNow(userCode: string, guesser: Guesser): Promise<EnrollmentCodeRecord> {
    const now = this.now();
    const subjects: [AttemptLimits, string][] = [
      [this.guesses, `source:${guesser.source}`],
      [this.guesses, `household:${guesser.householdId}`],
      [this.allGuesses, 'all'],
    ];
    const locked = Math.max(
      ...(await Promise.all(subjects.map(([l, s]) => l.state(s)))).map((s) => s.retryAfterMs),
    );
    if (locked > 0) throw guessLimited(locked);
    // Counted before the code is looked up, so guesses at several processes at once get no more looks than the
    // limits allow; a right code gives its count back.
    const after = await Promise.all(subjects.map(([l, s]) => l.count(s)));
    if (after.some((a) => a.pastLimit)) throw guessLimited(Math.max(...after.map((a) => a.retryAfterMs)));
    const code = await this.store.enrollmentCodes.find({ userCode });
    if (code && code.state === 'pending' && code.expiresAt > now) {
      await Promise.all(subjects.map(([l, s]) => l.uncount(s)));
      return code;
    }
    const lockedAfter = Math.max(...after.map((s) => s.retryAfterMs));
    if (lockedAfter > 0) throw guessLimited(lockedAfter);
    throw new ApiError(ErrorCode.EnrollCodeUnknown, 'no device is showing that code now', {
      attemptsLeft: Math.min(...after.slice(0, 2).map((s) => s.attemptsLeft)),
      field: 'userCode',
    });
  }

  /** The approved code's answer was collected: it is gone (single use). */
  async consume(code: EnrollmentCodeRecord): Promise<void> {
    await this.store.enrollmentCodes.delete(code.deviceCodeHash);
  }

  async approve(code: EnrollmentCodeRecord, deviceId: string): Promise<void> {
    await this.store.enrollmentCodes.update(code.deviceCodeHash, { state: 'approved', deviceId });
  }

  async deny(code: EnrollmentCodeRecord): Promise<void> {
    await this.store.enrollmentCodes.update(code.deviceCodeHash, { state: 'denied' });
  }

  /**
   * Counting and checking attempts is one step: requests run it one after another, so a burst cannot slip past a
   * limit while the database answers. (Not a transaction: a refused guess must stay counted.)
   */
  private oneAtATime<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task);
    this.queue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** 8 random letters of the look-alike-free alphabet, not in use by another live code. */
  private async freshUserCode(): Promise<string> {
    for (;;) {
      let code = '';
      for (let i = 0; i < USER_CODE_LENGTH; i++)
        code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
      if (!(await this.store.enrollmentCodes.find({ userCode: code }))) return code;
    }
  }
}

function guessLimited(retryAfterMs: number): ApiError {
  return new ApiError(ErrorCode.EnrollGuessLimited, 'too many wrong codes: wait before trying again', {
    retryAfterSec: Math.ceil(retryAfterMs / 1000),
  });
}
