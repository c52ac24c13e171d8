import { LitElement, html, nothing } from 'lit';
import {
  formatUserCode,
  type DirectoryKind,
  type JointAccountLogin,
  type ProvisioningLogin,
} from '../../../protocol/index.ts';
import { formValue, submittedData } from '../../shared/form-fields.ts';
import { accountViewStyles } from '../account-styles.ts';
import { FormFields, type FormError } from '../form-errors.ts';
import { ViewFocusController } from '../view-focus-controller.ts';
import { CARRIERS } from '../wording.ts';

/** `account:setup-login-submitted`: step 1, the login to a wireless or cable-TV account. */
export type SetupLoginEvent = CustomEvent<ProvisioningLogin>;
/** `account:joint-login-submitted`: the login to an existing joint account. */
export type JointLoginEvent = CustomEvent<JointAccountLogin>;

/**
 * Where the setup page starts: step 1 (log into a wireless or cable-TV account to set up a joint account) beside the
 * login to an existing joint account; above them, the code of a TV that asks to join, when the page was opened
 * from its QR code.
 */
export class AccountStart extends LitElement {
  static override properties = {
    enrollCode: { attribute: false },
    busy: { type: Boolean },
    error: { attribute: false },
  };

  static override styles = accountViewStyles;

  /** The code of the TV that asks to join; '' when none. */
  declare enrollCode: string;
  declare busy: boolean;
  declare error: FormError | null;

  constructor() {
    super();
    this.enrollCode = '';
    this.busy = false;
    this.error = null;
    new ViewFocusController(this);
  }

  override render() {
    const setup = new FormFields(this.error, 'setup-login');
    const joint = new FormFields(this.error, 'joint-login');
    return html`${
        this.enrollCode
          ? html`<p class="prompt" data-testid="code-waiting">
              A TV or phone asks to join with the code <strong>${formatUserCode(this.enrollCode)}</strong>.
              Log in to your joint account to approve it (or set one up first).
            </p>`
          : nothing
      }
      <div class="columns">
        <form @submit=${this.onSetupLogin} novalidate>
          <h2 tabindex="-1">Set up a joint account</h2>
          <p>Start by logging into your wireless or cable-TV account.</p>
          <div class="field">
            <label for="directory">Account</label>
            <select id="directory" name="directory" data-field="directory">
              <option value="wireless">${CARRIERS.wireless} (phone)</option>
              <option value="cable">${CARRIERS.cable} (cable TV)</option>
            </select>
          </div>
          ${setup.text('username', 'User name', 'text', 'username')}
          ${setup.text('password', 'Password', 'password', 'current-password')} ${setup.error()}
          <button ?disabled=${this.busy}>Log in</button>
        </form>
        <form @submit=${this.onJointLogin} novalidate>
          <h2>Change your joint account</h2>
          <p>Log in with the joint account id and password you chose.</p>
          ${joint.text('jointAccountId', 'Joint account id', 'text', 'username')}
          ${joint.text('password', 'Password', 'password', 'current-password', 'joint-password')}
          ${joint.error()}
          <button ?disabled=${this.busy}>Log in</button>
        </form>
      </div>`;
  }

  private onSetupLogin = (e: SubmitEvent) => {
    const data = submittedData(e);
    const login: ProvisioningLogin = {
      directory: formValue(data, 'directory') as DirectoryKind,
      username: formValue(data, 'username'),
      password: formValue(data, 'password'),
    };
    this.dispatchEvent(new CustomEvent('account:setup-login-submitted', { detail: login }));
  };

  private onJointLogin = (e: SubmitEvent) => {
    const data = submittedData(e);
    const login: JointAccountLogin = {
      jointAccountId: formValue(data, 'jointAccountId'),
      password: formValue(data, 'password'),
    };
    this.dispatchEvent(new CustomEvent('account:joint-login-submitted', { detail: login }));
  };
}
customElements.define('account-start', AccountStart);

declare global {
  interface HTMLElementTagNameMap {
    'account-start': AccountStart;
  }
}
