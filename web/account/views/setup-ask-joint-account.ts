import { LitElement, html } from 'lit';
import type { ProvisioningState } from '../../../protocol/index.ts';
import { accountViewStyles } from '../account-styles.ts';
import { linkedSoFar } from '../shared-markup.ts';
import { ViewFocusController } from '../view-focus-controller.ts';

/** Step 2 of the setup: ask for a joint account (`setup:joint-account-asked`). */
export class SetupAskJointAccount extends LitElement {
  static override properties = {
    state: { attribute: false },
    busy: { type: Boolean },
  };

  static override styles = accountViewStyles;

  declare state: ProvisioningState | null;
  declare busy: boolean;

  constructor() {
    super();
    this.state = null;
    this.busy = false;
    new ViewFocusController(this);
  }

  override render() {
    const state = this.state;
    return html`<section class="card">
      <h2 tabindex="-1">Step 2 of 5: a joint account</h2>
      <p class="prompt">${state?.prompt}</p>
      ${linkedSoFar(state?.accounts ?? [])}
      <button
        ?disabled=${this.busy}
        @click=${() => this.dispatchEvent(new CustomEvent('setup:joint-account-asked'))}
      >
        Create a joint account
      </button>
    </section>`;
  }
}
customElements.define('setup-ask-joint-account', SetupAskJointAccount);

declare global {
  interface HTMLElementTagNameMap {
    'setup-ask-joint-account': SetupAskJointAccount;
  }
}
