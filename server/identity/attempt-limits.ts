/**
 * How many wrong tries a secret people choose (a PIN, a password) can take before it locks, and for how long.
 * One rule for every guessable secret: at most `max` failures within any `spanMs`.
 */
export interface AttemptLimit {
  spanMs: number;
  max: number;
}

/** 5 wrong tries in 15 minutes and 20 in a day: the voicemail PIN's limits and every login's. */
export const DEFAULT_ATTEMPT_LIMITS: readonly AttemptLimit[] = [
  { spanMs: 15 * 60_000, max: 5 },
  { spanMs: 24 * 3600_000, max: 20 },
];

export interface LockState {
  /** 0 when a try is allowed now. */
  retryAfterMs: number;
  /** Wrong tries left before the next lock. */
  attemptsLeft: number;
}

/** The longest span the limits look back over: older failures can be forgotten. */
export function attemptHorizonMs(limits: readonly AttemptLimit[]): number {
  return Math.max(...limits.map((l) => l.spanMs));
}

/**
 * The lock state after these failures (times in ms, oldest first, none older than the horizon). A full window
 * stays locked until the failure that filled it ages out of it.
 */
export function lockStateOf(
  failures: readonly number[],
  limits: readonly AttemptLimit[],
  now: number,
): LockState {
  let retryAfterMs = 0;
  let attemptsLeft = Infinity;
  for (const limit of limits) {
    const inWindow = failures.filter((at) => at > now - limit.spanMs);
    attemptsLeft = Math.min(attemptsLeft, limit.max - inWindow.length);
    if (inWindow.length >= limit.max) {
      const oldestCounted = inWindow[inWindow.length - limit.max]!;
      retryAfterMs = Math.max(retryAfterMs, oldestCounted + limit.spanMs - now);
    }
  }
  return { retryAfterMs, attemptsLeft: Math.max(0, attemptsLeft) };
}

/**
 * Where the wrong tries are kept (each party's own database: the carrier's for PINs, ours for joint accounts).
 * Ours answers asynchronously (its repositories do), a simulator's embedded store synchronously: both fit.
 */
export interface FailureLog {
  recordFailure(subject: string, at: number): void | Promise<void>;
  /** Failure times after `since`, oldest first. */
  failuresSince(subject: string, since: number): number[] | Promise<number[]>;
  clearFailures(subject: string): void | Promise<void>;
}

export type AttemptOutcome =
  | { ok: true }
  | { ok: false; reason: 'wrong'; attemptsLeft: number }
  | { ok: false; reason: 'locked'; retryAfterMs: number };

/**
 * Checks guesses at one secret under the attempt limits. Tries on one subject run one at a time, so a burst of
 * parallel guesses cannot slip past the counter while the (deliberately slow) hash check is busy.
 */
export class AttemptGuard {
  private readonly log: FailureLog;
  private readonly limits: readonly AttemptLimit[];
  private readonly now: () => number;
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(log: FailureLog, options: { limits?: readonly AttemptLimit[]; now?: () => number } = {}) {
    this.log = log;
    this.limits = options.limits ?? DEFAULT_ATTEMPT_LIMITS;
    this.now = options.now ?? Date.now;
  }

  /** Runs `verify` unless the subject is locked; a false answer counts as a wrong try, a true one clears them. */
  attempt(subject: string, verify: () => Promise<boolean>): Promise<AttemptOutcome> {
    return this.serially(subject, async () => {
      const locked = await this.lockState(subject);
      if (locked.retryAfterMs > 0) return { ok: false, reason: 'locked', retryAfterMs: locked.retryAfterMs };
      // The try is counted as wrong before the secret is checked, and the count read back: another process
      // checking the same secret at this moment sees it, so a burst spread over API processes gets no more checks
      // than the limits allow (each process runs its own tries one at a time; the shared log orders them all).
      const at = this.now();
      await this.log.recordFailure(subject, at);
      const failures = await this.log.failuresSince(subject, at - attemptHorizonMs(this.limits));
      const before = lockStateOf(withoutOne(failures, at), this.limits, at);
      if (before.retryAfterMs > 0) {
        // Others filled the limit meanwhile: this try is spent unchecked, as a guess past the limit should be.
        return { ok: false, reason: 'locked', retryAfterMs: before.retryAfterMs };
      }
      if (await verify()) {
        await this.log.clearFailures(subject);
        return { ok: true };
      }
      const after = lockStateOf(failures, this.limits, at);
      if (after.retryAfterMs > 0) return { ok: false, reason: 'locked', retryAfterMs: after.retryAfterMs };
      return { ok: false, reason: 'wrong', attemptsLeft: after.attemptsLeft };
    });
  }

  /** Runs `task` after every earlier try on the same subject has finished. */
  serially<T>(subject: string, task: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(subject) ?? Promise.resolve();
    const result = previous.then(task);
    const settled = result.catch(() => undefined);
    this.queues.set(subject, settled);
    void settled.then(() => {
      if (this.queues.get(subject) === settled) this.queues.delete(subject);
    });
    return result;
  }

  /** How long until the next try is allowed (0 if now), and how many wrong tries remain before a lock. */
  async lockState(subject: string): Promise<LockState> {
    const now = this.now();
    return lockStateOf(
      await this.log.failuresSince(subject, now - attemptHorizonMs(this.limits)),
      this.limits,
      now,
    );
  }
}

/** The failure times with one entry at `at` (this try's own) left out. */
function withoutOne(failures: readonly number[], at: number): number[] {
  const index = failures.lastIndexOf(at);
  return index < 0 ? [...failures] : [...failures.slice(0, index), ...failures.slice(index + 1)];
}
