import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { formatPhoneNumber, type DeviceOffer, type ProvisioningState } from '../../../protocol/index.ts';
import { formValue, submittedData } from '../../shared/form-fields.ts';
import type { JointAccountDraft } from '../account-flow.ts';
import { accountViewStyles } from '../account-styles.ts';
import { FormFields, isRulesError, type FormError } from '../form-errors.ts';
import { firstRule } from '../rules/draft-rules.ts';
import type { RulesEditor } from '../rules/rules-editor.ts';
import { ViewFocusController } from '../view-focus-controller.ts';
import { CARRIERS } from '../wording.ts';
import '../rules/rules-editor.ts';

/** `setup:create-submitted`: step 5, the joint account's name and password with the rules as typed. */
export type CreateSubmittedEvent = CustomEvent<JointAccountDraft>;

/**
 * Steps 4 and 5 of the setup: every phone and TV of the linked accounts, the rules (starting with the first phone's
 * voicemail to the first TV), then the joint account's name and password. An error about the rules shows in the
 * rules editor, next to the rule's part it is about.
 */
export class SetupConfigure extends LitElement {
  static override properties = {
    state: { attribute: false },
    offer: { attribute: false },
    busy: { type: Boolean },
    error: { attribute: false },
  };

  static override styles = accountViewStyles;

  declare state: ProvisioningState | null;
  declare offer: DeviceOffer | null;
  declare busy: boolean;
  declare error: FormError | null;

  constructor() {
    super();
    this.state = null;
    this.offer = null;
    this.busy = false;
    this.error = null;
    new ViewFocusController(this);
  }

  protected override firstUpdated(): void {
    this.editor()?.load({
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      callerIdOnTv: false,
      relationships: [firstRule(this.devices())],
      privacy: {},
    });
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('error') && this.error && isRulesError(this.error)) {
      this.editor()?.showError(this.error.field, this.error.message);
    }
  }

  override render() {
    const offer = this.offer;
    const create = new FormFields(this.error, 'create');
    return html`<section>
      <h2 tabindex="-1">Step 4 of 5: what goes where</h2>
      <p class="prompt">${this.state?.prompt}</p>
      ${
        offer
          ? html`<div class="columns">
              ${offer.accounts.map(
                (a) =>
                  html`<section class="card">
                    <strong>${a.holderName}</strong> —
                    ${CARRIERS[a.directory]}${a.via === 'consent' ? ' (by consent)' : ''}
                    <ul class="devices">
                      ${a.devices.map(
                        (d) =>
                          html`<li>
                            ${d.name}${d.phoneNumber ? ` — ${formatPhoneNumber(d.phoneNumber)}` : ''}
                          </li>`,
                      )}
                    </ul>
                  </section>`,
              )}
            </div>`
          : nothing
      }
      <rules-editor .devices=${this.devices()}></rules-editor>
      <form @submit=${this.onCreate} novalidate>
        <h2>Step 5 of 5: the joint account</h2>
        ${create.text('name', 'Name it', 'text', 'off')}
        ${create.text('password', 'Its own password (at least 10 characters)', 'password', 'new-password')}
        ${create.text('passwordConfirm', 'The password again', 'password', 'new-password')} ${create.error()}
        <button ?disabled=${this.busy}>Create the joint account</button>
      </form>
    </section>`;
  }

  private devices() {
    return this.offer?.accounts.flatMap((a) => a.devices) ?? [];
  }

  private editor(): RulesEditor | null {
    return this.renderRoot.querySelector('rules-editor');
  }

  private onCreate = (e: SubmitEvent) => {
    const data = submittedData(e);
    const editor = this.editor()!;
    editor.clearError();
    const draft: JointAccountDraft = {
      name: formValue(data, 'name'),
      password: formValue(data, 'password'),
      passwordConfirm: formValue(data, 'passwordConfirm'),
      config: editor.config,
    };
    this.dispatchEvent(new CustomEvent('setup:create-submitted', { detail: draft }));
  };
}
customElements.define('setup-configure', SetupConfigure);

declare global {
  interface HTMLElementTagNameMap {
    'setup-configure': SetupConfigure;
  }
}
