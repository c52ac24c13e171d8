/**
 * Short-lived state that any process may need to read: setup and joint-account sessions, what each display shows
 * and its quiet, the calls ringing now, the consents a joint account waits for. Each entry is a JSON value under a
 * key, with a time to live; nothing here is the only copy of anything a household would miss (the system of record
 * is the database). One process keeps it in memory ({@link MemorySharedState}); past one process it is in Redis
 * (redis-shared-state.ts), so a request may land on any API process.
 */
export interface SharedState {
  /** The value under `key`, or undefined (never set, expired or taken). `renewMs` starts its life again as it is read. */
  get<T>(key: string, options?: { renewMs?: number }): Promise<T | undefined>;
  set(key: string, value: unknown, ttlMs: number): Promise<void>;
  /**
   * Writes `value` only over a live entry (Redis `SET … XX`); false when there was none. A step that read, changed
   * and writes back a session must not bring it back to life after a logout closed it meanwhile.
   */
  replace(key: string, value: unknown, ttlMs: number): Promise<boolean>;
  /** Reads and removes at once: of two processes taking the same key, exactly one gets its value. */
  take<T>(key: string): Promise<T | undefined>;
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The shared state could not be reached (Redis away). The request that met it changed nothing it could not redo,
 * so the HTTP edge answers 503 with Retry-After, as for the database (store-unavailable.ts).
 */
export class SharedStateUnavailableError extends Error {
  readonly code = 'SHARED_STATE_UNAVAILABLE';
  constructor(cause: unknown) {
    super('the shared state (Redis) cannot be reached', { cause });
    this.name = 'SharedStateUnavailableError';
  }
}

/**
 * The embedded default: a map in this process. Values are stored as JSON text, as Redis stores them, so a caller
 * that changes what it read changes nothing until it writes it back — the same in both modes.
 */
export class MemorySharedState implements SharedState {
  private readonly entries = new Map<string, { json: string; expiresAt: number }>();
  private readonly now: () => number;
  private nextSweep = 0;

  constructor(options: { now?: () => number } = {}) {
    this.now = options.now ?? Date.now;
  }

  get<T>(key: string, options: { renewMs?: number } = {}): Promise<T | undefined> {
    const entry = this.live(key);
    if (entry && options.renewMs !== undefined) entry.expiresAt = this.now() + options.renewMs;
    return Promise.resolve(entry ? (JSON.parse(entry.json) as T) : undefined);
  }

  set(key: string, value: unknown, ttlMs: number): Promise<void> {
    this.sweep();
    this.entries.set(key, { json: JSON.stringify(value), expiresAt: this.now() + ttlMs });
    return Promise.resolve();
  }

  replace(key: string, value: unknown, ttlMs: number): Promise<boolean> {
    if (!this.live(key)) return Promise.resolve(false);
    this.entries.set(key, { json: JSON.stringify(value), expiresAt: this.now() + ttlMs });
    return Promise.resolve(true);
  }

  take<T>(key: string): Promise<T | undefined> {
    const entry = this.live(key);
    this.entries.delete(key);
    return Promise.resolve(entry ? (JSON.parse(entry.json) as T) : undefined);
  }

  delete(key: string): Promise<void> {
    this.entries.delete(key);
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.entries.clear();
    return Promise.resolve();
  }

  private live(key: string): { json: string; expiresAt: number } | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Expired entries nobody reads again go at most once a minute, on a write (no timer to keep the process up). */
  private sweep(): void {
    const now = this.now();
    if (now < this.nextSweep) return;
    this.nextSweep = now + 60_000;
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}
