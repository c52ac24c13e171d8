import { ErrorCode, type UnlockResponse, type VoicemailMessage } from '../protocol/index.ts';
import { failure, type Failure } from './refusals.ts';

/** The PIN of every mock mailbox (mocks only; the real carrier has no default PIN). */
export const MOCK_PIN = '8264';
export const MOCK_AUDIO_URL = '/mocks/fixtures/audio/voicemail-8s.m4a';

/**
 * The voicemail side of the backend in memory, for msw: messages, PIN checks with the real limits (5 wrong →
 * locked), playback sessions, and the actions tests look for.
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
  private wrongPins = 0;
  private readonly sessions = new Map<string, string>();

  add(message: VoicemailMessage): void {
    this.messages.push(message);
  }

  unlock(messageId: string, pin: string): UnlockResponse | Failure {
    if (!this.messages.some((m) => m.id === messageId))
      return failure(404, ErrorCode.MessageNotFound, 'no such message');
    if (this.wrongPins >= 5)
      return failure(423, ErrorCode.PinLocked, 'too many wrong PINs', { retryAfterSec: 840 });
    if (pin !== MOCK_PIN) {
      this.wrongPins++;
      if (this.wrongPins >= 5)
        return failure(423, ErrorCode.PinLocked, 'too many wrong PINs', { retryAfterSec: 900 });
      return failure(403, ErrorCode.PinWrong, 'wrong PIN', { attemptsLeft: 5 - this.wrongPins });
    }
    this.wrongPins = 0;
    const sessionId = `mock-session-${messageId}-${this.sessions.size + 1}`;
    this.sessions.set(sessionId, messageId);
    return {
      sessionId,
      audioUrl: this.audioUrls.get(messageId) ?? MOCK_AUDIO_URL,
      expiresAt: new Date(Date.now() + 600_000).toISOString(),
    };
  }

  act(action: 'heard' | 'delete', messageId: string, sessionId: string): Failure | null {
    if (this.sessions.get(sessionId) !== messageId)
      return failure(401, ErrorCode.SessionInvalid, 'enter the PIN again');
    if (action === 'heard') this.heard.push(messageId);
    else {
      this.deleted.push(messageId);
      this.messages.splice(
        this.messages.findIndex((m) => m.id === messageId),
        1,
      );
    }
    return null;
  }
}
