import { BehaviorSubject } from 'rxjs';
import type { UnlockResponse, VoicemailMessage } from '../../protocol/index.ts';
import { ApiRequestError } from '../net/api-client.ts';
import { callerLabel } from '../wording.ts';
import { pinErrorText } from './pin-wording.ts';

/** What the flow needs to know of a message: enough to name it and to play it. */
export type FlowMessage = Pick<VoicemailMessage, 'id' | 'callerName' | 'callerNumber' | 'durationSec'> & {
  transcript?: string | null;
};

export const PIN_MIN = 4;
export const PIN_MAX = 10;

/** What the flow asks of the backend: the TV passes its `ApiClient`. */
export interface ListenApi {
  unlock(messageId: string, pin: string, intent: 'listen' | 'delete'): Promise<UnlockResponse>;
  delete(messageId: string, sessionId: string): Promise<void>;
  later(messageId: string): Promise<void>;
}

/** What plays an unlocked message: the TV passes its `VoicemailPlayback` (its player, the programme's sound lowered). */
export interface ListenPlayback {
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

/**
 * Everything between "Voice mail from Jane" and the result, as a state machine the screens only render:
 * Listen or Delete asks for the PIN; a correct PIN plays the message, or asks to confirm the delete; the result is
 * said in words ("Message from Jane deleted"). The PIN's digits live only here, never in state the UI renders
 * (it gets the count, for masking), and are dropped as soon as they are sent.
 */
export class ListenFlow {
  readonly state$ = new BehaviorSubject<ListenState>({ step: 'closed' });
  private readonly api: ListenApi;
  private readonly playback: ListenPlayback;
  private digits = '';

  constructor(deps: { api: ListenApi; playback: ListenPlayback }) {
    this.api = deps.api;
    this.playback = deps.playback;
  }

  get state(): ListenState {
    return this.state$.value;
  }

  listen(message: FlowMessage): void {
    this.askPin(message, 'listen');
  }

  delete(message: FlowMessage): void {
    this.askPin(message, 'delete');
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

  async submitPin(): Promise<void> {
    const state = this.state;
    if (state.step !== 'pin' || state.busy) return;
    if (this.digits.length < PIN_MIN) {
      this.state$.next({ ...state, error: `Enter ${PIN_MIN} to ${PIN_MAX} digits` });
      return;
    }
    const pin = this.digits;
    this.digits = '';
    this.state$.next({ ...state, length: 0, busy: true, error: null });
    let session: UnlockResponse;
    try {
      session = await this.api.unlock(state.message.id, pin, state.intent);
    } catch (error) {
      const text = error instanceof ApiRequestError ? pinErrorText(error) : 'That did not work — try again';
      this.state$.next({ ...state, length: 0, busy: false, error: text });
      return;
    }
    if (state.intent === 'delete') {
      this.state$.next({ step: 'confirm-delete', message: state.message, session, busy: false, error: null });
      return;
    }
    this.state$.next({ step: 'playing', message: state.message, session });
    await this.playback.start(state.message, session).catch(() => undefined);
  }

  /** From the player: delete what is playing, after a confirmation. */
  deleteFromPlayer(): void {
    const state = this.state;
    if (state.step !== 'playing') return;
    this.playback.close();
    this.state$.next({
      step: 'confirm-delete',
      message: state.message,
      session: state.session,
      busy: false,
      error: null,
    });
  }

  async confirmDelete(): Promise<void> {
    const state = this.state;
    if (state.step !== 'confirm-delete' || state.busy) return;
    this.state$.next({ ...state, busy: true, error: null });
    try {
      await this.api.delete(state.message.id, state.session.sessionId);
    } catch (error) {
      const text = error instanceof ApiRequestError ? pinErrorText(error) : 'That did not work — try again';
      this.state$.next({ ...state, busy: false, error: text });
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
    this.playback.close();
    this.state$.next({ step: 'closed' });
  }

  private askPin(message: FlowMessage, intent: 'listen' | 'delete'): void {
    this.playback.close();
    this.digits = '';
    this.state$.next({ step: 'pin', message, intent, length: 0, error: null, busy: false });
  }
}
