import {
  ErrorCode,
  type AccountLinking,
  type AccountUnlinked,
  type DirectoryKind,
  type SecondAccount,
} from '../../protocol/index.ts';
import type { AccountDirectory } from '../accounts/account-directory.ts';
import { carrier } from '../accounts/carrier-refusal.ts';
import type { LinkedCarrierAccount } from '../accounts/joint-account-repository.ts';
import type { SharedState } from '../cluster/shared-state.ts';
import { ApiError } from '../http/api-error.ts';
import type { DeviceTokens } from '../identity/tokens.ts';
import type { Logger } from '../log.ts';
import type { Database } from '../store/database.ts';
import type { AskedConsent, LineConsent } from './line-consent.ts';
import { refuseDevicesJoined, refuseIfJoined } from './provisioning-checks.ts';
import type { ProvisioningService } from './provisioning-service.ts';
import { linkId, PROMPTS } from './provisioning-views.ts';

export interface AccountLinksDeps {
  store: Pick<Database, 'accounts' | 'devices' | 'policies' | 'transaction'>;
  directories: Record<DirectoryKind, AccountDirectory>;
  /** The joint-account sessions, the account as the page sees it, and registering changed rules everywhere. */
  provisioning: ProvisioningService;
  consents: LineConsent;
  tokens: DeviceTokens;
  log: Logger;
  /** Where the consent each joint account waits for is kept, so any API process answers the page's polling. */
  state: SharedState;
}

/** A consent asked for and never polled again is forgotten after a day (the carrier's own ask expires sooner). */
const ASKED_TTL_MS = 24 * 60 * 60_000;
const askedKey = (householdId: string) => `consent-asked:${householdId}`;

/**
 * A joint account's accounts after it was made: link one more (another account the person holds, by its
 * credentials, or another holder's line, by their consent on their phone — the same two ways as the setup's step
 * 3), or unlink one. Unlinking is made safe: the account's phones and TVs leave the joint account (their tokens
 * revoked, so they drop off the channel at once), and the rules that named them and its TVs' privacy are dropped and
 * registered again with every router, so nothing of the household goes to them any more.
 */
export class AccountLinks {
  private readonly deps: AccountLinksDeps;

  constructor(deps: AccountLinksDeps) {
    this.deps = deps;
  }

  async link(token: string, jointAccountId: string, request: SecondAccount): Promise<AccountLinking> {
    const { provisioning, store, directories } = this.deps;
    const id = await provisioning.householdOf(token, jointAccountId);
    const joint = (await store.accounts.get(id))!;
    if (request.via === 'consent') {
      const devices = await store.devices.list(id);
      if (devices.some((d) => d.phoneNumber === request.phoneNumber)) {
        throw new ApiError(ErrorCode.AccountAlreadyLinked, 'that line is in this joint account already', {
          field: 'phoneNumber',
        });
      }
      const asked = await this.deps.consents.ask(joint.accounts[0]!.holderName, request.phoneNumber);
      await this.deps.state.set(askedKey(id), asked, ASKED_TTL_MS);
      return this.linking(token, id, 'awaiting-consent', asked);
    }
    const directory = directories[request.directory];
    const account = await carrier(directory.login(request.username, request.password), 'password');
    if (joint.accounts.some((a) => linkId(a) === linkId(account))) {
      throw new ApiError(ErrorCode.AccountAlreadyLinked, 'that account is in this joint account already', {
        field: 'username',
      });
    }
    await refuseIfJoined(store, request.directory, account.accountId, directory.carrierName);
    await this.add(
      id,
      { ...account, via: 'credentials' },
      await carrier(directory.listDevices(account.accountId)),
    );
    return this.linking(token, id, 'linked');
  }

  /** Where linking another holder's line stands: their answer is looked up, and an approved line linked. */
  async linkState(token: string, jointAccountId: string): Promise<AccountLinking> {
    const id = await this.deps.provisioning.householdOf(token, jointAccountId);
    const asked = await this.deps.state.get<AskedConsent>(askedKey(id));
    if (!asked) throw new ApiError(ErrorCode.ConsentNotFound, 'no line is waiting to be linked');
    const answered = await this.deps.consents.answer(asked);
    if (asked.state === 'pending') return this.linking(token, id, 'awaiting-consent', asked);
    // Taken, not read: of two polls that both saw the answer (two tabs, two API processes), one links the line;
    // the other reports the same outcome.
    const mine = (await this.deps.state.take(askedKey(id))) !== undefined;
    if (!answered) return this.linking(token, id, asked.state === 'refused' ? 'refused' : 'expired', asked);
    if (mine) await this.add(id, answered.linked, answered.devices);
    return this.linking(token, id, 'linked', asked);
  }

  async unlink(token: string, jointAccountId: string, link: string): Promise<AccountUnlinked> {
    const { provisioning, store, directories, tokens, log } = this.deps;
    const id = await provisioning.householdOf(token, jointAccountId);
    const joint = (await store.accounts.get(id))!;
    const account = joint.accounts.find((a) => linkId(a) === link);
    if (!account) throw new ApiError(ErrorCode.NotFound, 'no such account in this joint account');
    if (joint.accounts.length === 1) {
      throw new ApiError(
        ErrorCode.LastLinkedAccount,
        'this is the joint account’s only account: link another before unlinking it',
      );
    }
    // Its devices as its carrier lists them, of those in the household (of another holder's account, their line).
    const carried = new Set(
      (await carrier(directories[account.directory].listDevices(account.accountId))).map((d) => d.id),
    );
    const leaving = (await store.devices.list(id)).filter((d) => carried.has(d.id));
    const gone = new Set(leaving.map((d) => d.id));
    const config = await store.policies.get(id);
    const kept = config?.relationships.filter(
      (r) => !gone.has(r.sourceDeviceId) && !gone.has(r.targetDeviceId),
    );
    const registrations = await store.transaction(async () => {
      await store.accounts.unlink(id, account, [...gone]);
      for (const deviceId of gone) await tokens.revoke(deviceId);
      if (!config) return [];
      return provisioning.reconfigure(id, {
        ...config,
        relationships: kept!,
        privacy: Object.fromEntries(Object.entries(config.privacy).filter(([d]) => !gone.has(d))),
      });
    });
    log.info('provisioning: account unlinked', { jointAccountId: id, devices: gone.size });
    return {
      account: await provisioning.account(token, id),
      registrations,
      devicesLeft: leaving.map((d) => d.name),
      rulesDropped: (config?.relationships.length ?? 0) - (kept?.length ?? 0),
    };
  }

  /** The account and its devices in; its rules unchanged (the new devices get content once a rule names them). */
  private async add(
    id: string,
    account: LinkedCarrierAccount,
    devices: Parameters<typeof refuseDevicesJoined>[1],
  ): Promise<void> {
    const { store, provisioning, log } = this.deps;
    await refuseDevicesJoined(store, devices);
    await store.accounts.link(id, account, devices);
    // Every router hears of the household's devices again (a new TV is told it receives nothing yet).
    const config = await store.policies.get(id);
    if (config) await provisioning.reconfigure(id, config);
    log.info('provisioning: account linked', { jointAccountId: id, via: account.via });
  }

  private async linking(
    token: string,
    id: string,
    status: AccountLinking['status'],
    asked?: AskedConsent,
  ): Promise<AccountLinking> {
    const who = asked?.holderName ?? '';
    const prompt = {
      linked: 'Linked. Its phones and TVs are below; add rules to send them content.',
      'awaiting-consent': PROMPTS['awaiting-consent'],
      refused: `${who} refused: nothing was linked.`,
      expired: `${who} did not answer: nothing was linked.`,
    }[status];
    return {
      status,
      ...(asked ? { consent: { holderName: asked.holderName, line: asked.line, state: asked.state } } : {}),
      prompt,
      account: await this.deps.provisioning.account(token, id),
    };
  }
}
