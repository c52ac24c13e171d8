import { generateToken, hashToken } from '../identity/tokens.ts';

/**
 * Short-lived web sessions (the setup page's, between its steps): a random token shown once to the browser,
 * kept here only as its hash, expiring after `ttlMs` without use. In memory on purpose: a restart ends every
 * half-finished setup, which only means logging in again.
 */
export class SessionTable<T> {
  private readonly sessions = new Map<string, { state: T; expiresAt: number }>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: { ttlMs: number; now?: () => number }) {
    this.ttlMs = options.ttlMs;
    this.now = options.now ?? Date.now;
  }

  open(state: T): string {
    this.sweep();
    const token = generateToken();
    this.sessions.set(hashToken(token), { state, expiresAt: this.now() + this.ttlMs });
    return token;
  }

  /** The session's state, its life extended; undefined for an unknown or expired token. */
  get(token: string): T | undefined {
    const key = hashToken(token);
    const session = this.sessions.get(key);
    if (!session) return undefined;
    if (session.expiresAt <= this.now()) {
      this.sessions.delete(key);
      return undefined;
    }
    session.expiresAt = this.now() + this.ttlMs;
    return session.state;
  }

  close(token: string): void {
    this.sessions.delete(hashToken(token));
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, session] of this.sessions) if (session.expiresAt <= now) this.sessions.delete(key);
  }
}
