import type { SharedState } from '../cluster/shared-state.ts';
import { generateToken, hashToken } from '../identity/tokens.ts';

/**
 * Short-lived web sessions (the setup page's, between its steps): a random token shown once to the browser, kept
 * only as its hash, expiring after `ttlMs` without use. In the shared state, so any API process serves the next
 * step (in memory with one process: a restart then ends every half-finished setup, which only means logging in
 * again). A step that changes the session writes it back with {@link save}.
 */
export class SessionTable<T> {
  private readonly state: SharedState;
  /** `setup`, `joint`: one table's tokens never open another's sessions. */
  private readonly kind: string;
  private readonly ttlMs: number;

  constructor(options: { state: SharedState; kind: string; ttlMs: number }) {
    this.state = options.state;
    this.kind = options.kind;
    this.ttlMs = options.ttlMs;
  }

  async open(session: T): Promise<string> {
    const token = generateToken();
    await this.state.set(this.key(token), session, this.ttlMs);
    return token;
  }

  /** The session, its life started again; undefined for an unknown or expired token. */
  get(token: string): Promise<T | undefined> {
    return this.state.get<T>(this.key(token), { renewMs: this.ttlMs });
  }

  /** The session as a step changed it; false when it was closed or expired meanwhile (then nothing is written). */
  save(token: string, session: T): Promise<boolean> {
    return this.state.replace(this.key(token), session, this.ttlMs);
  }

  close(token: string): Promise<void> {
    return this.state.delete(this.key(token));
  }

  private key(token: string): string {
    return `session:${this.kind}:${hashToken(token)}`;
  }
}
