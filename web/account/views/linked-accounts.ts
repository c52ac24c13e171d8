import { LitElement, html, nothing, type PropertyValues } from 'lit';
import type { AccountLinking, JointAccountView, SecondAccount } from '../../../protocol/index.ts';
import { submittedData } from '../../shared/form-fields.ts';
import { accountViewStyles } from '../account-styles.ts';
import { FormFields, type FormError } from '../form-errors.ts';
import { linkAccountFields, linkRequest } from '../link-account-fields.ts';
import { CARRIERS } from '../wording.ts';
import './link-consent-wait.ts';

/** `account:link-submitted`: the account or line to link. */
export type LinkSubmittedEvent = CustomEvent<SecondAccount>;
/** `account:unlink-chosen`: the link to undo, confirmed. */
export type UnlinkChosenEvent = CustomEvent<string>;

/**
 * The accounts a joint account joins, each with Unlink (asked again first, saying what happens: its phones and TVs
 * leave the joint account and the rules that name them go), and "Link another account": one more account the person
 * holds, or another person's line, who approves on their phone. It asks the page with `account:link-submitted`,
 * `account:unlink-chosen` and, while a holder is asked, `account:link-check`.
 */
export class LinkedAccounts extends LitElement {
  static override properties = {
    account: { attribute: false },
    linking: { attribute: false },
    busy: { type: Boolean },
    error: { attribute: false },
    via: { state: true },
    adding: { state: true },
    confirming: { state: true },
  };

  static override styles = accountViewStyles;

  declare account: JointAccountView | null;
  declare linking: AccountLinking | null;
  declare busy: boolean;
  declare error: FormError | null;
  declare via: SecondAccount['via'];
  /** The link form is open. */
  declare adding: boolean;
  /** The link whose Unlink was chosen, asked about before it is done. */
  declare confirming: string | null;

  constructor() {
    super();
    this.account = null;
    this.linking = null;
    this.busy = false;
    this.error = null;
    this.via = 'credentials';
    this.adding = false;
    this.confirming = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Linked: the form has done its job.
    const before = changed.get('account');
    if (before && this.account && before.accounts.length !== this.account.accounts.length)
      this.adding = false;
  }

  override render() {
    const account = this.account;
    if (!account) return nothing;
    const fields = new FormFields(this.error, 'link');
    const last = account.accounts.length === 1;
    return html`<ul class="linked">
        ${account.accounts.map(
          (a) =>
            html`<li data-link-id=${a.id}>
              <span
                ><strong>${a.holderName}</strong> —
                ${CARRIERS[a.directory]}${a.via === 'consent' ? ', by consent' : ''}</span
              >
              ${
                this.confirming === a.id
                  ? this.renderConfirm(a.id, a.holderName)
                  : html`<button
                      class="secondary"
                      ?disabled=${this.busy || last}
                      title=${last ? 'The only account cannot be unlinked' : nothing}
                      aria-label="Unlink ${a.holderName}’s ${CARRIERS[a.directory]} account"
                      @click=${() => (this.confirming = a.id)}
                    >
                      Unlink
                    </button>`
              }
            </li>`,
        )}
      </ul>
      ${this.linking ? html`<link-consent-wait .linking=${this.linking}></link-consent-wait>` : nothing}
      ${
        this.adding && !this.linking
          ? html`<form @submit=${this.onSubmit} novalidate aria-labelledby="link-heading">
              <h3 id="link-heading">Link another account</h3>
              ${linkAccountFields(this.via, (via) => (this.via = via), fields)} ${fields.error()}
              <div class="actions">
                <button ?disabled=${this.busy}>Link it</button>
                <button type="button" class="secondary" @click=${() => (this.adding = false)}>Cancel</button>
              </div>
            </form>`
          : html`${fields.error()}
              <div class="actions">
                <button ?disabled=${!!this.linking} @click=${() => (this.adding = true)}>
                  Link another account
                </button>
              </div>`
      }`;
  }

  private renderConfirm(linkId: string, holderName: string) {
    return html`<div class="confirm" role="group" aria-label="Unlink ${holderName}’s account?">
      <p>
        Unlink ${holderName}’s account? Its phones and TVs leave this joint account at once (they stop getting
        anything from it), and the rules that name them are removed. What the delivery log says of them stays.
      </p>
      <div class="actions">
        <button
          ?disabled=${this.busy}
          @click=${() => {
            this.confirming = null;
            this.dispatchEvent(
              new CustomEvent('account:unlink-chosen', { detail: linkId, bubbles: true, composed: true }),
            );
          }}
        >
          Unlink it
        </button>
        <button class="secondary" @click=${() => (this.confirming = null)}>Keep it</button>
      </div>
    </div>`;
  }

  private onSubmit = (e: SubmitEvent) => {
    const request = linkRequest(this.via, submittedData(e));
    this.dispatchEvent(
      new CustomEvent('account:link-submitted', { detail: request, bubbles: true, composed: true }),
    );
  };
}
customElements.define('linked-accounts', LinkedAccounts);

declare global {
  interface HTMLElementTagNameMap {
    'linked-accounts': LinkedAccounts;
  }
}
