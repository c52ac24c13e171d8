import type { ReactiveControllerHost } from 'lit';
import * as v from 'valibot';
import {
  CreateJointAccount,
  ErrorCode,
  PolicyConfig,
  UserCode,
  validate,
  type AccountLinking,
  type DeliveryLogView,
  type DeviceOffer,
  type JointAccountLogin,
  type JointAccountView,
  type ProvisioningLogin,
  type ProvisioningState,
  type RoutingRegistration,
  type SecondAccount,
} from '../../protocol/index.ts';
import { AccountApi, AccountApiError, type DeliveryLogFilter, type HouseholdApis } from './account-api.ts';
import { isRulesError, type FormError, type FormName } from './form-errors.ts';
import { CARRIERS, errorText } from './wording.ts';

/** Which view the setup page shows, with what it shows. */
export type View =
  | { name: 'start' }
  | { name: 'setup'; state: ProvisioningState; offer: DeviceOffer | null }
  | { name: 'created'; account: JointAccountView; registrations: RoutingRegistration[] }
  | {
      name: 'manage';
      account: JointAccountView;
      /** What each router confirmed after the last change; null before any, and once it no longer applies. */
      registrations: RoutingRegistration[] | null;
      /** What the last change did, in words ("Rule 1 stopped.", "Luis's account unlinked: …"). */
      note: string | null;
      log: DeliveryLogView | null;
      logFilter: DeliveryLogFilter;
      /** Another holder's line asked for, while they have not answered. */
      linking: AccountLinking | null;
    }
  | { name: 'add-device'; account: JointAccountView };

/** What the person typed to create the joint account (step 5), with the rules as the editor reads them. */
export interface JointAccountDraft {
  name: string;
  password: string;
  passwordConfirm: string;
  config: PolicyConfig;
}

/**
 * What each step of the setup page does: the calls to the setup API, the view that follows, and where an error
 * shows (its form and field, or back at the start when the setup session ended). The page draws `view` and calls
 * these when the person acts; every change asks the page to draw again.
 */
export class AccountFlow {
  view: View = { name: 'start' };
  error: FormError | null = null;
  busy = false;
  /** Step 3 links another account the person holds, or another person's line (they approve on their phone). */
  secondVia: SecondAccount['via'] = 'credentials';
  /**
   * The code of a TV that asks to join, from the page's URL (`?code=WDJB-MJHT`, what the TV's QR code opens),
   * normalised; '' when none. Once logged in, the page goes straight to approving it.
   */
  enrollCode = codeFromUrl();
  private readonly host: ReactiveControllerHost;
  private readonly apiUrl: () => string;
  private api: AccountApi | null = null;
  private household: HouseholdApis | null = null;

  /** @param apiUrl where the backend is, read when the first call is made (the page's `api-url`). */
  constructor(host: ReactiveControllerHost, apiUrl: () => string) {
    this.host = host;
    this.apiUrl = apiUrl;
  }

  get client(): AccountApi {
    this.api ??= new AccountApi(this.apiUrl());
    return this.api;
  }

  /**
   * The joint account's enrollment and devices routes: the same objects while it is open, so the elements that use
   * them keep their state between renders.
   */
  householdApis(account: JointAccountView): HouseholdApis {
    if (this.household?.jointAccountId !== account.jointAccountId) {
      this.household = this.client.householdApis(account.jointAccountId);
    }
    return this.household;
  }

  setupLogin(login: ProvisioningLogin): Promise<void> {
    return this.run('setup-login', async () => {
      const state = await this.client.login(login);
      this.show({ view: { name: 'setup', state, offer: null } });
    });
  }

  jointLogin(login: JointAccountLogin): Promise<void> {
    return this.run('joint-login', async () => {
      const account = await this.client.jointLogin(login);
      if (this.enrollCode) this.openAddDevice(account);
      else this.openManage(account, null);
    });
  }

  askForJointAccount(): Promise<void> {
    return this.run('second', async () => {
      this.show({ view: { name: 'setup', state: await this.client.askForJointAccount(), offer: null } });
    });
  }

  chooseSecondVia(via: SecondAccount['via']): void {
    this.show({ secondVia: via });
  }

  secondAccount(request: SecondAccount): Promise<void> {
    return this.run('second', async () => this.showSetup(await this.client.secondAccount(request)));
  }

  /** The line's holder answered (the waiting step saw the provisioning state move on). */
  async consentAnswered(state: ProvisioningState): Promise<void> {
    await this.showSetup(state).catch((error: unknown) => this.fail('second', error));
  }

  /** Asking whether the holder answered failed: the waiting step stopped asking. */
  consentCheckFailed(error: unknown): void {
    this.fail('second', error);
  }

  create(draft: JointAccountDraft): Promise<void> {
    return this.run('create', async () => {
      const request = { name: draft.name, password: draft.password, config: draft.config };
      if (request.password !== draft.passwordConfirm) {
        throw new AccountApiError(400, ErrorCode.ProtocolMalformed, 'the two passwords differ', {
          field: 'passwordConfirm',
        });
      }
      // The server checks it all again; checking here first puts most mistakes next to their field at once.
      const checked = validate(CreateJointAccount, request);
      if (!checked.ok)
        throw new AccountApiError(400, checked.code, checked.message, { field: checked.field ?? '' });
      const saved = await this.client.create(checked.value);
      this.show({ view: { name: 'created', account: saved.account, registrations: saved.registrations } });
    });
  }

  save(config: PolicyConfig): Promise<void> {
    return this.run('manage', async () => {
      const view = this.manageView();
      const checked = validate(PolicyConfig, config);
      if (!checked.ok) {
        throw new AccountApiError(400, checked.code, checked.message, {
          field: `config.${checked.field ?? ''}`,
        });
      }
      const saved = await this.client.saveConfig(view.account.jointAccountId, checked.value);
      this.showManage({ account: saved.account, registrations: saved.registrations, note: null });
      await this.refreshLog();
    });
  }

  /**
   * Stops or restarts one saved rule at once: the rules as saved, with only that rule changed, are saved and
   * registered again (anything else typed stays as typed, unsaved). Applied at once rather than on Save, because
   * "stop" is what a person reaches for when the TV shows what it should not: it must not wait for a second button.
   */
  setStopped(ruleId: string, stopped: boolean): Promise<void> {
    return this.run('manage', async () => {
      const view = this.manageView();
      const config = view.account.config;
      const index = config.relationships.findIndex((r) => r.id === ruleId);
      if (index < 0) return;
      const saved = await this.client.saveConfig(view.account.jointAccountId, {
        ...config,
        relationships: config.relationships.map((r) => (r.id === ruleId ? { ...r, stopped } : r)),
      });
      this.showManage({
        account: saved.account,
        registrations: saved.registrations,
        note: `Rule ${index + 1} ${stopped ? 'stopped: nothing goes by it now' : 'restarted: it applies again now'}.`,
      });
      await this.refreshLog();
    });
  }

  /** Links one more account, or asks another holder for their line (the view then asks until they answer). */
  linkAccount(request: SecondAccount): Promise<void> {
    return this.run('link', async () => {
      const linking = await this.client.linkAccount(this.manageView().account.jointAccountId, request);
      this.afterLinking(linking);
    });
  }

  /** Asks whether the holder answered; the linking view calls it while it waits. */
  checkLinking = async (): Promise<void> => {
    const view = this.view;
    if (view.name !== 'manage' || !view.linking) return;
    try {
      this.afterLinking(await this.client.linkState(view.account.jointAccountId));
    } catch (error) {
      this.showManage({ linking: null });
      this.fail('link', error);
    }
  };

  unlink(linkId: string): Promise<void> {
    return this.run('link', async () => {
      const view = this.manageView();
      const gone = view.account.accounts.find((a) => a.id === linkId);
      const answer = await this.client.unlinkAccount(view.account.jointAccountId, linkId);
      const devices = answer.devicesLeft.length ? answer.devicesLeft.join(', ') : 'no phone or TV';
      const rules = answer.rulesDropped === 1 ? '1 rule' : `${answer.rulesDropped} rules`;
      this.showManage({
        account: answer.account,
        registrations: answer.registrations,
        note: `${gone ? `${gone.holderName}’s ${CARRIERS[gone.directory]} account` : 'The account'} is unlinked: ${devices} left this joint account, and ${rules} that named them ${answer.rulesDropped === 1 ? 'was' : 'were'} removed.`,
      });
      await this.refreshLog();
    });
  }

  /** The delivery log again from its newest alert, with this filter. */
  filterLog(filter: DeliveryLogFilter): Promise<void> {
    this.showManage({ logFilter: filter, log: null });
    return this.refreshLog();
  }

  refreshLog = async (): Promise<void> => {
    const view = this.view;
    if (view.name !== 'manage') return;
    try {
      const log = await this.client.deliveryLog(view.account.jointAccountId, view.logFilter);
      if (this.view.name === 'manage') this.showManage({ log });
    } catch (error) {
      this.fail('manage', error);
    }
  };

  /** The next, older page of the delivery log, under the alerts already shown. */
  olderLog = async (): Promise<void> => {
    const view = this.view;
    if (view.name !== 'manage' || !view.log?.next) return;
    try {
      const older = await this.client.deliveryLog(view.account.jointAccountId, {
        ...view.logFilter,
        before: view.log.next,
      });
      this.showManage({ log: { alerts: [...view.log.alerts, ...older.alerts], next: older.next } });
    } catch (error) {
      this.fail('manage', error);
    }
  };

  logout = async (): Promise<void> => {
    await this.client.logout().catch(() => undefined);
    this.household = null;
    this.show({ view: { name: 'start' } });
  };

  /** The code in the URL is answered: a reload must not offer it again. */
  enrollmentAnswered = (): void => {
    if (!this.enrollCode) return;
    this.show({ enrollCode: '' });
    const url = new URL(window.location.href);
    url.searchParams.delete('code');
    window.history.replaceState(window.history.state, '', url);
  };

  openAddDevice(account: JointAccountView): void {
    this.show({ error: null, view: { name: 'add-device', account } });
  }

  openManage(account: JointAccountView, registrations: RoutingRegistration[] | null): void {
    this.show({
      error: null,
      view: { name: 'manage', account, registrations, note: null, log: null, logFilter: {}, linking: null },
    });
    void this.refreshLog();
  }

  private afterLinking(linking: AccountLinking): void {
    if (linking.status === 'awaiting-consent') {
      this.showManage({ linking, note: null, registrations: null });
      return;
    }
    if (linking.status === 'linked') {
      const added = linking.account.accounts.at(-1);
      this.showManage({
        account: linking.account,
        linking: null,
        registrations: null,
        note: `${added ? `${added.holderName}’s ${CARRIERS[added.directory]} account is linked` : 'Linked'}: its phones and TVs are listed below; add a rule to send them content.`,
      });
      return;
    }
    this.showManage({ linking: null });
    this.show({ error: { form: 'link', field: '', message: linking.prompt } });
  }

  private manageView(): Extract<View, { name: 'manage' }> {
    if (this.view.name !== 'manage') throw new Error('the joint account is not open');
    return this.view;
  }

  private showManage(change: Partial<Extract<View, { name: 'manage' }>>): void {
    if (this.view.name === 'manage') this.show({ view: { ...this.view, ...change } });
  }

  /** A new setup state, with the devices once they can be offered. */
  private async showSetup(state: ProvisioningState): Promise<void> {
    const offer = state.step === 'configure' ? await this.client.devices() : null;
    this.show({ view: { name: 'setup', state, offer } });
  }

  private async run(form: FormName, work: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.show({ busy: true, error: null });
    try {
      await work();
    } catch (error) {
      this.fail(form, error);
    } finally {
      this.show({ busy: false });
    }
  }

  private fail(form: FormName, error: unknown): void {
    if (!(error instanceof AccountApiError)) {
      this.show({ error: { form, field: '', message: `Something went wrong: ${(error as Error).message}` } });
      this.showManage({ registrations: null, note: null });
      return;
    }
    const shown: FormError = { form, field: error.details.field ?? '', message: errorText(error) };
    // A step the service no longer expects (an expired or finished setup): back to the start with the reason, on
    // the login form as a whole — or on the field it names when the start was on screen already.
    if (error.code === ErrorCode.AccountSessionInvalid && !isRulesError(shown)) {
      const field = this.view.name === 'start' ? shown.field : '';
      this.show({ view: { name: 'start' }, error: { ...shown, form: 'setup-login', field } });
      return;
    }
    this.show({ error: shown });
    // "Saved." beside a new error no longer applies.
    this.showManage({ registrations: null, note: null });
  }

  private show(
    change: Partial<Pick<AccountFlow, 'view' | 'error' | 'busy' | 'secondVia' | 'enrollCode'>>,
  ): void {
    Object.assign(this, change);
    this.host.requestUpdate();
  }
}

/** `?code=WDJB-MJHT` (any case, dash optional), normalised; '' when absent or not a code. */
function codeFromUrl(): string {
  const raw = new URLSearchParams(window.location.search).get('code');
  if (!raw) return '';
  const parsed = v.safeParse(UserCode, raw);
  return parsed.success ? parsed.output : '';
}
