import { LitElement, html } from 'lit';
import { formatPhoneNumber, type AccountLinking } from '../../../protocol/index.ts';
import { IntervalController } from '../../shared/interval-controller.ts';
import { accountViewStyles } from '../account-styles.ts';

/** How often the page asks whether the line's holder has answered. */
const CONSENT_POLL_MS = 1500;

/**
 * A joint account waiting for another holder to approve linking their line: says so, and while it is on the page
 * asks every 1.5 seconds (`account:link-check`) whether they answered; the page takes it away when they have.
 */
export class LinkConsentWait extends LitElement {
  static override properties = { linking: { attribute: false } };
  static override styles = accountViewStyles;

  declare linking: AccountLinking | null;

  constructor() {
    super();
    this.linking = null;
    new IntervalController(this, CONSENT_POLL_MS, () =>
      this.dispatchEvent(new CustomEvent('account:link-check', { bubbles: true, composed: true })),
    );
  }

  override render() {
    const consent = this.linking?.consent;
    return html`<p class="prompt" role="status">
      We asked ${consent?.holderName ?? 'the holder'} to approve on their phone
      (${formatPhoneNumber(consent?.line ?? '')}). This goes on by itself when they answer.
    </p>`;
  }
}
customElements.define('link-consent-wait', LinkConsentWait);

declare global {
  interface HTMLElementTagNameMap {
    'link-consent-wait': LinkConsentWait;
  }
}
