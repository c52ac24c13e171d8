import {
  ErrorCode,
  formatPhoneNumber,
  type ConsentState,
  type DirectoryDevice,
} from '../../protocol/index.ts';
import type { AccountDirectory } from '../accounts/account-directory.ts';
import { carrier } from '../accounts/carrier-refusal.ts';
import type { LinkedCarrierAccount } from '../accounts/joint-account-repository.ts';
import { ApiError } from '../http/api-error.ts';
import type { Logger } from '../log.ts';
import type { Publisher } from '../push/publisher.ts';
import type { Database } from '../store/database.ts';

/** Another holder's consent as asked: while they have not answered, and after. */
export interface AskedConsent {
  id: string;
  line: string;
  holderName: string;
  state: ConsentState;
}

export interface LineConsentDeps {
  wireless: AccountDirectory;
  store: Pick<Database, 'accounts' | 'devices'>;
  /** To put the request on the holder's phone at once. */
  gateway: Publisher;
  log: Logger;
}

/**
 * Linking another holder's line by their consent, for the setup's step 3 and for a joint account that links one
 * more later: the carrier asks its subscriber, our app on their phone shows the request, and once they approve the
 * line (that line alone, not the rest of their account) can be linked.
 */
export class LineConsent {
  private readonly deps: LineConsentDeps;

  constructor(deps: LineConsentDeps) {
    this.deps = deps;
  }

  /** Asks the holder of `line` on behalf of `requester` ("Ana"); refused when the line is in a joint account. */
  async ask(requester: string, line: string): Promise<AskedConsent> {
    const { wireless, store, gateway, log } = this.deps;
    const holder = await carrier(wireless.findLine(line), 'phoneNumber');
    const known = await store.devices.findPhone(line);
    if (known && (await store.accounts.get(known.householdId))) {
      throw new ApiError(
        ErrorCode.AccountAlreadyLinked,
        `${formatPhoneNumber(line)} is in a joint account already`,
        { field: 'phoneNumber' },
      );
    }
    const purpose = `${requester} asks to show this line's voicemail, calls and texts on the TVs of a Couchline joint account.`;
    const consent = await carrier(wireless.askConsent(line, requester, purpose));
    // The carrier asks its subscriber; our app on their phone shows it at once (it lists pending ones on open too).
    if (known) {
      await gateway.publish(known.id, 'consent.requested', `consent.requested:${consent.id}`, {
        consentId: consent.id,
        requesterName: requester,
        purpose,
      });
    }
    log.info('provisioning: consent asked', { consentId: consent.id });
    return { id: consent.id, line, holderName: holder.holderName, state: 'pending' };
  }

  /**
   * The holder's answer so far (`asked.state` brought up to date); once approved, the account to link and the one
   * line of it they approved.
   */
  async answer(
    asked: AskedConsent,
  ): Promise<{ linked: LinkedCarrierAccount; devices: DirectoryDevice[] } | null> {
    const { wireless } = this.deps;
    asked.state = (await carrier(wireless.getConsent(asked.id))).state;
    if (asked.state !== 'approved') return null;
    const account = await carrier(wireless.findLine(asked.line));
    const devices = (await carrier(wireless.listDevices(account.accountId))).filter(
      (d) => d.phoneNumber === asked.line,
    );
    return { linked: { ...account, via: 'consent' }, devices };
  }
}
