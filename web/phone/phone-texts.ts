import { css, html, nothing } from 'lit';
import { formatPhoneNumber } from '../../protocol/index.ts';
import { when } from '../../client/wording.ts';
import type { Subscription } from 'rxjs';
import type { SmsProxy } from './sms-proxy.ts';
import { SmsProxyView } from './sms-proxy-view.ts';
import type { GrantedDevice, PhoneText } from './sms-proxy-state.ts';

const SCOPE_TEXT: Record<string, string> = {
  'receive,send': 'may send texts through this phone and sees copies',
  send: 'may send texts through this phone',
  receive: 'sees copies of texts',
};

const STATUS_TEXT: Record<PhoneText['status'], string> = {
  waiting: 'Waiting',
  sent: 'Sent',
  delivered: 'Delivered',
  failed: 'Failed',
  unauthorized: 'Not allowed',
  received: '',
};

/**
 * The phone page's texting: the master list (review, change, revoke), and the texts the phone sent for others or
 * received (requests waiting for an answer are {@link SmsRequests}, at the page's top). Everything a caller or a device typed is shown as text, never as markup.
 */
export class PhoneTexts extends SmsProxyView {
  static override properties = {
    ...SmsProxyView.properties,
    granted: { state: true },
    texts: { state: true },
  };

  static override styles = css`
    :host {
      display: block;
    }
    h2 {
      font-size: 15px;
      color: #5b6475;
      margin: 16px 16px 4px;
    }
    button {
      font: inherit;
      font-size: 14px;
      padding: 6px 12px;
      border-radius: 16px;
      border: 1px solid #1f6feb;
      background: #fff;
      color: #1f6feb;
      cursor: pointer;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0 12px;
    }
    li {
      padding: 10px 4px;
      border-bottom: 1px solid #eceff4;
      display: flex;
      gap: 10px;
      align-items: baseline;
      overflow-wrap: anywhere;
    }
    li .body {
      flex: 1;
    }
    .meta {
      display: block;
      font-size: 13px;
      color: #5b6475;
    }
    .failed,
    .unauthorized,
    .error {
      color: #b3261e;
    }
    .error {
      padding: 8px 16px;
    }
    .empty {
      padding: 8px 16px;
      color: #5b6475;
      font-size: 14px;
    }
  `;

  declare granted: GrantedDevice[];
  declare texts: PhoneText[];

  constructor() {
    super();
    this.granted = [];
    this.texts = [];
  }

  protected override follow(sms: SmsProxy): Subscription[] {
    return [
      sms.masterList$.subscribe((g) => (this.granted = g)),
      sms.texts$.subscribe((t) => (this.texts = t)),
    ];
  }

  override render() {
    return html`
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
      <h2>Texts</h2>
      ${
        this.texts.length === 0
          ? html`<p class="empty">No texts yet</p>`
          : html`<ul class="texts">
              ${this.texts.map((t) => this.renderText(t))}
            </ul>`
      }
      <h2>Devices that may use this phone's texting</h2>
      ${
        this.granted.length === 0
          ? html`<p class="empty">None</p>`
          : html`<ul class="granted">
              ${this.granted.map(
                (g) =>
                  html`<li data-granted=${g.profileId}>
                    <span class="body"
                      >${g.name}<span class="meta"
                        >${SCOPE_TEXT[[...g.scopes].sort().join()] ?? ''}</span
                      ></span
                    >
                    <button @click=${() => this.act(this.sms?.revoke(g.profileId))}>Revoke</button>
                  </li>`,
              )}
            </ul>`
      }
    `;
  }

  private renderText(t: PhoneText) {
    const who = formatPhoneNumber(t.number);
    const heading = t.direction === 'in' ? `From ${who}` : `To ${who}${t.via ? ` · for ${t.via}` : ''}`;
    const status = [STATUS_TEXT[t.status], t.reason].filter(Boolean).join(': ');
    return html`<li data-text-id=${t.id} data-status=${t.status}>
      <span class="body"
        >${t.text}<span class="meta">${heading} · ${when(t.at)}</span>${
          status ? html`<span class="meta ${t.status}">${status}</span>` : nothing
        }</span
      >
    </li>`;
  }
}
customElements.define('phone-texts', PhoneTexts);

declare global {
  interface HTMLElementTagNameMap {
    'phone-texts': PhoneTexts;
  }
}
