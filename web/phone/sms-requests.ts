import { css, html, nothing } from 'lit';
import { formatPhoneNumber, type SmsScope } from '../../protocol/index.ts';
import type { Subscription } from 'rxjs';
import type { SmsProxy } from './sms-proxy.ts';
import { SmsProxyView } from './sms-proxy-view.ts';
import type { PendingConfirmation, SmsPermissionRequest } from './sms-proxy-state.ts';

/** The holder's answers to a device asking to use this phone's texting: all of it, part, or none. */
const ANSWERS: { label: string; scopes: SmsScope[] }[] = [
  { label: 'Allow sending and copies', scopes: ['send', 'receive'] },
  { label: 'Sending only', scopes: ['send'] },
  { label: 'Copies only', scopes: ['receive'] },
  { label: "Don't allow", scopes: [] },
];

/**
 * What waits for the holder's answer about texting: a TV asking to text through this phone, and a text to a new
 * number waiting for an OK. The phone page puts these at its top, above the alerts and the inbox, since nothing
 * goes on until they are answered. What a device typed is shown as text, never as markup.
 */
export class SmsRequests extends SmsProxyView {
  static override properties = {
    ...SmsProxyView.properties,
    requests: { state: true },
    confirmations: { state: true },
  };

  static override styles = css`
    :host {
      display: block;
    }
    .prompt {
      margin: 10px 12px 0;
      padding: 12px 14px;
      border-radius: 14px;
      background: #fff4e0;
      overflow-wrap: anywhere;
    }
    .prompt p {
      margin: 0 0 10px;
    }
    .actions {
      display: flex;
      gap: 8px;
      flex-wrap: wrap;
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
    .actions button:first-child {
      background: #1f6feb;
      color: #fff;
    }
    .error {
      color: #b3261e;
      padding: 8px 16px;
    }
  `;

  declare requests: SmsPermissionRequest[];
  declare confirmations: PendingConfirmation[];

  constructor() {
    super();
    this.requests = [];
    this.confirmations = [];
  }

  protected override follow(sms: SmsProxy): Subscription[] {
    return [
      sms.requests$.subscribe((r) => (this.requests = r)),
      sms.confirmations$.subscribe((c) => (this.confirmations = c)),
    ];
  }

  override render() {
    return html`
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
      ${this.requests.map(
        (r) =>
          html`<section
            class="prompt"
            role="alertdialog"
            data-request=${r.profileId}
            aria-label="Texting request"
          >
            <p><strong>${r.name}</strong> asks to text through this phone.</p>
            <div class="actions">
              ${ANSWERS.map(
                (a) =>
                  html`<button @click=${() => this.act(this.sms?.authorize(r, a.scopes))}>
                    ${a.label}
                  </button>`,
              )}
            </div>
          </section>`,
      )}
      ${this.confirmations.map(
        (c) =>
          html`<section
            class="prompt"
            role="alertdialog"
            data-confirm=${c.textId}
            aria-label="Confirm a text"
          >
            <p>
              <strong>${c.fromName}</strong> wants to text ${formatPhoneNumber(c.recipient)}, who has not
              written or called: “${c.payload}”
            </p>
            <div class="actions">
              <button @click=${() => this.act(this.sms?.confirm(c.textId, true))}>Send it</button>
              <button @click=${() => this.act(this.sms?.confirm(c.textId, false))}>Don't send</button>
            </div>
          </section>`,
      )}
    `;
  }
}
customElements.define('sms-requests', SmsRequests);

declare global {
  interface HTMLElementTagNameMap {
    'sms-requests': SmsRequests;
  }
}
