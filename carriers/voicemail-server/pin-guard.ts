import { AttemptGuard, DEFAULT_ATTEMPT_LIMITS, type LockState } from '../kit/attempt-guard.ts';
import { hashSecret, verifySecret } from '../kit/secrets.ts';
import type { MailboxStore } from './mailbox-store.ts';
import { pinProblem } from './pin-policy.ts';

/** At most 5 wrong PINs in 15 minutes and 20 in a day, counted per mailbox across every device that tries. */
export const PIN_LIMITS = DEFAULT_ATTEMPT_LIMITS;

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
 * Checks PINs against the mailbox's hash under the attempt limits (tries on one mailbox one at a time, see
 * {@link AttemptGuard}). Nothing about the PIN itself is ever logged or returned.
 */
export class PinGuard {
  private readonly store: MailboxStore;
  private readonly guard: AttemptGuard;

  constructor(store: MailboxStore, now: () => number = Date.now) {
    this.store = store;
    this.guard = new AttemptGuard(store, { limits: PIN_LIMITS, now });
  }

  async check(mailbox: string, pin: string): Promise<PinCheck> {
    const pinHash = this.store.getMailbox(mailbox)?.pinHash;
    if (!pinHash) return { ok: false, reason: 'not-set' };
    return this.guard.attempt(mailbox, () => verifySecret(pin, pinHash));
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

  /** How long until the next try is allowed (0 if now), and how many wrong tries remain before a lock. */
  lockState(mailbox: string): LockState {
    return this.guard.lockState(mailbox);
  }
}
