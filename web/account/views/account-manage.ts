import { LitElement, html, nothing, type PropertyValues } from 'lit';
import type {
  DeliveryLogView,
  JointAccountView,
  PolicyConfig,
  RoutingRegistration,
} from '../../../protocol/index.ts';
import type { HouseholdDevicesApi } from '../household-devices.ts';
import { accountViewStyles } from '../account-styles.ts';
import { FormFields, isRulesError, type FormError } from '../form-errors.ts';
import type { RulesEditor } from '../rules/rules-editor.ts';
import { registrationList } from '../shared-markup.ts';
import { ViewFocusController } from '../view-focus-controller.ts';
import { CARRIERS } from '../wording.ts';
import '../delivery-log.ts';
import '../household-devices.ts';
import '../rules/rules-editor.ts';

/** `account:save-chosen`: the rules as typed, to check and save. */
export type SaveChosenEvent = CustomEvent<PolicyConfig>;

/**
 * A joint account, once logged in: its rules (saved again with Save changes, and what each router confirmed), every
 * phone and TV of the household, and the delivery log. It asks the page with `account:save-chosen`,
 * `account:logout-chosen`, `account:add-device-chosen` and `account:log-refresh-chosen`.
 */
export class AccountManage extends LitElement {
  static override properties = {
    account: { attribute: false },
    registrations: { attribute: false },
    log: { attribute: false },
    devicesApi: { attribute: false },
    busy: { type: Boolean },
    error: { attribute: false },
  };

  static override styles = accountViewStyles;

  declare account: JointAccountView | null;
  /** What each router confirmed after the last save; null before any. */
  declare registrations: RoutingRegistration[] | null;
  declare log: DeliveryLogView | null;
  declare devicesApi: HouseholdDevicesApi | null;
  declare busy: boolean;
  declare error: FormError | null;

  constructor() {
    super();
    this.account = null;
    this.registrations = null;
    this.log = null;
    this.devicesApi = null;
    this.busy = false;
    this.error = null;
    new ViewFocusController(this);
  }

  protected override updated(changed: PropertyValues<this>): void {
    // The account as saved (opened, or just saved again): the editor starts from its rules.
    if (changed.has('account') && this.account) this.editor()?.load(this.account.config);
    if (changed.has('error') && this.error && isRulesError(this.error)) {
      this.editor()?.showError(this.error.field, this.error.message);
    }
  }

  override render() {
    const account = this.account;
    if (!account) return nothing;
    const choose = (name: string) => () => this.dispatchEvent(new CustomEvent(name));
    return html`<section>
      <h2 tabindex="-1">${account.name} <small>(${account.jointAccountId})</small></h2>
      <p>
        Billing code ${account.billingCode}. Joins
        ${account.accounts.map(
          (a, i) =>
            html`${i ? ', ' : ''}${a.holderName}
            (${CARRIERS[a.directory]}${a.via === 'consent' ? ', by consent' : ''})`,
        )}.
      </p>
      <rules-editor .devices=${account.devices}></rules-editor>
      ${new FormFields(this.error, 'manage').error()}
      <div class="actions">
        <button ?disabled=${this.busy} @click=${this.onSave}>Save changes</button>
        <button class="secondary" @click=${choose('account:logout-chosen')}>Log out</button>
      </div>
      ${
        this.registrations
          ? html`<div role="status">
              <p><strong>Saved.</strong> Registered again with:</p>
              ${registrationList(this.registrations)}
            </div>`
          : nothing
      }
      <h2>Phones and TVs</h2>
      <p>Every phone and TV of the household. A new TV joins with the code it shows.</p>
      <div class="actions">
        <button @click=${choose('account:add-device-chosen')}>Add a TV or phone</button>
      </div>
      <household-devices .api=${this.devicesApi}></household-devices>
      <h2>Delivery log</h2>
      <p>What was sent to each phone and TV, and why something was not.</p>
      <div class="actions">
        <button class="secondary" @click=${choose('account:log-refresh-chosen')}>Refresh</button>
      </div>
      <delivery-log .log=${this.log}></delivery-log>
    </section>`;
  }

  private editor(): RulesEditor | null {
    return this.renderRoot.querySelector('rules-editor');
  }

  private onSave = () => {
    const editor = this.editor()!;
    editor.clearError();
    this.dispatchEvent(new CustomEvent('account:save-chosen', { detail: editor.config }));
  };
}
customElements.define('account-manage', AccountManage);

declare global {
  interface HTMLElementTagNameMap {
    'account-manage': AccountManage;
  }
}
