import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import {
  CreateJointAccount,
  ErrorCode,
  formatPhoneNumber,
  formatUserCode,
  PolicyConfig,
  UserCode,
  validate,
  type DeliveryLogView,
  type DeviceOffer,
  type DirectoryKind,
  type JointAccountView,
  type ProvisioningState,
  type RoutingRegistration,
} from '../../protocol/index.ts';
import * as v from 'valibot';
import { focusInvalidField, formError, labelledField } from '../shared/form-fields.ts';
import { invalidAndFocusStyles, pillButtonStyles } from '../shared/form-styles.ts';
import { AccountApi, AccountApiError } from './account-api.ts';
import type { EnrollmentApprover } from './enroll-device.ts';
import type { HouseholdDevicesApi } from './household-devices.ts';
import { firstRule } from './rules/draft-rules.ts';
import type { RulesEditor } from './rules/rules-editor.ts';
import { actionText, CARRIERS, CONTENT_LABELS, errorText, OUTCOMES, reasonText } from './wording.ts';
import './enroll-device.ts';
import './household-devices.ts';
import './rules/rules-editor.ts';

type View =
  | { name: 'start' }
  | { name: 'setup'; state: ProvisioningState; offer: DeviceOffer | null }
  | { name: 'created'; account: JointAccountView; registrations: RoutingRegistration[] }
  | {
      name: 'manage';
      account: JointAccountView;
      registrations: RoutingRegistration[] | null;
      log: DeliveryLogView | null;
    }
  | { name: 'add-device'; account: JointAccountView };

/** Which form an error belongs to, and the field in it. */
interface FormError {
  form: 'setup-login' | 'joint-login' | 'second' | 'create' | 'manage';
  field: string;
  message: string;
}

/** How often the page asks whether the line's holder has answered. */
const CONSENT_POLL_MS = 1500;

/** The joint account's enrollment and devices routes, for the elements that use them. */
interface HouseholdApis {
  jointAccountId: string;
  approver: EnrollmentApprover;
  devices: HouseholdDevicesApi;
}

/**
 * The joint-account setup page: the provisioning steps as a household member goes through them — log into a
 * first account, ask for a joint account, link a second account (or another person's line, with their consent),
 * choose what goes where, set the joint account's password — and later, logging in with the joint account id to
 * change or stop rules and read the delivery log. Errors show next to the field they are about.
 */
export class AccountApp extends LitElement {
  static override properties = {
    apiUrl: { attribute: 'api-url' },
    view: { state: true },
    error: { state: true },
    busy: { state: true },
    secondVia: { state: true },
    enrollCode: { state: true },
  };

  static override styles = [
    css`
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
      h2 {
        font-size: 19px;
        margin: 18px 0 8px;
      }
      h2:focus {
        outline: none;
      }
      .columns {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(260px, 1fr));
        gap: 16px;
      }
      form,
      section.card {
        border: 1px solid #d0d5de;
        border-radius: 12px;
        padding: 14px;
        background: #fff;
        min-width: 0;
      }
      form h2 {
        margin-top: 0;
      }
      .field {
        display: flex;
        flex-direction: column;
        gap: 4px;
        margin: 0 0 10px;
      }
      .choice {
        display: flex;
        gap: 8px;
        align-items: center;
        margin: 4px 0;
      }
      input,
      select,
      button {
        font: inherit;
        max-width: 100%;
        box-sizing: border-box;
      }
      input[type='text'],
      input[type='password'],
      input[type='tel'],
      select {
        padding: 6px 8px;
      }
      .field-error {
        color: #b3261e;
        font-weight: 600;
        margin: 0;
      }
      .prompt {
        background: #eaf2ff;
        border-radius: 10px;
        padding: 10px 12px;
      }
      .prompt.bad {
        background: #fdecea;
        color: #7a1c14;
      }
      ul.devices {
        margin: 4px 0 0;
        padding-left: 20px;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 4px 12px;
      }
      dt {
        color: #5b6475;
      }
      dd {
        margin: 0;
        font-weight: 600;
        overflow-wrap: anywhere;
      }
      .table-wrap {
        overflow-x: auto;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        font-size: 14px;
      }
      th,
      td {
        text-align: left;
        padding: 6px 8px;
        border-bottom: 1px solid #e6e9ef;
        vertical-align: top;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 10px;
        margin: 12px 0;
      }
    `,
    pillButtonStyles,
    invalidAndFocusStyles,
  ];

  declare apiUrl: string;
  declare view: View;
  declare error: FormError | null;
  declare busy: boolean;
  declare secondVia: 'credentials' | 'consent';
  /**
   * The code of a TV that asks to join, from the page's URL (`?code=WDJB-MJHT`, what the TV's QR code opens),
   * normalised; '' when none. Once logged in, the page goes straight to approving it.
   */
  declare enrollCode: string;
  private api: AccountApi | null = null;
  private householdApis: HouseholdApis | null = null;
  private consentTimer: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    this.apiUrl = window.location.origin;
    this.view = { name: 'start' };
    this.error = null;
    this.busy = false;
    this.secondVia = 'credentials';
    this.enrollCode = codeFromUrl();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.consentTimer);
  }

  private get client(): AccountApi {
    this.api ??= new AccountApi(this.apiUrl);
    return this.api;
  }

  protected override updated(changed: PropertyValues): void {
    const previous = changed.get('view') as View | undefined;
    const current = this.view;
    const moved =
      changed.has('view') &&
      (previous?.name !== current.name ||
        (previous.name === 'setup' &&
          current.name === 'setup' &&
          previous.state.step !== current.state.step));
    // A new step: the heading takes focus, so keyboard and screen-reader users start at its top.
    if (moved) this.renderRoot.querySelector<HTMLElement>('h2[tabindex]')?.focus();
    if (changed.has('error') && this.error && !this.error.field.startsWith('config')) {
      focusInvalidField(this.renderRoot, this.error.field, this.error.form);
    }
    if (moved && current.name === 'setup' && current.state.step === 'configure' && current.offer) {
      const devices = current.offer.accounts.flatMap((a) => a.devices);
      this.editor()?.load({
        timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        callerIdOnTv: false,
        relationships: [firstRule(devices)],
        privacy: {},
      });
    }
    if (moved && current.name === 'manage') this.editor()?.load(current.account.config);
  }

  override render() {
    return html`<h1>Couchline — your phone on your TV</h1>
      ${this.renderView()}`;
  }

  private renderView() {
    const view = this.view;
    switch (view.name) {
      case 'start':
        return this.renderStart();
      case 'setup':
        return this.renderSetup(view.state, view.offer);
      case 'created':
        return this.renderCreated(view.account, view.registrations);
      case 'manage':
        return this.renderManage(view);
      case 'add-device':
        return this.renderAddDevice(view.account);
    }
  }

  private renderStart() {
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
          ${this.textField('setup-login', 'username', 'User name', 'text', 'username')}
          ${this.textField('setup-login', 'password', 'Password', 'password', 'current-password')}
          ${this.formErrorOf('setup-login')}
          <button ?disabled=${this.busy}>Log in</button>
        </form>
        <form @submit=${this.onJointLogin} novalidate>
          <h2>Change your joint account</h2>
          <p>Log in with the joint account id and password you chose.</p>
          ${this.textField('joint-login', 'jointAccountId', 'Joint account id', 'text', 'username')}
          ${this.textField('joint-login', 'password', 'Password', 'password', 'current-password', 'joint-password')}
          ${this.formErrorOf('joint-login')}
          <button ?disabled=${this.busy}>Log in</button>
        </form>
      </div>`;
  }

  private renderSetup(state: ProvisioningState, offer: DeviceOffer | null) {
    const linked = html`<p>
      Linked so far:
      ${state.accounts.map(
        (a, i) =>
          html`${i ? ', ' : ''}<strong>${a.holderName}</strong>
            (${CARRIERS[a.directory]}${a.via === 'consent' ? ', by consent' : ''})`,
      )}
    </p>`;
    const refused = state.consent && state.consent.state !== 'pending' && state.consent.state !== 'approved';
    switch (state.step) {
      case 'ask-joint-account':
        return html`<section class="card">
          <h2 tabindex="-1">Step 2 of 5: a joint account</h2>
          <p class="prompt">${state.prompt}</p>
          ${linked}
          <button ?disabled=${this.busy} @click=${this.onAskJointAccount}>Create a joint account</button>
        </section>`;
      case 'second-account':
        return html`<form @submit=${this.onSecondAccount} novalidate>
          <h2 tabindex="-1">Step 3 of 5: a second account</h2>
          <p class="prompt ${refused ? 'bad' : ''}" role=${refused ? 'alert' : nothing}>${state.prompt}</p>
          ${linked}
          <fieldset>
            <legend>What to link</legend>
            <label class="choice"
              ><input
                type="radio"
                name="via"
                value="credentials"
                .checked=${this.secondVia === 'credentials'}
                @change=${() => (this.secondVia = 'credentials')}
              />Another account I hold (its user name and password)</label
            >
            <label class="choice"
              ><input
                type="radio"
                name="via"
                value="consent"
                .checked=${this.secondVia === 'consent'}
                @change=${() => (this.secondVia = 'consent')}
              />Another person’s phone line (they approve on their phone)</label
            >
          </fieldset>
          ${
            this.secondVia === 'credentials'
              ? html`<div class="field">
                    <label for="directory2">Account</label>
                    <select id="directory2" name="directory" data-field="directory">
                      <option value="cable">${CARRIERS.cable} (cable TV)</option>
                      <option value="wireless">${CARRIERS.wireless} (phone)</option>
                    </select>
                  </div>
                  ${this.textField('second', 'username', 'User name', 'text', 'off')}
                  ${this.textField('second', 'password', 'Password', 'password', 'off')}`
              : this.textField('second', 'phoneNumber', 'Their phone number', 'tel', 'tel')
          }
          ${this.formErrorOf('second')}
          <button ?disabled=${this.busy}>Link it</button>
        </form>`;
      case 'awaiting-consent':
        return html`<section class="card" aria-live="polite">
          <h2 tabindex="-1">Step 3 of 5: waiting for ${state.consent?.holderName ?? 'the holder'}</h2>
          <p class="prompt">
            We asked ${state.consent?.holderName} to approve on their phone
            (${formatPhoneNumber(state.consent?.line ?? '')}). This page goes on by itself when they answer.
          </p>
          ${linked}
        </section>`;
      case 'configure':
        return html`<section>
          <h2 tabindex="-1">Step 4 of 5: what goes where</h2>
          <p class="prompt">${state.prompt}</p>
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
          <rules-editor .devices=${offer?.accounts.flatMap((a) => a.devices) ?? []}></rules-editor>
          <form @submit=${this.onCreate} novalidate>
            <h2>Step 5 of 5: the joint account</h2>
            ${this.textField('create', 'name', 'Name it', 'text', 'off')}
            ${this.textField('create', 'password', 'Its own password (at least 10 characters)', 'password', 'new-password')}
            ${this.textField('create', 'passwordConfirm', 'The password again', 'password', 'new-password')}
            ${this.formErrorOf('create')}
            <button ?disabled=${this.busy}>Create the joint account</button>
          </form>
        </section>`;
      case 'done':
        return nothing;
    }
  }

  private renderCreated(account: JointAccountView, registrations: RoutingRegistration[]) {
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
      ${this.renderRegistrations(registrations)}
      <div class="actions">
        ${
          this.enrollCode
            ? html`<button @click=${() => this.openAddDevice(account)}>
                Approve the screen with code ${formatUserCode(this.enrollCode)}
              </button>`
            : nothing
        }
        <button @click=${() => this.openManage(account, null)}>Change its rules</button>
        <button class="secondary" @click=${() => this.openAddDevice(account)}>Add a TV or phone</button>
      </div>
    </section>`;
  }

  private renderRegistrations(registrations: RoutingRegistration[]) {
    const names = { 'voicemail-proxy': 'Voicemail proxy', 'push-gateway': 'Push gateway' } as const;
    return html`<ul class="registrations" aria-label="Registered with">
      ${registrations.map(
        (r) =>
          html`<li>
            ${names[r.service]}: ${r.summary} — confirmed ${new Date(r.confirmedAt).toLocaleTimeString()}
          </li>`,
      )}
    </ul>`;
  }

  private renderManage(view: Extract<View, { name: 'manage' }>) {
    const { account } = view;
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
      ${this.formErrorOf('manage')}
      <div class="actions">
        <button ?disabled=${this.busy} @click=${this.onSave}>Save changes</button>
        <button class="secondary" @click=${this.onLogout}>Log out</button>
      </div>
      ${
        view.registrations
          ? html`<div role="status">
              <p><strong>Saved.</strong> Registered again with:</p>
              ${this.renderRegistrations(view.registrations)}
            </div>`
          : nothing
      }
      <h2>Phones and TVs</h2>
      <p>Every phone and TV of the household. A new TV joins with the code it shows.</p>
      <div class="actions">
        <button @click=${() => this.openAddDevice(account)}>Add a TV or phone</button>
      </div>
      <household-devices .api=${this.apisFor(account).devices}></household-devices>
      <h2>Delivery log</h2>
      <p>What was sent to each phone and TV, and why something was not.</p>
      <div class="actions"><button class="secondary" @click=${this.onRefreshLog}>Refresh</button></div>
      ${this.renderLog(view.log)}
    </section>`;
  }

  private renderAddDevice(account: JointAccountView) {
    return html`<section class="card">
      <h2 tabindex="-1">Add a TV or phone to ${account.name}</h2>
      <enroll-device
        .approver=${this.apisFor(account).approver}
        .code=${formatUserCode(this.enrollCode)}
        ?auto-lookup=${this.enrollCode !== ''}
        @enrollment:approved=${this.onEnrollmentAnswered}
        @enrollment:declined=${this.onEnrollmentAnswered}
      ></enroll-device>
      <div class="actions">
        <button class="secondary" @click=${() => this.openManage(account, null)}>
          Back to ${account.name}
        </button>
      </div>
    </section>`;
  }

  private renderLog(log: DeliveryLogView | null) {
    if (!log) return html`<p>Loading…</p>`;
    if (log.entries.length === 0) return html`<p>Nothing yet.</p>`;
    return html`<div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">What</th>
            <th scope="col">Device</th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          ${log.entries.map(
            (e) =>
              html`<tr>
                <td>${new Date(e.at).toLocaleString()}</td>
                <td>${CONTENT_LABELS[e.contentType as keyof typeof CONTENT_LABELS] ?? e.contentType}</td>
                <td>${e.deviceName}</td>
                <td>
                  ${OUTCOMES[e.outcome] ?? e.outcome}${e.action ? `: ${actionText(e.action)}` : ''}${
                    e.reasons.length ? html`: ${e.reasons.map(reasonText).join('; ')}` : nothing
                  }
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  /** A labelled input with its error under it; `data-field` is the name errors come back with. */
  private textField(
    form: FormError['form'],
    field: string,
    label: string,
    type: string,
    autocomplete: string,
    id = `${form}-${field}`,
  ) {
    return labelledField(
      { id, label, error: this.errorOn(form, field), errorClass: 'field-error' },
      (aria) =>
        html`<input
          id=${id}
          name=${field}
          type=${type}
          autocomplete=${autocomplete}
          data-form=${form}
          data-field=${field}
          aria-invalid=${aria.invalid}
          aria-describedby=${aria.describedBy}
        />`,
    );
  }

  /** An error of the whole form (no field of it is to blame). */
  private formErrorOf(form: FormError['form']) {
    return formError(this.errorOn(form, ''), 'field-error');
  }

  /** The error's message when it is about `field` of `form` ('' for the whole form), else null. */
  private errorOn(form: FormError['form'], field: string): string | null {
    return this.error?.form === form && this.error.field === field ? this.error.message : null;
  }

  private onSetupLogin = (e: SubmitEvent) =>
    this.submit(e, 'setup-login', async (data) => {
      const state = await this.client.login({
        directory: text(data, 'directory') as DirectoryKind,
        username: text(data, 'username'),
        password: text(data, 'password'),
      });
      this.view = { name: 'setup', state, offer: null };
    });

  private onJointLogin = (e: SubmitEvent) =>
    this.submit(e, 'joint-login', async (data) => {
      const account = await this.client.jointLogin({
        jointAccountId: text(data, 'jointAccountId'),
        password: text(data, 'password'),
      });
      if (this.enrollCode) this.openAddDevice(account);
      else this.openManage(account, null);
    });

  private onAskJointAccount = () =>
    this.run('second', async () => {
      this.view = { name: 'setup', state: await this.client.askForJointAccount(), offer: null };
    });

  private onSecondAccount = (e: SubmitEvent) =>
    this.submit(e, 'second', async (data) => {
      const state = await this.client.secondAccount(
        this.secondVia === 'credentials'
          ? {
              via: 'credentials',
              directory: text(data, 'directory') as DirectoryKind,
              username: text(data, 'username'),
              password: text(data, 'password'),
            }
          : { via: 'consent', phoneNumber: text(data, 'phoneNumber') },
      );
      await this.showSetup(state);
    });

  private onCreate = (e: SubmitEvent) =>
    this.submit(e, 'create', async (data) => {
      const editor = this.editor()!;
      editor.clearError();
      const request = {
        name: text(data, 'name'),
        password: text(data, 'password'),
        config: editor.config,
      };
      if (request.password !== text(data, 'passwordConfirm')) {
        throw new AccountApiError(400, ErrorCode.ProtocolMalformed, 'the two passwords differ', {
          field: 'passwordConfirm',
        });
      }
      // The server checks it all again; checking here first puts most mistakes next to their field at once.
      const checked = validate(CreateJointAccount, request);
      if (!checked.ok)
        throw new AccountApiError(400, checked.code, checked.message, { field: checked.field ?? '' });
      const saved = await this.client.create(checked.value);
      this.view = { name: 'created', account: saved.account, registrations: saved.registrations };
    });

  private onSave = () =>
    this.run('manage', async () => {
      const view = this.view;
      if (view.name !== 'manage') return;
      const editor = this.editor()!;
      editor.clearError();
      const checked = validate(PolicyConfig, editor.config);
      if (!checked.ok) {
        throw new AccountApiError(400, checked.code, checked.message, {
          field: `config.${checked.field ?? ''}`,
        });
      }
      const saved = await this.client.saveConfig(view.account.jointAccountId, checked.value);
      this.view = { ...view, account: saved.account, registrations: saved.registrations };
      editor.load(saved.account.config);
      await this.onRefreshLog();
    });

  private onRefreshLog = async () => {
    const view = this.view;
    if (view.name !== 'manage') return;
    try {
      const log = await this.client.deliveryLog(view.account.jointAccountId);
      if (this.view.name === 'manage') this.view = { ...this.view, log };
    } catch (error) {
      this.fail('manage', error);
    }
  };

  private onLogout = async () => {
    await this.client.logout().catch(() => undefined);
    this.householdApis = null;
    this.view = { name: 'start' };
  };

  /** The code in the URL is answered: a reload must not offer it again. */
  private onEnrollmentAnswered = () => {
    if (!this.enrollCode) return;
    this.enrollCode = '';
    const url = new URL(window.location.href);
    url.searchParams.delete('code');
    window.history.replaceState(window.history.state, '', url);
  };

  private openAddDevice(account: JointAccountView): void {
    this.error = null;
    this.view = { name: 'add-device', account };
  }

  /** The same objects for as long as the account is open, so the elements keep their state between renders. */
  private apisFor(account: JointAccountView): HouseholdApis {
    const id = account.jointAccountId;
    if (this.householdApis?.jointAccountId === id) return this.householdApis;
    const client = this.client;
    this.householdApis = {
      jointAccountId: id,
      approver: {
        request: (userCode) => client.enrollmentRequest(id, userCode),
        approve: (approval) => client.approveEnrollment(id, approval),
        deny: (userCode) => client.denyEnrollment(id, userCode),
        devices: () => client.householdDevices(id),
      },
      devices: {
        list: () => client.householdDevices(id),
        rename: (deviceId, rename) => client.renameDevice(id, deviceId, rename),
        remove: (deviceId) => client.removeDevice(id, deviceId),
      },
    };
    return this.householdApis;
  }

  private openManage(account: JointAccountView, registrations: RoutingRegistration[] | null): void {
    this.error = null;
    this.view = { name: 'manage', account, registrations, log: null };
    void this.onRefreshLog();
  }

  /** A new setup state: with the devices once they can be offered, and watching for the holder's answer. */
  private async showSetup(state: ProvisioningState): Promise<void> {
    clearInterval(this.consentTimer);
    const offer = state.step === 'configure' ? await this.client.devices() : null;
    this.view = { name: 'setup', state, offer };
    if (state.step === 'awaiting-consent') {
      this.consentTimer = setInterval(() => {
        this.client
          .state()
          .then((next) => (next.step !== 'awaiting-consent' ? this.showSetup(next) : undefined))
          .catch((error: unknown) => {
            clearInterval(this.consentTimer);
            this.fail('second', error);
          });
      }, CONSENT_POLL_MS);
    }
  }

  private submit(e: SubmitEvent, form: FormError['form'], work: (data: FormData) => Promise<void>): void {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    void this.run(form, () => work(data));
  }

  private async run(form: FormError['form'], work: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.error = null;
    try {
      await work();
    } catch (error) {
      this.fail(form, error);
    } finally {
      this.busy = false;
    }
  }

  private fail(form: FormError['form'], error: unknown): void {
    if (!(error instanceof AccountApiError)) {
      this.error = { form, field: '', message: `Something went wrong: ${(error as Error).message}` };
      return;
    }
    const message = errorText(error);
    const field = error.details.field ?? '';
    if (field.startsWith('config')) {
      this.editor()?.showError(field, message);
      return;
    }
    // A step the service no longer expects (an expired or finished setup): back to the start with the reason.
    const expired = error.code === ErrorCode.AccountSessionInvalid;
    if (expired) this.view = { name: 'start' };
    const shownOn = expired ? 'setup-login' : form;
    this.error = { form: shownOn, field: this.hasField(shownOn, field) ? field : '', message };
  }

  private hasField(form: FormError['form'], field: string): boolean {
    return (
      field !== '' && this.renderRoot.querySelector(`[data-form="${form}"][data-field="${field}"]`) !== null
    );
  }

  private editor(): RulesEditor | null {
    return this.renderRoot.querySelector('rules-editor');
  }
}
customElements.define('account-app', AccountApp);

declare global {
  interface HTMLElementTagNameMap {
    'account-app': AccountApp;
  }
}

/** `?code=WDJB-MJHT` (any case, dash optional), normalised; '' when absent or not a code. */
function codeFromUrl(): string {
  const raw = new URLSearchParams(window.location.search).get('code');
  if (!raw) return '';
  const parsed = v.safeParse(UserCode, raw);
  return parsed.success ? parsed.output : '';
}

/** A form field's text ('' when absent). */
function text(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
}
