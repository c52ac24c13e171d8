import { LitElement, html, nothing } from 'lit';
import { formatUserCode, type JointAccountView } from '../../../protocol/index.ts';
import { accountViewStyles } from '../account-styles.ts';
import type { EnrollmentApprover } from '../enroll-device.ts';
import { ViewFocusController } from '../view-focus-controller.ts';
import '../enroll-device.ts';

/**
 * "Add a TV or phone" to the joint account: the code form of {@link EnrollDevice} (looked up at once when the page
 * was opened with the TV's code), and back to the account (`account:manage-chosen`). The form's
 * `enrollment:approved` and `enrollment:declined` bubble out of this element.
 */
export class AccountAddDevice extends LitElement {
  static override properties = {
    account: { attribute: false },
    approver: { attribute: false },
    enrollCode: { attribute: false },
  };

  static override styles = accountViewStyles;

  declare account: JointAccountView | null;
  declare approver: EnrollmentApprover | null;
  /** The code of the TV that asks to join; '' when none. */
  declare enrollCode: string;

  constructor() {
    super();
    this.account = null;
    this.approver = null;
    this.enrollCode = '';
    new ViewFocusController(this);
  }

  override render() {
    const account = this.account;
    if (!account) return nothing;
    return html`<section class="card">
      <h2 tabindex="-1">Add a TV or phone to ${account.name}</h2>
      <enroll-device
        .approver=${this.approver}
        .code=${formatUserCode(this.enrollCode)}
        ?auto-lookup=${this.enrollCode !== ''}
      ></enroll-device>
      <div class="actions">
        <button
          class="secondary"
          @click=${() => this.dispatchEvent(new CustomEvent('account:manage-chosen'))}
        >
          Back to ${account.name}
        </button>
      </div>
    </section>`;
  }
}
customElements.define('account-add-device', AccountAddDevice);

declare global {
  interface HTMLElementTagNameMap {
    'account-add-device': AccountAddDevice;
  }
}
