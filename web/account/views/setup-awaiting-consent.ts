import { LitElement, html } from 'lit';
import { formatPhoneNumber, type ProvisioningState } from '../../../protocol/index.ts';
import { IntervalController } from '../../shared/interval-controller.ts';
import { accountViewStyles } from '../account-styles.ts';
import { linkedSoFar } from '../shared-markup.ts';
import { ViewFocusController } from '../view-focus-controller.ts';

/** How often the page asks whether the line's holder has answered. */
const CONSENT_POLL_MS = 1500;

/** What the step needs of the setup API: where the setup is now. */
export interface ProvisioningStateSource {
  state(): Promise<ProvisioningState>;
}

/** `setup:consent-answered`: the setup moved on (approved, or refused: back to step 3). */
export type ConsentAnsweredEvent = CustomEvent<ProvisioningState>;
/** `setup:consent-check-failed`: asking failed, and the step stopped asking. */
export type ConsentCheckFailedEvent = CustomEvent<unknown>;

/**
 * Step 3, waiting for the holder of the line to answer on their phone: while it is shown it asks every 1.5 seconds
 * where the setup is, and says so once the setup has moved on (or asking failed); then it stops asking.
 */
export class SetupAwaitingConsent extends LitElement {
  static override properties = {
    state: { attribute: false },
    source: { attribute: false },
  };

  static override styles = accountViewStyles;

  declare state: ProvisioningState | null;
  declare source: ProvisioningStateSource | null;
  private readonly asking = new IntervalController(this, CONSENT_POLL_MS, () => this.ask());

  constructor() {
    super();
    this.state = null;
    this.source = null;
    new ViewFocusController(this);
  }

  override render() {
    const consent = this.state?.consent;
    return html`<section class="card" aria-live="polite">
      <h2 tabindex="-1">Step 3 of 5: waiting for ${consent?.holderName ?? 'the holder'}</h2>
      <p class="prompt">
        We asked ${consent?.holderName} to approve on their phone (${formatPhoneNumber(consent?.line ?? '')}).
        This page goes on by itself when they answer.
      </p>
      ${linkedSoFar(this.state?.accounts ?? [])}
    </section>`;
  }

  private ask(): void {
    this.source
      ?.state()
      .then((next) => {
        if (next.step === 'awaiting-consent') return;
        this.asking.stop();
        this.dispatchEvent(new CustomEvent('setup:consent-answered', { detail: next }));
      })
      .catch((error: unknown) => {
        this.asking.stop();
        this.dispatchEvent(new CustomEvent('setup:consent-check-failed', { detail: error }));
      });
  }
}
customElements.define('setup-awaiting-consent', SetupAwaitingConsent);

declare global {
  interface HTMLElementTagNameMap {
    'setup-awaiting-consent': SetupAwaitingConsent;
  }
}
