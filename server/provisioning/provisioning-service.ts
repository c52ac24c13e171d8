import {
  ErrorCode,
  type Consent,
  type CreateJointAccount,
  type DeliveryLogQuery,
  type DeliveryLogView,
  type DeviceOffer,
  type DirectoryKind,
  type JointAccountLogin,
  type JointAccountSaved,
  type JointAccountView,
  type PolicyConfig,
  type ProvisioningLogin,
  type ProvisioningSession,
  type ProvisioningState,
  type ProvisioningStep,
  type RoutingRegistration,
  type SecondAccount,
} from '../../protocol/index.ts';
import type { AccountDirectory } from '../accounts/account-directory.ts';
import { deliveryLogPage } from '../deliveries/delivery-log-page.ts';
import { ApiError } from '../http/api-error.ts';
import { carrier } from '../accounts/carrier-refusal.ts';
import type { SharedState } from '../cluster/shared-state.ts';
import { AttemptGuard } from '../identity/attempt-limits.ts';
import { hashSecret, verifySecret } from '../identity/secrets.ts';
import type { Logger } from '../log.ts';
import type { Publisher } from '../push/publisher.ts';
import type { Device } from '../identity/device-repository.ts';
import type { Database } from '../store/database.ts';
import type { ContentRouter } from './content-router.ts';
import { SessionTable } from './sessions.ts';
import {
  checkConfig,
  loginRefusal,
  newBillingCode,
  newJointAccountId,
  refuseDevicesJoined,
  refuseIfJoined,
} from './provisioning-checks.ts';
import { LineConsent } from './line-consent.ts';
import { linkedView, offered, PROMPTS, view, type SetupState } from './provisioning-views.ts';

interface JointSession {
  householdId: string;
}

export interface ProvisioningDeps {
  store: Pick<Database, 'accounts' | 'rateLimits' | 'deliveryLog' | 'devices' | 'policies' | 'transaction'>;
  directories: Record<DirectoryKind, AccountDirectory>;
  /** Everything that routes content by the rules; each confirms every registration. */
  routers: readonly ContentRouter[];
  /** To put a consent request on the holder's phone. */
  gateway: Publisher;
  log: Logger;
  /** Where the setup and joint-account sessions live: this process's memory, or Redis past one process. */
  sessions: SharedState;
  now?: () => number;
  sessionTtlMs?: number;
}

/** Compared against when the joint account id is unknown, so a wrong id takes as long as a wrong password. */
const UNKNOWN_ACCOUNT_HASH = await hashSecret('no-such-joint-account');

/**
 * Our provisioning service: the steps that make a joint account, each validated and answered with a clear error
 * when wrong (DESIGN.md §3, flow 1), and the later changes to it.
 *
 * 1. log into a first account (wireless or cable) at its carrier's directory;
 * 2. ask for a joint account → asked for a second account;
 * 3. the second account's credentials, or another holder's line (that holder consents on their phone);
 * 4. every phone and STB of both accounts offered → a configuration;
 * 5. the joint account made (id, hashed password, billing code) and the configuration registered with every
 *    {@link ContentRouter}, each confirming.
 */
export class ProvisioningService {
  private readonly store: Pick<
    Database,
    'accounts' | 'rateLimits' | 'deliveryLog' | 'devices' | 'policies' | 'transaction'
  >;
  private readonly directories: Record<DirectoryKind, AccountDirectory>;
  private readonly routers: readonly ContentRouter[];
  private readonly log: Logger;
  private readonly setups: SessionTable<SetupState>;
  private readonly joint: SessionTable<JointSession>;
  private readonly logins: AttemptGuard;
  private readonly consents: LineConsent;

  constructor(deps: ProvisioningDeps) {
    this.store = deps.store;
    this.directories = deps.directories;
    this.routers = deps.routers;
    this.log = deps.log;
    const ttlMs = deps.sessionTtlMs ?? 30 * 60_000;
    this.setups = new SessionTable({ state: deps.sessions, kind: 'setup', ttlMs });
    this.joint = new SessionTable({ state: deps.sessions, kind: 'joint', ttlMs });
    this.logins = new AttemptGuard(deps.store.rateLimits, { name: 'joint-login', now: deps.now });
    this.consents = new LineConsent({
      wireless: deps.directories.wireless,
      store: deps.store,
      gateway: deps.gateway,
      log: deps.log,
    });
  }

  /** Step 1. */
  async login(request: ProvisioningLogin): Promise<ProvisioningSession> {
    const directory = this.directories[request.directory];
    const account = await carrier(directory.login(request.username, request.password), 'password');
    await refuseIfJoined(this.store, request.directory, account.accountId, directory.carrierName);
    const devices = await carrier(directory.listDevices(account.accountId));
    const state: SetupState = {
      step: 'ask-joint-account',
      accounts: [{ linked: { ...account, via: 'credentials' }, devices }],
    };
    this.log.info('provisioning: first account logged in', { directory: request.directory });
    return { sessionToken: await this.setups.open(state), state: view(state) };
  }

  /** Step 2. */
  activate(token: string): Promise<ProvisioningState> {
    return this.changeSetup(token, ['ask-joint-account'], (setup) => {
      setup.step = 'second-account';
      return view(setup);
    });
  }

  /** Step 3. */
  secondAccount(token: string, request: SecondAccount): Promise<ProvisioningState> {
    return this.changeSetup(token, ['second-account'], (setup) => this.addSecondAccount(setup, request));
  }

  private async addSecondAccount(setup: SetupState, request: SecondAccount): Promise<ProvisioningState> {
    if (request.via === 'credentials') {
      const directory = this.directories[request.directory];
      const account = await carrier(directory.login(request.username, request.password), 'password');
      if (
        setup.accounts.some(
          (a) => a.linked.directory === account.directory && a.linked.accountId === account.accountId,
        )
      ) {
        throw new ApiError(ErrorCode.AccountAlreadyLinked, 'that is the account you logged into first', {
          field: 'username',
        });
      }
      await refuseIfJoined(this.store, request.directory, account.accountId, directory.carrierName);
      const devices = await carrier(directory.listDevices(account.accountId));
      setup.accounts.push({ linked: { ...account, via: 'credentials' }, devices });
      setup.step = 'configure';
      delete setup.consent;
      return view(setup);
    }
    return this.askConsent(setup, request.phoneNumber);
  }

  /** The setup as it stands; while consent is asked for, the holder's answer is looked up first. */
  async state(token: string): Promise<ProvisioningState> {
    const setup = await this.setup(token);
    if (setup.step !== 'awaiting-consent' || !setup.consent) return view(setup);
    await this.refreshConsent(setup);
    if (setup.step !== 'awaiting-consent') await this.saveSetup(token, setup);
    return view(setup);
  }

  /** Step 4: every phone and STB of the linked accounts (of another holder's account, only the line they approved). */
  async offer(token: string): Promise<DeviceOffer> {
    const setup = await this.setup(token, ['configure']);
    return {
      accounts: setup.accounts.map((a) => ({ ...linkedView(a.linked), devices: a.devices.map(offered) })),
    };
  }

  /** Step 5. */
  async create(token: string, request: CreateJointAccount): Promise<JointAccountSaved> {
    const setup = await this.setup(token, ['configure']);
    const devices = setup.accounts.flatMap((a) => a.devices);
    checkConfig(request.config, devices);
    await refuseDevicesJoined(this.store, devices);
    const passwordHash = await hashSecret(request.password);
    const id = newJointAccountId();
    // The session the page goes on with is opened first: once the account is committed nothing may fail, or the
    // person would have a joint account whose id they never saw (and a retry would find its devices taken).
    const sessionToken = await this.joint.open({ householdId: id });
    const registrations = await this.store.transaction(async () => {
      await this.store.accounts.create({
        id,
        name: request.name,
        passwordHash,
        billingCode: newBillingCode(),
        accounts: setup.accounts.map((a) => a.linked),
        devices,
      });
      return this.registerEverywhere(id, request.config);
    });
    // The setup is over; should closing it fail, it expires unused (its step refuses to make a second account).
    await this.setups
      .close(token)
      .catch((error: unknown) =>
        this.log.warn('provisioning: setup session not closed', { error: String(error) }),
      );
    this.log.info('provisioning: joint account created', { jointAccountId: id });
    return { account: await this.accountView(id), registrations, sessionToken };
  }

  /** Later: log into the joint account with its id and password, under the attempt limits. */
  async jointLogin(request: JointAccountLogin): Promise<{ sessionToken: string; account: JointAccountView }> {
    const account = await this.store.accounts.get(request.jointAccountId);
    const outcome = await this.logins.attempt(`joint:${request.jointAccountId}`, async () => {
      const ok = await verifySecret(request.password, account?.passwordHash ?? UNKNOWN_ACCOUNT_HASH);
      return ok && account?.passwordHash != null;
    });
    if (!outcome.ok) throw loginRefusal(outcome);
    return {
      sessionToken: await this.joint.open({ householdId: account!.id }),
      account: await this.accountView(account!.id),
    };
  }

  /** The joint account a session may see and change. */
  async account(token: string, jointAccountId: string): Promise<JointAccountView> {
    return this.accountView(await this.jointSession(token, jointAccountId));
  }

  /** A changed configuration (new content types, devices, rules, or a stopped relationship), registered again. */
  async update(token: string, jointAccountId: string, config: PolicyConfig): Promise<JointAccountSaved> {
    const id = await this.jointSession(token, jointAccountId);
    checkConfig(config, await this.store.devices.list(id));
    const registrations = await this.reconfigure(id, config);
    this.log.info('provisioning: configuration changed', { jointAccountId: id });
    return { account: await this.accountView(id), registrations, sessionToken: token };
  }

  /** Registers a household's changed rules with every router (also when a display they named is removed). */
  async reconfigure(householdId: string, config: PolicyConfig): Promise<RoutingRegistration[]> {
    return this.store.transaction(() => this.registerEverywhere(householdId, config));
  }

  private async registerEverywhere(
    householdId: string,
    config: PolicyConfig,
  ): Promise<RoutingRegistration[]> {
    const registrations: RoutingRegistration[] = [];
    for (const router of this.routers) registrations.push(await router.register(householdId, config));
    return registrations;
  }

  /** The joint account a setup-page session is logged into, if it is `jointAccountId`; else a 401 or 403. */
  householdOf(token: string, jointAccountId: string): Promise<string> {
    return this.jointSession(token, jointAccountId);
  }

  /** A page of the joint account's delivery log: one card per alert, its story in time order. */
  async deliveryLog(
    token: string,
    jointAccountId: string,
    query: DeliveryLogQuery,
  ): Promise<DeliveryLogView> {
    return deliveryLogPage(this.store, await this.jointSession(token, jointAccountId), query);
  }

  async logout(token: string): Promise<void> {
    await this.joint.close(token);
    await this.setups.close(token);
  }

  /** Consent requests waiting for the holder of this phone (their phone page lists them). */
  async pendingConsents(phone: Device): Promise<Consent[]> {
    if (phone.kind !== 'phone' || !phone.phoneNumber) return [];
    return carrier(this.directories.wireless.pendingConsents(phone.phoneNumber));
  }

  /** The holder answers on their phone; only the phone with that line may answer for it. */
  async decideConsent(phone: Device, consentId: string, approve: boolean): Promise<Consent> {
    const consent = await carrier(this.directories.wireless.getConsent(consentId));
    if (phone.phoneNumber !== consent.line) {
      throw new ApiError(ErrorCode.Forbidden, 'only the phone with this line can answer for it');
    }
    return carrier(this.directories.wireless.decideConsent(consentId, approve));
  }

  private async askConsent(setup: SetupState, line: string): Promise<ProvisioningState> {
    if (setup.accounts.some((a) => a.devices.some((d) => d.phoneNumber === line))) {
      throw new ApiError(ErrorCode.AccountAlreadyLinked, 'that line is on an account you already linked', {
        field: 'phoneNumber',
      });
    }
    setup.consent = await this.consents.ask(setup.accounts[0]!.linked.holderName, line);
    setup.step = 'awaiting-consent';
    return view(setup);
  }

  private async refreshConsent(setup: SetupState): Promise<void> {
    const answered = await this.consents.answer(setup.consent!);
    if (setup.consent!.state === 'pending') return;
    if (!answered) {
      // Refused or expired: back to step 3, with the answer shown.
      setup.step = 'second-account';
      return;
    }
    setup.accounts.push(answered);
    setup.step = 'configure';
  }

  private async setup(token: string, steps?: readonly ProvisioningStep[]): Promise<SetupState> {
    const setup = await this.setups.get(token);
    if (!setup) throw new ApiError(ErrorCode.AccountSessionInvalid, 'your setup has expired: log in again');
    if (steps && !steps.includes(setup.step)) {
      throw new ApiError(ErrorCode.ProvisioningOutOfOrder, `not now: ${PROMPTS[setup.step]}`, {
        step: setup.step,
      });
    }
    return setup;
  }

  /**
   * A step that changes the setup: read at `steps`, changed, written back. A step that fails writes nothing, so
   * the setup stays where it was (a wrong second password leaves the page at step 3).
   */
  private async changeSetup<R>(
    token: string,
    steps: readonly ProvisioningStep[],
    change: (setup: SetupState) => R | Promise<R>,
  ): Promise<R> {
    const setup = await this.setup(token, steps);
    const result = await change(setup);
    await this.saveSetup(token, setup);
    return result;
  }

  private async saveSetup(token: string, setup: SetupState): Promise<void> {
    if (!(await this.setups.save(token, setup))) {
      throw new ApiError(ErrorCode.AccountSessionInvalid, 'your setup has ended: log in again');
    }
  }

  private async jointSession(token: string, jointAccountId: string): Promise<string> {
    const session = await this.joint.get(token);
    if (!session)
      throw new ApiError(ErrorCode.AccountSessionInvalid, 'your session has expired: log in again');
    if (session.householdId !== jointAccountId.toLowerCase()) {
      throw new ApiError(ErrorCode.Forbidden, 'this session is for another joint account');
    }
    return session.householdId;
  }

  private async accountView(id: string): Promise<JointAccountView> {
    const account = (await this.store.accounts.get(id))!;
    return {
      jointAccountId: account.id,
      name: account.name,
      billingCode: account.billingCode ?? '',
      accounts: account.accounts.map(linkedView),
      devices: (await this.store.devices.list(id)).map(offered),
      config: (await this.store.policies.get(id)) ?? {
        timeZone: 'UTC',
        callerIdOnTv: false,
        relationships: [],
        privacy: {},
      },
    };
  }
}
