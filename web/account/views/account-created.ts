import { LitElement, html, nothing } from 'lit';
import { formatUserCode, type JointAccountView, type RoutingRegistration } from '../../../protocol/index.ts';
import { accountViewStyles } from '../account-styles.ts';
import { registrationList } from '../shared-markup.ts';
import { ViewFocusController } from '../view-focus-controller.ts';

/**
 * The joint account is made: its id, billing code and name, what each router confirmed; then approving the TV that
 * asked to join (when the page was opened with its code), changing the rules, or adding a TV or phone —
 * `account:manage-chosen` and `account:add-device-chosen`.
 */
export class AccountCreated extends LitElement {
  static override properties = {
    account: { attribute: false },
    registrations: { attribute: false },
    enrollCode: { attribute: false },
  };

  static override styles = accountViewStyles;

  declare account: JointAccountView | null;
  declare registrations: RoutingRegistration[];
  /** The code of the TV that asks to join; '' when none. */
  declare enrollCode: string;

  constructor() {
    super();
    this.account = null;
    this.registrations = [];
    this.enrollCode = '';
    new ViewFocusController(this);
  }

  override render() {
    const account = this.account;
    if (!account) return nothing;
    const choose = (name: string) => () => this.dispatchEvent(new CustomEvent(name));
    return html`<section class="card" role="status">
      <h2 tabindex="-1">Your joint account is ready</h2>
      <dl>
        <dt>Joint account id</dt>
        <dd data-testid="joint-account-id">${account.jointAccountId}</dd>
        <dt>Billing code</dt>
        <dd data-testid="billing-code">${account.billingCode}</dd>
        <dt>Name</dt>
        <dd>${account.name}</dd>
      </dl>
      <p>Keep the id: with it and your password you can change or stop any rule later.</p>
      ${registrationList(this.registrations)}
      <div class="actions">
        ${
          this.enrollCode
            ? html`<button @click=${choose('account:add-device-chosen')}>
                Approve the screen with code ${formatUserCode(this.enrollCode)}
              </button>`
            : nothing
        }
        <button @click=${choose('account:manage-chosen')}>Change its rules</button>
        <button class="secondary" @click=${choose('account:add-device-chosen')}>Add a TV or phone</button>
      </div>
    </section>`;
  }
}
customElements.define('account-created', AccountCreated);

declare global {
  interface HTMLElementTagNameMap {
    'account-created': AccountCreated;
  }
}
