import {
  DELIVERY_LOG_PAGE_MAX,
  ErrorCode,
  type AccountLinking,
  type AccountUnlinked,
  type DeliveryLogQuery,
  type DeliveryLogView,
  type LinkedAccount,
  type RoutingRegistration,
  type SecondAccount,
} from '../protocol/index.ts';
import { jointAccountFixture, MOCK_WIRELESS_ACCOUNTS } from './fixtures.ts';
import { failure, type Failure } from './refusals.ts';

/** What a wrong password at a carrier's login is answered with, the first time (the backend counts the rest). */
const wrongPassword = (): Failure =>
  failure(401, ErrorCode.LoginFailed, 'wrong user name or password', { attemptsLeft: 4, field: 'password' });

/**
 * The mock joint account's accounts and delivery log, for the setup page's browser tests: linking one more (a
 * wireless account of the fixtures by its password; another holder's line waits for `consentAnswer`, which a test
 * sets), unlinking one (not the last), and a delivery log a test fills (`alerts`), answered a page at a time with
 * the filters applied. What a link or unlink does to devices and rules is the backend's, tested there
 * (server/provisioning/account-links.test.ts).
 */
export class MockAccountLinks {
  linked: LinkedAccount[] = [...jointAccountFixture([]).accounts];
  /** How the holder of a line asked for answers; a test moves it on. */
  consentAnswer: 'pending' | 'approved' | 'refused' = 'pending';
  /** The delivery log, newest alert first. */
  alerts: DeliveryLogView['alerts'] = [];
  /** The delivery log queries the page made, in order. */
  readonly logQueries: DeliveryLogQuery[] = [];
  private asked: { holderName: string; line: string } | null = null;

  link(request: SecondAccount): Omit<AccountLinking, 'account'> | Failure {
    if (request.via === 'consent') {
      const holder = MOCK_WIRELESS_ACCOUNTS.find((a) => request.phoneNumber in a.lines);
      if (!holder) {
        return failure(404, ErrorCode.LineNotFound, 'no account of this carrier has that line', {
          field: 'phoneNumber',
        });
      }
      this.asked = { holderName: capitalised(holder.username), line: request.phoneNumber };
      return this.waiting();
    }
    const account = MOCK_WIRELESS_ACCOUNTS.find((a) => a.username === request.username);
    if (request.directory !== 'wireless' || !account || account.password !== request.password) {
      return wrongPassword();
    }
    const id = `wireless:wacct-${account.username}`;
    if (this.linked.some((a) => a.id === id)) {
      return failure(409, ErrorCode.AccountAlreadyLinked, 'that account is in this joint account already', {
        field: 'username',
      });
    }
    this.linked.push({
      id,
      directory: 'wireless',
      holderName: capitalised(account.username),
      via: 'credentials',
    });
    return { status: 'linked', prompt: 'Linked.' };
  }

  linkState(): Omit<AccountLinking, 'account'> | Failure {
    const asked = this.asked;
    if (!asked) return failure(404, ErrorCode.ConsentNotFound, 'no line is waiting to be linked');
    if (this.consentAnswer === 'pending') return this.waiting();
    this.asked = null;
    const consent = { ...asked, state: this.consentAnswer };
    if (this.consentAnswer === 'refused') {
      return { status: 'refused', consent, prompt: `${asked.holderName} refused: nothing was linked.` };
    }
    this.linked.push({
      id: `wireless:wacct-${asked.holderName.toLowerCase()}`,
      directory: 'wireless',
      holderName: asked.holderName,
      via: 'consent',
    });
    return { status: 'linked', consent, prompt: 'Linked.' };
  }

  unlink(id: string): Omit<AccountUnlinked, 'account'> | Failure {
    if (!this.linked.some((a) => a.id === id)) {
      return failure(404, ErrorCode.NotFound, 'no such account in this joint account');
    }
    if (this.linked.length === 1) {
      return failure(409, ErrorCode.LastLinkedAccount, 'this is the joint account’s only account');
    }
    this.linked = this.linked.filter((a) => a.id !== id);
    return { registrations: this.registrations(), devicesLeft: [], rulesDropped: 0 };
  }

  /** A page of {@link alerts}, filtered as asked; `before` is the index of the first alert of the next page. */
  logPage(query: DeliveryLogQuery): DeliveryLogView {
    this.logQueries.push(query);
    const matching = this.alerts
      .filter((a) => !query.kind || a.contentType === query.kind)
      .map((a) => (query.device ? { ...a, steps: a.steps.filter((s) => s.deviceId === query.device) } : a))
      .filter((a) => a.steps.length > 0);
    const from = query.before ?? 0;
    const limit = Math.min(query.limit ?? 20, DELIVERY_LOG_PAGE_MAX);
    const page = matching.slice(from, from + limit);
    return { alerts: page, next: from + limit < matching.length ? String(from + limit) : null };
  }

  /** Both routers confirming, as the backend answers every change to a joint account. */
  registrations(): RoutingRegistration[] {
    const confirmedAt = new Date().toISOString();
    return [
      { service: 'voicemail-proxy', confirmedAt, summary: 'routes registered again' },
      { service: 'push-gateway', confirmedAt, summary: 'screens told again' },
    ];
  }

  private waiting(): Omit<AccountLinking, 'account'> {
    return {
      status: 'awaiting-consent',
      consent: { ...this.asked!, state: 'pending' },
      prompt: 'Waiting for the line’s holder to approve on their phone.',
    };
  }
}

function capitalised(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
