import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { formatPhoneNumber, type UnlockResponse } from '../../protocol/index.ts';
import type { InboxMessage } from '../../client/storage/client-stores.ts';
import { ListenFlow, type ListenState } from '../../client/voicemail/listen-flow.ts';
import { playbackFailureText } from '../../client/voicemail/playback-failure-text.ts';
import { callerLabel, clock, preview, when } from '../../client/wording.ts';
import { SubscriptionController } from '../shared/subscription-controller.ts';
import type { PhoneVoicemail } from './phone-voicemail.ts';

/**
 * One voicemail on the phone page: who, when, how long, new or saved (the TV's word for it too), the transcript's first words; Play and
 * Delete ask for the mailbox PIN unless this phone holds an open session, Delete asks to confirm. The steps are the
 * client's `ListenFlow`, the one the TV's screens render too; this row only draws them, with the `<audio>` element
 * as the player. Everything the caller controls (name, transcript) is bound as text, so markup in it shows as typed.
 */
export class VoicemailItem extends LitElement {
  static override properties = {
    message: { attribute: false },
    voicemail: { attribute: false },
    listen: { state: true },
    playFailure: { state: true },
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
  /** The row's step, as its flow says. */
  declare listen: ListenState;
  /** Why the audio does not play, in the server's words; only while playing. */
  declare playFailure: string | null;
  /** One flow per row: each keeps its own step (a PIN being typed, audio playing) while the list changes. */
  private flow: ListenFlow | null = null;
  /**
   * The flow's steps, followed while the row is in the page. The flow itself is not closed on removal: the list
   * moves rows by taking them out and back in, and the row keeps its step across that.
   */
  private readonly streams = new SubscriptionController(this);

  constructor() {
    super();
    this.listen = { step: 'closed' };
    this.playFailure = null;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('voicemail') && this.voicemail) {
      this.flow?.close();
      const flow = (this.flow = new ListenFlow({ api: this.voicemail }));
      this.streams.follow(() => [flow.state$.subscribe(this.onStep)]);
    }
  }

  override render() {
    const m = this.message;
    const isNew = m.folder === 'new';
    return html`
      <div class="top">
        <span class="who">${callerLabel(m)}</span>
        <span class="badge ${isNew ? 'new' : ''}">${isNew ? 'New' : 'Saved'}</span>
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
    const s = this.listen;
    switch (s.step) {
      case 'closed':
        return html`<div class="actions">
          <button class="primary" @click=${() => this.flow?.listen(this.message)}>Play</button>
          <button @click=${() => this.flow?.delete(this.message)}>Delete</button>
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
          <button type="button" @click=${this.close}>Cancel</button>
          ${s.error ? html`<p class="error" role="alert">${s.error}</p>` : nothing}
        </form>`;
      case 'playing': {
        const audioUrl = this.voicemail.audioUrl(s.session);
        return html`<audio
            controls
            autoplay
            preload="auto"
            src=${audioUrl}
            @ended=${this.onEnded}
            @error=${() => void this.explainFailure(s.session, audioUrl)}
          ></audio>
          ${this.playFailure ? html`<p class="error" role="alert">${this.playFailure}</p>` : nothing}
          <div class="actions">
            <button @click=${() => this.flow?.deleteFromPlayer()}>Delete</button>
            <button @click=${this.close}>Close</button>
          </div>`;
      }
      case 'confirm-delete':
        return html`<div class="confirm">
          <span>Delete the message from ${callerLabel(this.message)}?</span>
          <button class="danger" ?disabled=${s.busy} @click=${() => void this.flow?.confirmDelete()}>
            Delete
          </button>
          <button ?disabled=${s.busy} @click=${this.close}>Keep</button>
          ${s.error ? html`<p class="error" role="alert">${s.error}</p>` : nothing}
        </div>`;
      case 'done':
        // Deleted: the message has left the inbox, and this row goes with it; the page's notices say so.
        return nothing;
    }
  }

  /** Draws each step the flow reaches; the PIN field takes the focus when the flow asks for the PIN. */
  private readonly onStep = (state: ListenState): void => {
    const previous = this.listen;
    this.listen = state;
    if (state.step !== previous.step) this.playFailure = null;
    if (state.step === 'pin' && previous.step !== 'pin') {
      void this.updateComplete.then(() => this.renderRoot.querySelector('input')?.focus());
    }
  };

  private readonly onPinSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const input = this.renderRoot.querySelector('input');
    const pin = input?.value ?? '';
    if (input) input.value = '';
    await this.flow?.enterPin(pin);
  };

  private readonly onEnded = (): void => {
    this.voicemail.markHeard(this.message.id).catch(() => undefined);
  };

  /** The audio element cannot read an error body: ask the server why ("truncated"), as the TV does. */
  private async explainFailure(session: UnlockResponse, audioUrl: string): Promise<void> {
    const failure = await this.voicemail.audioFailure(audioUrl).catch(() => null);
    const s = this.listen;
    if (s.step !== 'playing' || s.session !== session) return;
    this.playFailure = playbackFailureText(failure ? (failure.reason ?? failure.code) : null);
  }

  private readonly close = (): void => {
    this.flow?.close();
  };
}
customElements.define('voicemail-item', VoicemailItem);

declare global {
  interface HTMLElementTagNameMap {
    'voicemail-item': VoicemailItem;
  }
}
