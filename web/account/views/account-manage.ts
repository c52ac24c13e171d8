import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import type {
  AccountLinking,
  DeliveryLogView,
  JointAccountView,
  PolicyConfig,
  RoutingRegistration,
} from '../../../protocol/index.ts';
import type { DeliveryLogFilter } from '../account-api.ts';
import type { HouseholdDevicesApi } from '../household-devices.ts';
import { accountViewStyles } from '../account-styles.ts';
import { FormFields, isRulesError, type FormError } from '../form-errors.ts';
import type { StopChosenEvent } from '../rules/rule-card.ts';
import type { RulesEditor } from '../rules/rules-editor.ts';
import { registrationList } from '../shared-markup.ts';
import { ViewFocusController } from '../view-focus-controller.ts';
import '../delivery-log.ts';
import '../household-devices.ts';
import '../rules/rules-editor.ts';
import './linked-accounts.ts';

/** `account:save-chosen`: the rules as typed, to check and save. */
export type SaveChosenEvent = CustomEvent<PolicyConfig>;

/** What the server answers when a joint account has no rules saved yet: its time zone means nothing then. */
const UNSET_TIME_ZONE = 'UTC';

/**
 * A joint account, once logged in: the accounts it joins (link one more, unlink one), its rules (saved with Save
 * changes — or, to stop or restart a rule, at once — with a sign while anything typed is unsaved, and what each router
 * confirmed), every phone and TV of the household, and the delivery log. It asks the page with
 * `account:save-chosen`, `rules:stop-chosen`, `account:logout-chosen`, `account:add-device-chosen`,
 * `account:log-refresh-chosen`, `account:log-filter-chosen`, `account:log-older-chosen`, and the linked accounts'
 * events. Feedback about the last change ("Saved.") goes once something newer applies: an edit or an error.
 */
export class AccountManage extends LitElement {
  static override properties = {
    account: { attribute: false },
    registrations: { attribute: false },
    note: { attribute: false },
    log: { attribute: false },
    logFilter: { attribute: false },
    linking: { attribute: false },
    devicesApi: { attribute: false },
    busy: { type: Boolean },
    error: { attribute: false },
    dirty: { state: true },
  };

  static override styles = [
    accountViewStyles,
    css`
      .unsaved {
        background: #fff4e0;
        border-radius: 10px;
        padding: 6px 10px;
        margin: 0;
      }
    `,
  ];

  declare account: JointAccountView | null;
  /** What each router confirmed after the last change; null before any. */
  declare registrations: RoutingRegistration[] | null;
  declare note: string | null;
  declare log: DeliveryLogView | null;
  declare logFilter: DeliveryLogFilter;
  declare linking: AccountLinking | null;
  declare devicesApi: HouseholdDevicesApi | null;
  declare busy: boolean;
  declare error: FormError | null;
  /** Something typed in the rules is not saved. */
  declare dirty: boolean;
  /** The rule stopped or restarted at once, while that is saved: the rest of what is typed stays. */
  private stopping: { ruleId: string; stopped: boolean } | null = null;
  /** The rules as last loaded into the editor. */
  private loadedConfig = '';

  constructor() {
    super();
    this.account = null;
    this.registrations = null;
    this.note = null;
    this.log = null;
    this.logFilter = {};
    this.linking = null;
    this.devicesApi = null;
    this.busy = false;
    this.error = null;
    this.dirty = false;
    new ViewFocusController(this);
  }

  protected override updated(changed: PropertyValues<this>): void {
    // A stop that failed changes nothing.
    if (changed.has('error') && this.error) this.stopping = null;
    if (changed.has('account') && this.account) this.followSaved(this.account.config);
    if (changed.has('error') && this.error && isRulesError(this.error)) {
      this.editor()?.showError(this.error.field, this.error.message);
    }
  }

  override render() {
    const account = this.account;
    if (!account) return nothing;
    const choose = (name: string) => () => this.dispatchEvent(new CustomEvent(name));
    // Once something is typed after a save, "Saved." is about an older state: it goes.
    const confirmed = this.dirty ? null : this.registrations;
    return html`<section @rules:stop-chosen=${this.onStop}>
      <h2 tabindex="-1">${account.name} <small>(${account.jointAccountId})</small></h2>
      <p>Billing code ${account.billingCode}.</p>
      <h2>Linked accounts</h2>
      <linked-accounts
        .account=${account}
        .linking=${this.linking}
        ?busy=${this.busy}
        .error=${this.error}
      ></linked-accounts>
      ${this.note ? html`<p class="prompt" role="status" data-testid="change-note">${this.note}</p>` : nothing}
      <h2>Rules</h2>
      <rules-editor
        .devices=${account.devices}
        @rules:dirty-changed=${(e: CustomEvent<boolean>) => (this.dirty = e.detail)}
      ></rules-editor>
      ${new FormFields(this.error, 'manage').error()}
      <div class="actions">
        <button ?disabled=${this.busy} @click=${this.onSave}>Save changes</button>
        ${
          this.dirty
            ? html`<p class="unsaved" role="status">Unsaved changes: Save changes to apply them.</p>`
            : nothing
        }
        <button class="secondary" @click=${choose('account:logout-chosen')}>Log out</button>
      </div>
      ${
        confirmed
          ? html`<div role="status">
              <p><strong>Saved.</strong> Registered again with:</p>
              ${registrationList(confirmed)}
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
      <p>Each alert, who it was from, and what happened on each phone and TV — or why it was not sent.</p>
      <div class="actions">
        <button class="secondary" @click=${choose('account:log-refresh-chosen')}>Refresh</button>
      </div>
      <delivery-log .log=${this.log} .devices=${account.devices} .filter=${this.logFilter}></delivery-log>
    </section>`;
  }

  /**
   * The editor follows the rules as saved: after a stop or restart, that rule alone (what else is typed stays);
   * otherwise it starts again from them when they changed (a save, an unlink that dropped rules).
   */
  private followSaved(config: PolicyConfig): void {
    const editor = this.editor();
    if (!editor) return;
    const saved = JSON.stringify(config);
    if (this.stopping) {
      editor.setStopped(config, this.stopping.ruleId, this.stopping.stopped);
      this.stopping = null;
    } else if (saved !== this.loadedConfig) {
      const unset = config.relationships.length === 0 && config.timeZone === UNSET_TIME_ZONE;
      // No rules saved yet: the household's time zone is this browser's until someone says otherwise.
      editor.load(
        unset ? { ...config, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone } : config,
        true,
      );
    }
    this.loadedConfig = saved;
  }

  private editor(): RulesEditor | null {
    return this.renderRoot.querySelector('rules-editor');
  }

  private onStop = (e: StopChosenEvent) => {
    this.stopping = e.detail;
  };

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
