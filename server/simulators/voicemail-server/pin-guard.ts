import { hashSecret, verifySecret } from '../../identity/secrets.ts';
import type { MailboxStore } from './mailbox-store.ts';
import { pinProblem } from './pin-policy.ts';

/** At most 5 wrong PINs in 15 minutes and 20 in a day, counted per mailbox across every device that tries. */
export const PIN_LIMITS = [
  { spanMs: 15 * 60_000, max: 5 },
  { spanMs: 24 * 3600_000, max: 20 },
] as const;

export type PinCheck =
  | { ok: true }
  | { ok: false; reason: 'not-set' }
  | { ok: false; reason: 'wrong'; attemptsLeft: number }
  | { ok: false; reason: 'locked'; retryAfterMs: number };

export type PinFailure = Exclude<PinCheck, { ok: true }>;
export type SetPinOutcome =
  | { ok: true }
  | { ok: false; reason: 'rejected'; problem: string }
  | { ok: false; reason: 'current-required' }
  | PinFailure;

/**
 * Checks PINs against the mailbox's hash and enforces the attempt limits. Tries on one mailbox run one at a time,
 * so a burst of parallel guesses cannot slip past the counter while scrypt is busy. Nothing about the PIN itself
 * is ever logged or returned.
 */
export class PinGuard {
  private readonly store: MailboxStore;
  private readonly now: () => number;
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(store: MailboxStore, now: () => number = Date.now) {
    this.store = store;
    this.now = now;
  }

  check(mailbox: string, pin: string): Promise<PinCheck> {
    const previous = this.queues.get(mailbox) ?? Promise.resolve();
    const result = previous.then(() => this.checkNow(mailbox, pin));
    const settled = result.catch(() => undefined);
    this.queues.set(mailbox, settled);
    void settled.then(() => {
      if (this.queues.get(mailbox) === settled) this.queues.delete(mailbox);
    });
    return result;
  }

  /** The owner chooses a PIN: freely the first time, with the current PIN (checked under the same limits) after. */
  async setPin(mailbox: string, pin: string, currentPin: string | undefined): Promise<SetPinOutcome> {
    const box = this.store.getMailbox(mailbox);
    if (box?.pinHash) {
      if (currentPin === undefined) return { ok: false, reason: 'current-required' };
      const check = await this.check(mailbox, currentPin);
      if (!check.ok) return check;
    }
    const problem = pinProblem(pin, mailbox);
    if (problem) return { ok: false, reason: 'rejected', problem };
    this.store.setPinHash(mailbox, await hashSecret(pin));
    return { ok: true };
  }

  private async checkNow(mailbox: string, pin: string): Promise<PinCheck> {
    const box = this.store.getMailbox(mailbox);
    if (!box?.pinHash) return { ok: false, reason: 'not-set' };
    const locked = this.lockState(mailbox);
    if (locked.retryAfterMs > 0) return { ok: false, reason: 'locked', retryAfterMs: locked.retryAfterMs };
    if (await verifySecret(pin, box.pinHash)) {
      this.store.clearPinFailures(mailbox);
      return { ok: true };
    }
    this.store.recordPinFailure(mailbox, this.now());
    const after = this.lockState(mailbox);
    if (after.retryAfterMs > 0) return { ok: false, reason: 'locked', retryAfterMs: after.retryAfterMs };
    return { ok: false, reason: 'wrong', attemptsLeft: after.attemptsLeft };
  }

  /** How long until the next try is allowed (0 if now), and how many wrong tries remain before a lock. */
  lockState(mailbox: string): { retryAfterMs: number; attemptsLeft: number } {
    const now = this.now();
    const failures = this.store.pinFailuresSince(mailbox, now - PIN_LIMITS[1].spanMs);
    let retryAfterMs = 0;
    let attemptsLeft = Infinity;
    for (const limit of PIN_LIMITS) {
      const inWindow = failures.filter((at) => at > now - limit.spanMs);
      attemptsLeft = Math.min(attemptsLeft, limit.max - inWindow.length);
      if (inWindow.length >= limit.max) {
        // Locked until the failure that filled the window ages out of it.
        const oldestCounted = inWindow[inWindow.length - limit.max]!;
        retryAfterMs = Math.max(retryAfterMs, oldestCounted + limit.spanMs - now);
      }
    }
    return { retryAfterMs, attemptsLeft: Math.max(0, attemptsLeft) };
  }
}
