import { createRequire } from 'node:module';
import type { RateLimiterRes, RateLimiterStoreAbstract as StoreAbstract } from 'rate-limiter-flexible';
import type { RateLimitCounter, RateLimitRepository } from './rate-limit-repository.ts';

/**
 * How many tries a guessable secret (a password, an enrollment code) or an open door (asking for codes) takes
 * before it locks, and for how long: at most `max` within a window of `spanMs` that starts with the first try.
 */
export interface AttemptLimit {
  spanMs: number;
  max: number;
}

/** 5 wrong tries in 15 minutes and 20 in a day: every login's limits. */
export const DEFAULT_ATTEMPT_LIMITS: readonly AttemptLimit[] = [
  { spanMs: 15 * 60_000, max: 5 },
  { spanMs: 24 * 3600_000, max: 20 },
];

export interface LockState {
  /** 0 when a try is allowed now. */
  retryAfterMs: number;
  /** Tries left before the next lock. */
  attemptsLeft: number;
}

const require = createRequire(import.meta.url);
/**
 * rate-limiter-flexible's base for a store of one's own: the library counts, a store keeps the counters. Its index
 * exports the stores it ships, not this base, so it is loaded from the library's file (the version is pinned).
 */
const RateLimiterStoreAbstract =
  require('rate-limiter-flexible/lib/RateLimiterStoreAbstract.js') as typeof StoreAbstract;
const { RateLimiterRes: Res } = require('rate-limiter-flexible') as { RateLimiterRes: typeof RateLimiterRes };

/**
 * A rate-limiter-flexible limiter whose counters are rows of our database (rate-limit-repository.ts), so the
 * limits hold across restarts and across every process on one PostgreSQL database, on our clock (tests move it).
 * The library's own stores either need a driver we do not use for SQLite or keep the counters in one process.
 */
class DatabaseRateLimiter extends RateLimiterStoreAbstract {
  private readonly counters: RateLimitRepository;
  private readonly now: () => number;

  constructor(
    counters: RateLimitRepository,
    now: () => number,
    options: { keyPrefix: string; points: number; duration: number },
  ) {
    super({ ...options, storeClient: counters });
    this.counters = counters;
    this.now = now;
  }

  // The store's half of the library's contract (RateLimiterStoreAbstract calls these).
  _upsert(key: string, points: number, msDuration: number, forceExpire = false): Promise<RateLimitCounter> {
    // Forcing a new expiry is what the library's blocking does; these limiters do not block past their window.
    if (forceExpire) return Promise.reject(new Error('blockDuration is not used by the attempt limits'));
    const now = this.now();
    return this.counters.add(key, points, msDuration > 0 ? now + msDuration : null, now);
  }

  async _get(key: string): Promise<RateLimitCounter | null> {
    return (await this.counters.get(key, this.now())) ?? null;
  }

  _delete(key: string): Promise<boolean> {
    return this.counters.delete(key);
  }

  _getRateLimiterRes(_key: string, changedPoints: number, counter: RateLimitCounter): RateLimiterRes {
    const first = changedPoints === counter.points;
    const consumed = first ? changedPoints : counter.points;
    const msBeforeNext = counter.expire === null ? -1 : Math.max(counter.expire - this.now(), 0);
    return new Res(Math.max(this.points - consumed, 0), msBeforeNext, consumed, first);
  }
}

/** How often a process drops the counters whose window has passed. */
const PURGE_EVERY_MS = 60_000;

/**
 * Tries at one kind of thing (named by `name`), per subject (an account, a source address, everyone), under
 * `limits`: one rate-limiter-flexible limiter per window. Counting is one atomic statement per window, so tries
 * at several processes at once are all counted; a caller that counts before it checks (see {@link AttemptGuard})
 * never lets more checks through than the limits allow.
 */
export class AttemptLimits {
  private readonly windows: { limit: AttemptLimit; limiter: DatabaseRateLimiter }[];
  private readonly counters: RateLimitRepository;
  private readonly now: () => number;
  private purgeDueAt = 0;

  constructor(
    counters: RateLimitRepository,
    name: string,
    limits: readonly AttemptLimit[],
    now: () => number = Date.now,
  ) {
    this.counters = counters;
    this.now = now;
    this.windows = limits.map((limit) => ({
      limit,
      limiter: new DatabaseRateLimiter(counters, now, {
        keyPrefix: `${name}:${limit.spanMs / 1000}s`,
        points: limit.max,
        duration: limit.spanMs / 1000,
      }),
    }));
  }

  /** How long until a try is allowed (0: now), and how many are left before a lock. */
  async state(subject: string): Promise<LockState> {
    return this.lockState(await Promise.all(this.windows.map((w) => w.limiter.get(subject))));
  }

  /**
   * Counts one try, and answers the state after it; `pastLimit` when the try went past a limit (others at other
   * processes may have filled it meanwhile): such a try must not be checked.
   */
  async count(subject: string): Promise<LockState & { pastLimit: boolean }> {
    void this.purgeNowAndThen();
    const after = await Promise.all(this.windows.map((w) => w.limiter.penalty(subject, 1)));
    const pastLimit = after.some((res, i) => res.consumedPoints > this.windows[i]!.limit.max);
    return { ...this.lockState(after), pastLimit };
  }

  /**
   * Takes one counted try back (it turned out to be no guess: the code was right). Not the library's `reward()`:
   * that is an upsert, which would make a counter of -1 (an extra try) if the window ended in between.
   */
  async uncount(subject: string): Promise<void> {
    const now = this.now();
    await Promise.all(this.windows.map((w) => this.counters.takeBack(w.limiter.getKey(subject), 1, now)));
  }

  /** Forgets the subject's tries (the right secret was given). */
  async clear(subject: string): Promise<void> {
    await Promise.all(this.windows.map((w) => w.limiter.delete(subject)));
  }

  private lockState(results: readonly (RateLimiterRes | null)[]): LockState {
    let retryAfterMs = 0;
    let attemptsLeft = Infinity;
    results.forEach((res, i) => {
      const { max } = this.windows[i]!.limit;
      const used = res?.consumedPoints ?? 0;
      attemptsLeft = Math.min(attemptsLeft, max - used);
      if (res && used >= max) retryAfterMs = Math.max(retryAfterMs, res.msBeforeNext);
    });
    return { retryAfterMs, attemptsLeft: Math.max(0, attemptsLeft) };
  }

  /** The table keeps only live windows: expired counters go now and then, never in a request's way. */
  private async purgeNowAndThen(): Promise<void> {
    const now = this.now();
    if (now < this.purgeDueAt) return;
    this.purgeDueAt = now + PURGE_EVERY_MS;
    await this.counters.purgeExpired(now).catch(() => undefined);
  }
}

export type AttemptOutcome =
  | { ok: true }
  | { ok: false; reason: 'wrong'; attemptsLeft: number }
  | { ok: false; reason: 'locked'; retryAfterMs: number };

/**
 * Checks guesses at one secret under the attempt limits. Each try is counted before the secret is checked, so a
 * burst spread over API processes gets no more checks than the limits allow; tries on one subject in one process
 * also run one at a time, so a burst there waits rather than racing the (deliberately slow) hash check.
 */
export class AttemptGuard {
  private readonly limits: AttemptLimits;
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    counters: RateLimitRepository,
    options: { name?: string; limits?: readonly AttemptLimit[]; now?: () => number } = {},
  ) {
    this.limits = new AttemptLimits(
      counters,
      options.name ?? 'login',
      options.limits ?? DEFAULT_ATTEMPT_LIMITS,
      options.now,
    );
  }

  /** Runs `verify` unless the subject is locked; a false answer counts as a wrong try, a true one clears them. */
  attempt(subject: string, verify: () => Promise<boolean>): Promise<AttemptOutcome> {
    return this.serially(subject, async () => {
      const before = await this.limits.state(subject);
      if (before.retryAfterMs > 0) return { ok: false, reason: 'locked', retryAfterMs: before.retryAfterMs };
      const after = await this.limits.count(subject);
      if (after.pastLimit) return { ok: false, reason: 'locked', retryAfterMs: after.retryAfterMs };
      if (await verify()) {
        await this.limits.clear(subject);
        return { ok: true };
      }
      if (after.retryAfterMs > 0) return { ok: false, reason: 'locked', retryAfterMs: after.retryAfterMs };
      return { ok: false, reason: 'wrong', attemptsLeft: after.attemptsLeft };
    });
  }

  /** How long until the next try is allowed (0 if now), and how many wrong tries remain before a lock. */
  lockState(subject: string): Promise<LockState> {
    return this.limits.state(subject);
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
