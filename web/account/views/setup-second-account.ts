import { LitElement, html, nothing } from 'lit';
import type { DirectoryKind, ProvisioningState, SecondAccount } from '../../../protocol/index.ts';
import { formValue, submittedData } from '../../shared/form-fields.ts';
import { accountViewStyles } from '../account-styles.ts';
import { FormFields, type FormError } from '../form-errors.ts';
import { linkedSoFar } from '../shared-markup.ts';
import { ViewFocusController } from '../view-focus-controller.ts';
import { CARRIERS } from '../wording.ts';

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
      ${linkedSoFar(state?.accounts ?? [])}
      <fieldset>
        <legend>What to link</legend>
        <label class="choice"
          ><input
            type="radio"
            name="via"
            value="credentials"
            .checked=${this.via === 'credentials'}
            @change=${() => this.choose('credentials')}
          />Another account I hold (its user name and password)</label
        >
        <label class="choice"
          ><input
            type="radio"
            name="via"
            value="consent"
            .checked=${this.via === 'consent'}
            @change=${() => this.choose('consent')}
          />Another person’s phone line (they approve on their phone)</label
        >
      </fieldset>
      ${
        this.via === 'credentials'
          ? html`<div class="field">
                <label for="directory2">Account</label>
                <select id="directory2" name="directory" data-field="directory">
                  <option value="cable">${CARRIERS.cable} (cable TV)</option>
                  <option value="wireless">${CARRIERS.wireless} (phone)</option>
                </select>
              </div>
              ${second.text('username', 'User name', 'text', 'off')}
              ${second.text('password', 'Password', 'password', 'off')}`
          : second.text('phoneNumber', 'Their phone number', 'tel', 'tel')
      }
      ${second.error()}
      <button ?disabled=${this.busy}>Link it</button>
    </form>`;
  }

  private choose(via: SecondAccount['via']): void {
    this.dispatchEvent(new CustomEvent('setup:via-chosen', { detail: via }));
  }

  private onSubmit = (e: SubmitEvent) => {
    const data = submittedData(e);
    const request: SecondAccount =
      this.via === 'credentials'
        ? {
            via: 'credentials',
            directory: formValue(data, 'directory') as DirectoryKind,
            username: formValue(data, 'username'),
            password: formValue(data, 'password'),
          }
        : { via: 'consent', phoneNumber: formValue(data, 'phoneNumber') };
    this.dispatchEvent(new CustomEvent('setup:second-account-submitted', { detail: request }));
  };
}
customElements.define('setup-second-account', SetupSecondAccount);

declare global {
  interface HTMLElementTagNameMap {
    'setup-second-account': SetupSecondAccount;
  }
}
