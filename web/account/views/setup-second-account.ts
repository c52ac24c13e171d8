import { LitElement, html, nothing } from 'lit';
import type { ProvisioningState, SecondAccount } from '../../../protocol/index.ts';
import { submittedData } from '../../shared/form-fields.ts';
import { accountViewStyles } from '../account-styles.ts';
import { FormFields, type FormError } from '../form-errors.ts';
import { linkAccountFields, linkRequest } from '../link-account-fields.ts';
import { linkedSoFar } from '../shared-markup.ts';
import { ViewFocusController } from '../view-focus-controller.ts';

/** `setup:via-chosen`: link another account the person holds, or another person's line. */
export type ViaChosenEvent = CustomEvent<SecondAccount['via']>;
/** `setup:second-account-submitted`: the account or line to link. */
export type SecondAccountEvent = CustomEvent<SecondAccount>;

/**
 * Step 3 of the setup: a second account — another one the person holds (its user name and password), or another
 * person's phone line, whose holder approves on their phone. After a refusal, the prompt says so as an alert.
 */
export class SetupSecondAccount extends LitElement {
  static override properties = {
    state: { attribute: false },
    via: {},
    busy: { type: Boolean },
    error: { attribute: false },
  };

  static override styles = accountViewStyles;

  declare state: ProvisioningState | null;
  /** Which kind of second account the form asks for (the page keeps it, so it stays chosen after a refusal). */
  declare via: SecondAccount['via'];
  declare busy: boolean;
  declare error: FormError | null;

  constructor() {
    super();
    this.state = null;
    this.via = 'credentials';
    this.busy = false;
    this.error = null;
    new ViewFocusController(this);
  }

  override render() {
    const state = this.state;
    const refused = state?.consent && state.consent.state !== 'pending' && state.consent.state !== 'approved';
    const second = new FormFields(this.error, 'second');
    return html`<form @submit=${this.onSubmit} novalidate>
      <h2 tabindex="-1">Step 3 of 5: a second account</h2>
      <p class="prompt ${refused ? 'bad' : ''}" role=${refused ? 'alert' : nothing}>${state?.prompt}</p>
      ${linkedSoFar(state?.accounts ?? [])} ${linkAccountFields(this.via, (via) => this.choose(via), second)}
      ${second.error()}
      <button ?disabled=${this.busy}>Link it</button>
    </form>`;
  }

  private choose(via: SecondAccount['via']): void {
    this.dispatchEvent(new CustomEvent('setup:via-chosen', { detail: via }));
  }

  private onSubmit = (e: SubmitEvent) => {
    const request = linkRequest(this.via, submittedData(e));
    this.dispatchEvent(new CustomEvent('setup:second-account-submitted', { detail: request }));
  };
}
customElements.define('setup-second-account', SetupSecondAccount);

declare global {
  interface HTMLElementTagNameMap {
    'setup-second-account': SetupSecondAccount;
  }
}
