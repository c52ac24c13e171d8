import { BehaviorSubject } from 'rxjs';
import { ErrorCode, type UnlockResponse, type VoicemailMessage } from '../../protocol/index.ts';
import { ApiRequestError } from '../net/api-client.ts';
import { callerLabel } from '../wording.ts';
import { pinErrorText } from './pin-wording.ts';
import { newPlaybackSessionId } from './playback-session-id.ts';

/** What the flow needs to know of a message: enough to name it and to play it. */
export type FlowMessage = Pick<VoicemailMessage, 'id' | 'callerName' | 'callerNumber' | 'durationSec'> & {
  transcript?: string | null;
};

export const PIN_MIN = 4;
export const PIN_MAX = 10;

/**
 * What the flow asks of the backend. The TV passes its `ApiClient`; the phone page passes its `PhoneVoicemail`,
 * which also keeps each unlocked message's session, so that Play and Delete need the PIN only once.
 */
export interface ListenApi {
  /** `sessionId`: the device's own id for the session, when its player will ask for the audio before the answer. */
  unlock(
    messageId: string,
    pin: string,
    intent: 'listen' | 'delete',
    sessionId?: string,
  ): Promise<UnlockResponse>;
  delete(messageId: string, sessionId: string): Promise<void>;
  later(messageId: string): Promise<void>;
  /** A session this device still holds for the message (unexpired), so it is not asked for the PIN again. */
  sessionFor?(messageId: string): UnlockResponse | null;
}

/**
 * What plays an unlocked message. The TV passes its `VoicemailPlayback` (its own player, the programme's sound
 * lowered); the phone page passes none: its `<audio>` element plays the session's URL from the state alone.
 */
export interface ListenPlayback {
  /**
   * Called as a PIN to listen is sent, with the id the session will have if the PIN is right: make ready what can
   * be made ready before the session exists (and ask for its audio, if the player can wait for the answer).
   */
  prepare?(sessionId: string): void;
  start(message: FlowMessage, session: UnlockResponse): Promise<void>;
  close(): void;
}

export type ListenState =
  | { step: 'closed' }
  | {
      step: 'pin';
      message: FlowMessage;
      intent: 'listen' | 'delete';
      length: number;
      error: string | null;
      busy: boolean;
    }
  | { step: 'playing'; message: FlowMessage; session: UnlockResponse }
  | {
      step: 'confirm-delete';
      message: FlowMessage;
      session: UnlockResponse;
      busy: boolean;
      error: string | null;
    }
  | { step: 'done'; message: FlowMessage; text: string };

const PIN_TOO_SHORT = `Enter ${PIN_MIN} to ${PIN_MAX} digits`;
const FAILED = 'That did not work — try again';

/**
 * Everything between "Voice mail from Jane" and the result, as a state machine the screens only render — the TV's
 * Lightning screens and the phone page's rows alike: Listen or Delete asks for the PIN (unless this device still
 * holds the message's session); a correct PIN plays the message, or asks to confirm the delete; the result is said
 * in words ("Message from Jane deleted"). The PIN's digits live only here, never in state the UI renders (it gets
 * the count, for masking), and are dropped as soon as they are sent.
 */
export class ListenFlow {
  readonly state$ = new BehaviorSubject<ListenState>({ step: 'closed' });
  private readonly api: ListenApi;
  private readonly playback: ListenPlayback | null;
  private digits = '';

  constructor(deps: { api: ListenApi; playback?: ListenPlayback }) {
    this.api = deps.api;
    this.playback = deps.playback ?? null;
  }

  get state(): ListenState {
    return this.state$.value;
  }

  listen(message: FlowMessage): void {
    this.open(message, 'listen', this.heldSession(message));
  }

  delete(message: FlowMessage): void {
    this.open(message, 'delete', this.heldSession(message));
  }

  /** Keeps the message new on every device. */
  async later(message: FlowMessage): Promise<void> {
    await this.api.later(message.id);
  }

  typeDigit(digit: number): void {
    const state = this.state;
    if (state.step !== 'pin' || state.busy || this.digits.length >= PIN_MAX) return;
    this.digits += String(digit);
    this.state$.next({ ...state, length: this.digits.length, error: null });
  }

  eraseDigit(): void {
    const state = this.state;
    if (state.step !== 'pin' || state.busy || this.digits.length === 0) return;
    this.digits = this.digits.slice(0, -1);
    this.state$.next({ ...state, length: this.digits.length });
  }

  /** A PIN typed whole (the phone page's field) rather than key by key: checked and sent as the keyed one is. */
  async enterPin(pin: string): Promise<void> {
    const state = this.state;
    if (state.step !== 'pin' || state.busy) return;
    if (!/^\d*$/.test(pin) || pin.length > PIN_MAX) {
      this.digits = '';
      this.state$.next({ ...state, length: 0, error: PIN_TOO_SHORT });
      return;
    }
    this.digits = pin;
    await this.submitPin();
  }

  async submitPin(): Promise<void> {
    const state = this.state;
    if (state.step !== 'pin' || state.busy) return;
    if (this.digits.length < PIN_MIN) {
      this.state$.next({ ...state, error: PIN_TOO_SHORT });
      return;
    }
    const pin = this.digits;
    this.digits = '';
    const sent: ListenState = { ...state, length: 0, busy: true, error: null };
    this.state$.next(sent);
    let session: UnlockResponse;
    // A player that can be readied gets the session's id now, so it can ask for the audio with the PIN.
    const early = state.intent === 'listen' && this.playback?.prepare ? sessionIdOrNone() : undefined;
    try {
      const unlocking = this.api.unlock(state.message.id, pin, state.intent, early);
      // The player opens while the carrier checks the PIN, not after it (and not before it is asked).
      if (early !== undefined) prepareQuietly(this.playback, early);
      session = await unlocking;
    } catch (error) {
      if (this.state !== sent) return;
      // No session: the player made ready is let go while the PIN screen says why.
      if (state.intent === 'listen') this.playback?.close();
      this.state$.next({ ...state, length: 0, busy: false, error: errorText(error) });
      return;
    }
    // The viewer backed out while the PIN was checked: the answer plays nothing.
    if (this.state !== sent) return;
    await this.afterUnlock(state.message, state.intent, session);
  }

  /** From the player, after a failure worth trying again: the same session's audio asked for once more. */
  async retryPlayback(): Promise<void> {
    const state = this.state;
    if (state.step !== 'playing') return;
    await this.playback?.start(state.message, state.session).catch(() => undefined);
  }

  /** From the player: delete what is playing, after a confirmation. */
  deleteFromPlayer(): void {
    const state = this.state;
    if (state.step !== 'playing') return;
    this.playback?.close();
    // A device that keeps sessions knows whether this one still holds; the TV goes on with the one it played.
    this.open(state.message, 'delete', this.api.sessionFor ? this.heldSession(state.message) : state.session);
  }

  async confirmDelete(): Promise<void> {
    const state = this.state;
    if (state.step !== 'confirm-delete' || state.busy) return;
    this.state$.next({ ...state, busy: true, error: null });
    try {
      await this.api.delete(state.message.id, state.session.sessionId);
    } catch (error) {
      // The carrier's session ended while the question was open: only the PIN opens the message again.
      if (error instanceof ApiRequestError && error.code === ErrorCode.SessionInvalid) {
        this.askPin(state.message, 'delete', 'Enter the PIN again');
        return;
      }
      this.state$.next({ ...state, busy: false, error: errorText(error) });
      return;
    }
    this.state$.next({
      step: 'done',
      message: state.message,
      text: `Message from ${callerLabel(state.message)} deleted`,
    });
  }

  /** Back out of whatever step is open; playback stops and the programme gets its sound back. */
  close(): void {
    this.digits = '';
    this.playback?.close();
    this.state$.next({ step: 'closed' });
  }

  private heldSession(message: FlowMessage): UnlockResponse | null {
    return this.api.sessionFor?.(message.id) ?? null;
  }

  /** Listen or delete: straight on with a session this device holds, otherwise the PIN first. */
  private open(message: FlowMessage, intent: 'listen' | 'delete', session: UnlockResponse | null): void {
    if (session) void this.afterUnlock(message, intent, session);
    else this.askPin(message, intent, null);
  }

  private async afterUnlock(
    message: FlowMessage,
    intent: 'listen' | 'delete',
    session: UnlockResponse,
  ): Promise<void> {
    if (intent === 'delete') {
      this.state$.next({ step: 'confirm-delete', message, session, busy: false, error: null });
      return;
    }
    this.state$.next({ step: 'playing', message, session });
    await this.playback?.start(message, session).catch(() => undefined);
  }

  private askPin(message: FlowMessage, intent: 'listen' | 'delete', error: string | null): void {
    this.playback?.close();
    this.digits = '';
    this.state$.next({ step: 'pin', message, intent, length: 0, error, busy: false });
  }
}

/** A new session id; none (the server makes one) on an engine that cannot make it. */
function sessionIdOrNone(): string | undefined {
  try {
    return newPlaybackSessionId();
  } catch {
    return undefined;
  }
}

/** Readies the player; one that cannot be readied is simply made when the session comes. */
function prepareQuietly(playback: ListenPlayback | null, sessionId: string): void {
  try {
    playback?.prepare?.(sessionId);
  } catch {
    // Nothing lost: start() makes the player.
  }
}

/** A refusal in the server's words ("Wrong PIN — 3 tries left"); anything else as a plain failure. */
function errorText(error: unknown): string {
  return error instanceof ApiRequestError ? pinErrorText(error) : FAILED;
}
