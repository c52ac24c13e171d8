import { LitElement, css, html } from 'lit';
import { COLOURS, DIGITS, MEDIA, type RemoteButton } from './remote-keys.ts';

/** Fired with the W3C key value of the button pressed. */
export class RemoteKeyEvent extends Event {
  readonly key: string;
  constructor(key: string) {
    super('remote-key', { bubbles: true, composed: true });
    this.key = key;
  }
}

/** The on-screen remote: D-pad, OK, Back, digits, transport and colour keys. */
export class TvRemote extends LitElement {
  static override styles = css`
    :host {
      display: grid;
      gap: 14px;
      padding: 18px;
      background: #1d2330;
      border-radius: 28px;
      width: 220px;
    }
    .row {
      display: grid;
      gap: 8px;
    }
    .dpad {
      grid-template-columns: repeat(3, 1fr);
    }
    .digits {
      grid-template-columns: repeat(3, 1fr);
    }
    .media {
      grid-template-columns: repeat(5, 1fr);
    }
    .colours {
      grid-template-columns: repeat(4, 1fr);
    }
    button {
      font:
        600 15px system-ui,
        sans-serif;
      color: #e8edf5;
      background: #2f3848;
      border: 0;
      border-radius: 10px;
      min-height: 36px;
      cursor: pointer;
    }
    button:hover {
      background: #3d4860;
    }
    button:focus-visible {
      outline: 3px solid #4fc3f7;
      outline-offset: 2px;
    }
    button.ok {
      border-radius: 50%;
      background: #4a5870;
    }
    .digits button:last-child {
      grid-column: 2;
    }
    .tone-red {
      background: #c62828;
    }
    .tone-green {
      background: #2e7d32;
    }
    .tone-yellow {
      background: #f9a825;
    }
    .tone-blue {
      background: #1565c0;
    }
    .spacer {
      visibility: hidden;
    }
  `;

  override render() {
    const b = (button: RemoteButton, extra = '') =>
      html`<button
        class="${button.tone ? `tone-${button.tone}` : ''} ${extra}"
        title=${button.title}
        aria-label=${button.title}
        @click=${() => this.press(button.key)}
      >
        ${button.label}
      </button>`;
    const key = (k: string, label: string, title: string, extra = '') => b({ key: k, label, title }, extra);
    return html`
      <div class="row dpad" role="group" aria-label="Navigation">
        <span class="spacer"></span>${key('ArrowUp', '▲', 'Up')}<span class="spacer"></span>
        ${key('ArrowLeft', '◀', 'Left')}${key('Enter', 'OK', 'OK', 'ok')}${key('ArrowRight', '▶', 'Right')}
        ${key('BrowserBack', 'Back', 'Back')}${key('ArrowDown', '▼', 'Down')}${key('Info', 'Info', 'Info')}
      </div>
      <div class="row media" role="group" aria-label="Playback">${MEDIA.map((m) => b(m))}</div>
      <div class="row colours" role="group" aria-label="Colour keys">${COLOURS.map((c) => b(c))}</div>
      <div class="row digits" role="group" aria-label="Digits">${DIGITS.map((d) => b(d))}</div>
    `;
  }

  private press(key: string): void {
    this.dispatchEvent(new RemoteKeyEvent(key));
  }
}
customElements.define('tv-remote', TvRemote);
