import { LitElement, css, html, nothing } from 'lit';
import { formatPhoneNumber } from '../../protocol/index.ts';
import { ErrorCode } from '../../protocol/index.ts';
import { callerLabel, clock, preview, when } from '../../client/wording.ts';
import { ApiRequestError } from '../../client/net/api-client.ts';
import { pinErrorText } from '../../client/voicemail/pin-wording.ts';
import type { InboxMessage } from '../../client/storage/client-stores.ts';
import type { PhoneVoicemail } from './phone-voicemail.ts';

/** What one message row is doing: only listed, asking for the PIN, playing, or asking to confirm a delete. */
type ItemStep =
  | { step: 'idle' }
  | { step: 'pin'; intent: 'listen' | 'delete'; busy: boolean; error: string | null }
  | { step: 'playing'; audioUrl: string; failure: string | null }
  | { step: 'confirm-delete'; busy: boolean; error: string | null };

const PIN_PATTERN = /^\d{4,10}$/;

/**
 * One voicemail on the phone page: who, when, how long, new or heard, the transcript's first words; Play and
 * Delete ask for the mailbox PIN unless this phone holds an open session, Delete asks to confirm. Everything the
 * caller controls (name, transcript) is bound as text, so markup in it shows as typed.
 */
export class VoicemailItem extends LitElement {
  static override properties = {
    message: { attribute: false },
    voicemail: { attribute: false },
    current: { state: true },
  };

  static override styles = css`
    :host {
      display: block;
      border-bottom: 1px solid #e3e6ec;
      padding: 14px 16px;
    }
    .top {
      display: flex;
      gap: 8px;
      align-items: baseline;
    }
    .who {
      font-weight: 600;
      flex: 1;
      overflow-wrap: anywhere;
    }
    .badge {
      font-size: 12px;
      border-radius: 999px;
      padding: 2px 8px;
      background: #eef0f4;
      color: #4a5263;
    }
    .badge.new {
      background: #1f6feb;
      color: #fff;
    }
    .meta,
    .transcript {
      color: #5b6475;
      font-size: 14px;
      margin: 4px 0 0;
    }
    .transcript {
      font-style: italic;
      overflow-wrap: anywhere;
    }
    .actions,
    form,
    .confirm {
      display: flex;
      gap: 8px;
      margin-top: 10px;
      flex-wrap: wrap;
      align-items: center;
    }
    button {
      font: inherit;
      padding: 6px 14px;
      border-radius: 8px;
      border: 1px solid #c9cfda;
      background: #fff;
      cursor: pointer;
    }
    button.primary {
      background: #1f6feb;
      border-color: #1f6feb;
      color: #fff;
    }
    button.danger {
      background: #c62828;
      border-color: #c62828;
      color: #fff;
    }
    button:disabled {
      opacity: 0.6;
      cursor: default;
    }
    input {
      font: inherit;
      width: 9em;
      padding: 6px 10px;
      border-radius: 8px;
      border: 1px solid #c9cfda;
      letter-spacing: 0.2em;
    }
    audio {
      width: 100%;
      margin-top: 10px;
    }
    .error {
      color: #b3261e;
      font-size: 14px;
      width: 100%;
      margin: 0;
    }
  `;

  declare message: InboxMessage;
  declare voicemail: PhoneVoicemail;
  declare current: ItemStep;

  constructor() {
    super();
    this.current = { step: 'idle' };
  }

  override render() {
    const m = this.message;
    const isNew = m.folder === 'new';
    return html`
      <div class="top">
        <span class="who">${callerLabel(m)}</span>
        <span class="badge ${isNew ? 'new' : ''}">${isNew ? 'New' : 'Heard'}</span>
      </div>
      <p class="meta">
        ${m.callerNumber ? formatPhoneNumber(m.callerNumber) : 'Number withheld'} · ${when(m.receivedAt)} ·
        ${clock(m.durationSec)}
      </p>
      ${m.transcript ? html`<p class="transcript">${preview(m.transcript, 14)}</p>` : nothing}
      ${this.renderStep()}
    `;
  }

  private renderStep() {
    const s = this.current;
    switch (s.step) {
      case 'idle':
        return html`<div class="actions">
          <button class="primary" @click=${() => void this.begin('listen')}>Play</button>
          <button @click=${() => void this.begin('delete')}>Delete</button>
        </div>`;
      case 'pin':
        return html`<form @submit=${this.onPinSubmit}>
          <label>
            Voicemail PIN
            <input
              name="pin"
              type="password"
              inputmode="numeric"
              autocomplete="off"
              minlength="4"
              maxlength="10"
              pattern="[0-9]{4,10}"
              required
              ?disabled=${s.busy}
            />
          </label>
          <button class="primary" type="submit" ?disabled=${s.busy}>
            ${s.intent === 'listen' ? 'Play' : 'Unlock'}
          </button>
          <button type="button" @click=${this.reset}>Cancel</button>
          ${s.error ? html`<p class="error" role="alert">${s.error}</p>` : nothing}
        </form>`;
      case 'playing':
        return html`<audio
            controls
            autoplay
            preload="auto"
            src=${s.audioUrl}
            @ended=${this.onEnded}
            @error=${this.onAudioError}
          ></audio>
          ${s.failure ? html`<p class="error" role="alert">${s.failure}</p>` : nothing}
          <div class="actions">
            <button @click=${() => void this.begin('delete')}>Delete</button>
            <button @click=${this.reset}>Close</button>
          </div>`;
      case 'confirm-delete':
        return html`<div class="confirm">
          <span>Delete the message from ${callerLabel(this.message)}?</span>
          <button class="danger" ?disabled=${s.busy} @click=${() => void this.confirmDelete()}>Delete</button>
          <button ?disabled=${s.busy} @click=${this.reset}>Keep</button>
          ${s.error ? html`<p class="error" role="alert">${s.error}</p>` : nothing}
        </div>`;
    }
  }

  /** Play or Delete: straight on with an open session, otherwise the PIN first. */
  private async begin(intent: 'listen' | 'delete'): Promise<void> {
    const session = this.voicemail.sessionFor(this.message.id);
    if (!session) {
      this.current = { step: 'pin', intent, busy: false, error: null };
      await this.updateComplete;
      this.renderRoot.querySelector('input')?.focus();
      return;
    }
    this.current =
      intent === 'listen'
        ? { step: 'playing', audioUrl: this.voicemail.audioUrl(session), failure: null }
        : { step: 'confirm-delete', busy: false, error: null };
  }

  private readonly onPinSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const s = this.current;
    if (s.step !== 'pin' || s.busy) return;
    const input = this.renderRoot.querySelector('input');
    const pin = input?.value ?? '';
    if (input) input.value = '';
    if (!PIN_PATTERN.test(pin)) {
      this.current = { ...s, error: 'Enter 4 to 10 digits' };
      return;
    }
    this.current = { ...s, busy: true, error: null };
    try {
      await this.voicemail.unlock(this.message.id, pin, s.intent);
    } catch (error) {
      this.current = { ...s, busy: false, error: this.errorText(error) };
      return;
    }
    await this.begin(s.intent);
  };

  private async confirmDelete(): Promise<void> {
    const s = this.current;
    if (s.step !== 'confirm-delete' || s.busy) return;
    this.current = { ...s, busy: true, error: null };
    try {
      // On success the message leaves the inbox, and this row with it.
      await this.voicemail.delete(this.message.id);
    } catch (error) {
      if (error instanceof ApiRequestError && error.code === ErrorCode.SessionInvalid) {
        this.current = { step: 'pin', intent: 'delete', busy: false, error: 'Enter the PIN again' };
        return;
      }
      this.current = { ...s, busy: false, error: this.errorText(error) };
    }
  }

  private readonly onEnded = (): void => {
    this.voicemail.markHeard(this.message.id).catch(() => undefined);
  };

  /** The audio element cannot read an error body: ask the server why ("truncated"), as the TV does. */
  private readonly onAudioError = async (): Promise<void> => {
    const s = this.current;
    if (s.step !== 'playing') return;
    const failure = await this.voicemail.audioFailure(s.audioUrl).catch(() => null);
    const reason = failure?.reason ? ` (${failure.reason})` : '';
    this.current = { ...s, failure: `This message can't be played${reason}` };
  };

  private readonly reset = (): void => {
    this.current = { step: 'idle' };
  };

  private errorText(error: unknown): string {
    return error instanceof ApiRequestError ? pinErrorText(error) : 'That did not work — try again';
  }
}
customElements.define('voicemail-item', VoicemailItem);

declare global {
  interface HTMLElementTagNameMap {
    'voicemail-item': VoicemailItem;
  }
}
