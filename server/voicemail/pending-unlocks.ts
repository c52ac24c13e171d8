import { setTimeout as sleep } from 'node:timers/promises';

interface Pending {
  deviceId: string;
  /** Settles (never rejects) when the unlock has ended, either way. */
  ended: Promise<void>;
  refused: boolean;
}

/** How long an audio request may wait for its unlock to reach any process (it is sent right after it). */
const BEGIN_WAIT_MS = 2_000;
/**
 * How often a waiting request looks again for an unlock it cannot see yet (one another process took): soon at
 * first, as the two requests usually arrive together, then less and less often (in a cluster a look is a Redis read).
 */
const POLL_FIRST_MS = 10;
const POLL_MAX_MS = 200;
/** A refused unlock is remembered this long, so an audio request that comes late is answered at once. */
const REFUSAL_KEPT_MS = 10_000;
/**
 * Audio requests one device, and all devices, may have waiting at once in this process; past either they are
 * answered as an unknown session is (the player then asks again once the unlock has answered).
 */
const WAITS_PER_DEVICE = 4;
const WAITS_IN_ALL = 500;

/**
 * Unlocks whose PIN is being checked, by the session id the device chose (`UnlockRequest.sessionId`), so that
 * the audio request the device sends at the same time waits for the answer instead of being refused: the audio
 * then streams the moment the PIN is accepted, not a round trip later.
 *
 * Only a request with the device's own token waits, and only for that device's unlock: an id nobody is unlocking
 * is waited for {@link BEGIN_WAIT_MS} at most (the two requests travel apart, so the audio's may come first), an
 * unlock being checked here until it ends. An unlock checked by another process is seen through `lookup`, its
 * session in the shared state.
 */
export class PendingUnlocks {
  private readonly pending = new Map<string, Pending>();
  private readonly waitsByDevice = new Map<string, number>();
  private waits = 0;

  /** Whether `sessionId` is being unlocked here now (or was refused a moment ago): a new unlock may not take it. */
  has(sessionId: string): boolean {
    return this.pending.has(sessionId);
  }

  /** Runs the unlock of `sessionId` marked pending, so that audio requests for it wait for its answer. */
  async track<T>(sessionId: string, deviceId: string, unlock: () => Promise<T>): Promise<T> {
    let end!: () => void;
    const entry: Pending = { deviceId, ended: new Promise((resolve) => (end = resolve)), refused: false };
    this.pending.set(sessionId, entry);
    try {
      return await unlock();
    } catch (error) {
      entry.refused = true;
      setTimeout(() => this.pending.delete(sessionId), REFUSAL_KEPT_MS).unref();
      throw error;
    } finally {
      if (!entry.refused) this.pending.delete(sessionId);
      end();
    }
  }

  /**
   * Waits until the device's unlock of `sessionId` has ended here, or `lookup` finds the session (unlocked by
   * another process), or the unlock has not begun anywhere within {@link BEGIN_WAIT_MS}. What it waited for is
   * then read as any session is: this only decides when.
   */
  async waitFor(sessionId: string, deviceId: string, lookup: () => Promise<unknown>): Promise<void> {
    const waits = this.waitsByDevice.get(deviceId) ?? 0;
    if (waits >= WAITS_PER_DEVICE || this.waits >= WAITS_IN_ALL) return;
    this.waitsByDevice.set(deviceId, waits + 1);
    this.waits++;
    try {
      const deadline = Date.now() + BEGIN_WAIT_MS;
      for (let pause = POLL_FIRST_MS; ; pause = Math.min(pause * 2, POLL_MAX_MS)) {
        const entry = this.pending.get(sessionId);
        if (entry) {
          // Another device's unlock is none of this request's business: it is answered as an unknown session.
          if (entry.deviceId === deviceId && !entry.refused) await entry.ended;
          return;
        }
        if ((await lookup()) !== undefined || Date.now() >= deadline) return;
        await sleep(pause);
      }
    } finally {
      this.waits--;
      const left = (this.waitsByDevice.get(deviceId) ?? 1) - 1;
      if (left === 0) this.waitsByDevice.delete(deviceId);
      else this.waitsByDevice.set(deviceId, left);
    }
  }
}
