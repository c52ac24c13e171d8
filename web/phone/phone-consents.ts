import { BehaviorSubject } from 'rxjs';
import type { Consent, EventFrame } from '../../protocol/index.ts';
import type { ApiClient } from '../../client/net/api-client.ts';

/** The holder's last answer to a request to link their line. */
export interface ConsentAnswer {
  requesterName: string;
  approved: boolean;
}

/**
 * Requests to link this phone's line to someone's joint account ("Ana asks to show this line's voicemail… on
 * the TVs of a Couchline joint account"). The carrier asks; the holder answers here, and nothing is linked until
 * they approve. Listed when the page opens and pushed as they come.
 */
export class PhoneConsents {
  readonly pending$ = new BehaviorSubject<Consent[]>([]);
  /** The last answer given, for the page to confirm in words. */
  readonly answered$ = new BehaviorSubject<ConsentAnswer | null>(null);
  private readonly api: ApiClient;

  constructor(deps: { api: ApiClient }) {
    this.api = deps.api;
  }

  async load(): Promise<void> {
    this.pending$.next(await this.api.pendingConsents());
  }

  /** A `consent.requested` push: the list is fetched again, so it shows the carrier's own record of it. */
  async handle(event: EventFrame): Promise<void> {
    if (event.name === 'consent.requested') await this.load();
  }

  async answer(consentId: string, approve: boolean): Promise<void> {
    const consent = await this.api.decideConsent(consentId, approve);
    this.pending$.next(this.pending$.value.filter((c) => c.id !== consentId));
    this.answered$.next({ requesterName: consent.requesterName, approved: consent.state === 'approved' });
  }
}
