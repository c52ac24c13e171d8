import { ErrorCode, type UnlockResponse, type VoicemailMessage } from '../protocol/index.ts';
import { failure, type Failure } from './refusals.ts';

/** The PIN of every mock mailbox (mocks only; the real carrier has no default PIN). */
export const MOCK_PIN = '8264';
export const MOCK_AUDIO_URL = '/mocks/fixtures/audio/voicemail-8s.m4a';

/** A wrong PIN, as the backend refuses it with `attemptsLeft` tries left. */
export const pinWrong = (attemptsLeft: number): Failure =>
  failure(403, ErrorCode.PinWrong, 'wrong PIN', { attemptsLeft });

/** A mailbox locked after too many wrong PINs, for `retryAfterSec`. */
export const pinLocked = (retryAfterSec: number): Failure =>
  failure(423, ErrorCode.PinLocked, 'too many wrong PINs', { retryAfterSec });

/**
 * The voicemail routes for msw: the messages a test put in the mailbox, PIN 8264 opening any of them, and what
 * devices did (heard, later, deleted). A wrong PIN is answered as the first one is (4 tries left); anything else the
 * backend would say — fewer tries, a lock, a session it no longer knows — a test says, in order, with
 * `unlockRefusals` and `actionRefusals`. Counting tries and binding sessions are the backend's rules
 * (server/voicemail/voicemail-actions.test.ts).
 */
export class MockVoicemail {
  readonly messages: VoicemailMessage[] = [];
  readonly heard: string[] = [];
  readonly later: string[] = [];
  readonly deleted: string[] = [];
  /** Audio URL by message id; messages not listed play the 8 s fixture. */
  readonly audioUrls = new Map<string, string>();
  /** When set, the list route answers 503 as a backend that is down would. */
  unavailable = false;
  /** How the next unlocks are refused, in order, whatever the PIN. */
  readonly unlockRefusals: Failure[] = [];
  /** How the next heard or delete calls are refused, in order. */
  readonly actionRefusals: Failure[] = [];
  private sessions = 0;

  add(message: VoicemailMessage): void {
    this.messages.push(message);
  }

  /** `sessionId`: the device's own id for the session, which the answer keeps (UnlockRequest.sessionId). */
  unlock(messageId: string, pin: string, sessionId?: string): UnlockResponse | Failure {
    const refused = this.unlockRefusals.shift();
    if (refused) return refused;
    if (!this.messages.some((m) => m.id === messageId))
      return failure(404, ErrorCode.MessageNotFound, 'no such message');
    if (pin !== MOCK_PIN) return pinWrong(4);
    return {
      sessionId: sessionId ?? `mock-session-${messageId}-${++this.sessions}`,
      audioUrl: this.audioUrls.get(messageId) ?? MOCK_AUDIO_URL,
      expiresAt: new Date(Date.now() + 600_000).toISOString(),
    };
  }

  act(action: 'heard' | 'delete', messageId: string): Failure | null {
    const refused = this.actionRefusals.shift();
    if (refused) return refused;
    if (action === 'heard') this.heard.push(messageId);
    else {
      this.deleted.push(messageId);
      const at = this.messages.findIndex((m) => m.id === messageId);
      if (at >= 0) this.messages.splice(at, 1);
    }
    return null;
  }
}
