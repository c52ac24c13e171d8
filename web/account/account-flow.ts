import type { ReactiveControllerHost } from 'lit';
import * as v from 'valibot';
import {
  CreateJointAccount,
  ErrorCode,
  PolicyConfig,
  UserCode,
  validate,
  type DeliveryLogView,
  type DeviceOffer,
  type JointAccountLogin,
  type JointAccountView,
  type ProvisioningLogin,
  type ProvisioningState,
  type RoutingRegistration,
  type SecondAccount,
} from '../../protocol/index.ts';
import { AccountApi, AccountApiError, type HouseholdApis } from './account-api.ts';
import { isRulesError, type FormError, type FormName } from './form-errors.ts';
import { errorText } from './wording.ts';

/** Which view the setup page shows, with what it shows. */
export type View =
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
      const view = this.view;
      if (view.name !== 'manage') return;
      const checked = validate(PolicyConfig, config);
      if (!checked.ok) {
        throw new AccountApiError(400, checked.code, checked.message, {
          field: `config.${checked.field ?? ''}`,
        });
      }
      const saved = await this.client.saveConfig(view.account.jointAccountId, checked.value);
      this.show({ view: { ...view, account: saved.account, registrations: saved.registrations } });
      await this.refreshLog();
    });
  }

  refreshLog = async (): Promise<void> => {
    const view = this.view;
    if (view.name !== 'manage') return;
    try {
      const log = await this.client.deliveryLog(view.account.jointAccountId);
      if (this.view.name === 'manage') this.show({ view: { ...this.view, log } });
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
    this.show({ error: null, view: { name: 'manage', account, registrations, log: null } });
    void this.refreshLog();
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
