/**
 * How many wrong tries a secret people choose (a PIN, a password) can take before it locks, and for how long:
 * at most `max` failures within any `spanMs`, for every limit.
 */
export interface AttemptLimit {
  spanMs: number;
  max: number;
}

/** 5 wrong tries in 15 minutes and 20 in a day: the carriers' rule for voicemail PINs and account logins. */
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

/** Where the wrong tries are kept: each carrier's own database. */
export interface FailureLog {
  recordFailure(subject: string, at: number): void;
  /** Failure times after `since`, oldest first. */
  failuresSince(subject: string, since: number): number[];
  clearFailures(subject: string): void;
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
      const locked = this.lockState(subject);
      if (locked.retryAfterMs > 0) return { ok: false, reason: 'locked', retryAfterMs: locked.retryAfterMs };
      if (await verify()) {
        this.log.clearFailures(subject);
        return { ok: true };
      }
      this.log.recordFailure(subject, this.now());
      const after = this.lockState(subject);
      if (after.retryAfterMs > 0) return { ok: false, reason: 'locked', retryAfterMs: after.retryAfterMs };
      return { ok: false, reason: 'wrong', attemptsLeft: after.attemptsLeft };
    });
  }

  /** How long until the next try is allowed (0 if now), and how many wrong tries remain before a lock. */
  lockState(subject: string): LockState {
    const now = this.now();
    const horizonMs = Math.max(...this.limits.map((l) => l.spanMs));
    return lockStateOf(this.log.failuresSince(subject, now - horizonMs), this.limits, now);
  }

  /** Runs `task` after every earlier try on the same subject has finished. */
  private serially<T>(subject: string, task: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(subject) ?? Promise.resolve();
    const result = previous.then(task);
    const settled = result.catch(() => undefined);
    this.queues.set(subject, settled);
    void settled.then(() => {
      if (this.queues.get(subject) === settled) this.queues.delete(subject);
    });
    return result;
  }
}

/**
 * The lock state after these failures (times in ms, oldest first, none older than the longest span). A full
 * window stays locked until the failure that filled it ages out of it.
 */
function lockStateOf(failures: readonly number[], limits: readonly AttemptLimit[], now: number): LockState {
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
