import { LitElement, css, html, nothing } from 'lit';
import { AccountFlow, type View } from './account-flow.ts';
import type { SetupLoginEvent, JointLoginEvent } from './views/account-start.ts';
import type { LogFilterEvent } from './delivery-log.ts';
import type { StopChosenEvent } from './rules/rule-card.ts';
import type { SaveChosenEvent } from './views/account-manage.ts';
import type { LinkSubmittedEvent, UnlinkChosenEvent } from './views/linked-accounts.ts';
import type { CreateSubmittedEvent } from './views/setup-configure.ts';
import type { ConsentAnsweredEvent, ConsentCheckFailedEvent } from './views/setup-awaiting-consent.ts';
import type { SecondAccountEvent, ViaChosenEvent } from './views/setup-second-account.ts';
import './views/account-add-device.ts';
import './views/account-created.ts';
import './views/account-manage.ts';
import './views/account-start.ts';
import './views/setup-ask-joint-account.ts';
import './views/setup-awaiting-consent.ts';
import './views/setup-configure.ts';
import './views/setup-second-account.ts';

/**
 * The joint-account setup page: the provisioning steps as a household member goes through them — log into a
 * first account, ask for a joint account, link a second account (or another person's line, with their consent),
 * choose what goes where, set the joint account's password — and later, logging in with the joint account id to
 * change or stop rules, manage the household's phones and TVs and read the delivery log. Each view is an element of
 * its own (views/); what each step does is {@link AccountFlow}. Errors show next to the field they are about.
 */
export class AccountApp extends LitElement {
  static override properties = { apiUrl: { attribute: 'api-url' } };

  static override styles = css`
    :host {
      display: block;
      max-width: 860px;
      margin: 0 auto;
      padding: 16px;
      box-sizing: border-box;
      color: #1c2230;
      font:
        16px/1.45 system-ui,
        sans-serif;
    }
    h1 {
      font-size: 22px;
      margin: 0 0 12px;
    }
  `;

  declare apiUrl: string;
  private readonly flow = new AccountFlow(this, () => this.apiUrl);

  constructor() {
    super();
    this.apiUrl = window.location.origin;
  }

  override render() {
    return html`<h1>Couchline — your phone on your TV</h1>
      ${this.renderView(this.flow.view)}`;
  }

  private renderView(view: View) {
    const { flow } = this;
    switch (view.name) {
      case 'start':
        return html`<account-start
          .enrollCode=${flow.enrollCode}
          ?busy=${flow.busy}
          .error=${flow.error}
          @account:setup-login-submitted=${(e: SetupLoginEvent) => void flow.setupLogin(e.detail)}
          @account:joint-login-submitted=${(e: JointLoginEvent) => void flow.jointLogin(e.detail)}
        ></account-start>`;
      case 'setup':
        return this.renderSetup(view);
      case 'created':
        return html`<account-created
          .account=${view.account}
          .registrations=${view.registrations}
          .enrollCode=${flow.enrollCode}
          @account:manage-chosen=${() => flow.openManage(view.account, null)}
          @account:add-device-chosen=${() => flow.openAddDevice(view.account)}
        ></account-created>`;
      case 'manage':
        return html`<account-manage
          .account=${view.account}
          .registrations=${view.registrations}
          .note=${view.note}
          .log=${view.log}
          .logFilter=${view.logFilter}
          .linking=${view.linking}
          .devicesApi=${flow.householdApis(view.account).devices}
          ?busy=${flow.busy}
          .error=${flow.error}
          @account:save-chosen=${(e: SaveChosenEvent) => void flow.save(e.detail)}
          @rules:stop-chosen=${(e: StopChosenEvent) => void flow.setStopped(e.detail.ruleId, e.detail.stopped)}
          @account:link-submitted=${(e: LinkSubmittedEvent) => void flow.linkAccount(e.detail)}
          @account:link-check=${flow.checkLinking}
          @account:unlink-chosen=${(e: UnlinkChosenEvent) => void flow.unlink(e.detail)}
          @account:logout-chosen=${flow.logout}
          @account:add-device-chosen=${() => flow.openAddDevice(view.account)}
          @account:log-refresh-chosen=${flow.refreshLog}
          @account:log-filter-chosen=${(e: LogFilterEvent) => void flow.filterLog(e.detail)}
          @account:log-older-chosen=${flow.olderLog}
        ></account-manage>`;
      case 'add-device':
        return html`<account-add-device
          .account=${view.account}
          .approver=${flow.householdApis(view.account).approver}
          .enrollCode=${flow.enrollCode}
          @enrollment:approved=${flow.enrollmentAnswered}
          @enrollment:declined=${flow.enrollmentAnswered}
          @account:manage-chosen=${() => flow.openManage(view.account, null)}
        ></account-add-device>`;
    }
  }

  private renderSetup({ state, offer }: Extract<View, { name: 'setup' }>) {
    const { flow } = this;
    switch (state.step) {
      case 'ask-joint-account':
        return html`<setup-ask-joint-account
          .state=${state}
          ?busy=${flow.busy}
          @setup:joint-account-asked=${() => void flow.askForJointAccount()}
        ></setup-ask-joint-account>`;
      case 'second-account':
        return html`<setup-second-account
          .state=${state}
          .via=${flow.secondVia}
          ?busy=${flow.busy}
          .error=${flow.error}
          @setup:via-chosen=${(e: ViaChosenEvent) => flow.chooseSecondVia(e.detail)}
          @setup:second-account-submitted=${(e: SecondAccountEvent) => void flow.secondAccount(e.detail)}
        ></setup-second-account>`;
      case 'awaiting-consent':
        return html`<setup-awaiting-consent
          .state=${state}
          .source=${flow.client}
          @setup:consent-answered=${(e: ConsentAnsweredEvent) => void flow.consentAnswered(e.detail)}
          @setup:consent-check-failed=${(e: ConsentCheckFailedEvent) => flow.consentCheckFailed(e.detail)}
        ></setup-awaiting-consent>`;
      case 'configure':
        return html`<setup-configure
          .state=${state}
          .offer=${offer}
          ?busy=${flow.busy}
          .error=${flow.error}
          @setup:create-submitted=${(e: CreateSubmittedEvent) => void flow.create(e.detail)}
        ></setup-configure>`;
      case 'done':
        return nothing;
    }
  }
}
customElements.define('account-app', AccountApp);

declare global {
  interface HTMLElementTagNameMap {
    'account-app': AccountApp;
  }
}
