import { BehaviorSubject } from 'rxjs';
import {
  formatPhoneNumber,
  type Capability,
  type EventData,
  type EventFrame,
  type LineEvent,
  type SmsScope,
} from '../../protocol/index.ts';
import type { ApiClient } from '../../client/net/api-client.ts';
import { ApiRequestError } from '../../client/net/api-client.ts';
import { backoffDelay } from '../../client/net/backoff.ts';
import type { Logger } from '../../client/log.ts';
import { SmsNetworkError, type SmsNetwork } from './sms-network.ts';
import {
  addOnce,
  loadProxyState,
  outgoing,
  overLimit,
  proxyStateKey,
  withHandled,
  withSent,
  withText,
  type GrantedDevice,
  type PendingConfirmation,
  type PhoneText,
  type ProxyState,
  type SmsPermissionRequest,
} from './sms-proxy-state.ts';

/** What a phone can do, said in its presence command. */
const PHONE_CAPABILITIES: Capability[] = ['sms', 'voice', 'display', 'audio'];

/** How long one read of the line's feed waits for news (a long poll). */
const FEED_WAIT_MS = 25_000;

/**
 * The phone as SMS proxy for the household's TVs. It tells the identity service it can send SMS and whom it lets
 * use that (its master list), asks its holder when a new device wants to, and checks every request itself before
 * anything goes out: the device is on the list with "send", the recipient has written or called the household (else
 * the holder confirms on the phone), and the limits hold (10 an hour, 50 a day). Each request ends in a report —
 * sent, then delivered or failed from the network's delivery report; or failed / unauthorized with the reason.
 * Texts the line receives go to the backend, which fans them out to the devices the list and the rules allow.
 */
export class SmsProxy {
  readonly masterList$: BehaviorSubject<GrantedDevice[]>;
  readonly requests$ = new BehaviorSubject<SmsPermissionRequest[]>([]);
  readonly confirmations$: BehaviorSubject<PendingConfirmation[]>;
  readonly texts$: BehaviorSubject<PhoneText[]>;
  private readonly api: ApiClient;
  private readonly network: SmsNetwork | null;
  private readonly storage: Storage;
  private readonly key: string;
  private readonly knownCallers: () => Iterable<string>;
  private readonly log: Logger;
  private readonly now: () => number;
  private state: ProxyState;
  private feedAbort: AbortController | null = null;
  private stopped = false;

  constructor(deps: {
    api: ApiClient;
    /** Null when the phone has no SIM: it then refuses every request with that reason. */
    network: SmsNetwork | null;
    deviceId: string;
    /** Numbers that called (the voicemail inbox's callers). */
    knownCallers: () => Iterable<string>;
    log: Logger;
    storage?: Storage;
    now?: () => number;
  }) {
    this.api = deps.api;
    this.network = deps.network;
    this.storage = deps.storage ?? localStorage;
    this.key = proxyStateKey(deps.deviceId);
    this.knownCallers = deps.knownCallers;
    this.log = deps.log;
    this.now = deps.now ?? Date.now;
    this.state = loadProxyState(this.storage, this.key);
    this.masterList$ = new BehaviorSubject(this.state.authorized);
    this.confirmations$ = new BehaviorSubject(this.state.pending);
    this.texts$ = new BehaviorSubject(this.state.texts);
  }

  /** Says what this phone can do and whom it lets use it, reads the waiting requests, and starts the feed. */
  async start(): Promise<void> {
    if (this.network) this.readFeed();
    await this.announce();
    await this.loadRequests();
  }

  stop(): void {
    this.stopped = true;
    this.feedAbort?.abort();
    this.feedAbort = null;
  }

  async handle(event: EventFrame): Promise<void> {
    if (event.name === 'capability.requested') await this.loadRequests();
    if (event.name === 'sms.send-request') await this.onSendRequest(event.data);
    if (event.name === 'text.updated') this.onTextUpdated(event.data);
  }

  /** The holder's answer to a device's request: all of it, part of it, or none (an empty list). */
  async authorize(device: SmsPermissionRequest, scopes: SmsScope[]): Promise<void> {
    if (scopes.length === 0) {
      await this.api.declineSmsRequest(device.profileId);
    } else {
      const rest = this.state.authorized.filter((g) => g.profileId !== device.profileId);
      await this.setMasterList([...rest, { profileId: device.profileId, name: device.name, scopes }]);
    }
    this.requests$.next(this.requests$.value.filter((r) => r.profileId !== device.profileId));
  }

  /** Takes a device off the list: its next request is refused. */
  async revoke(profileId: string): Promise<void> {
    await this.setMasterList(this.state.authorized.filter((g) => g.profileId !== profileId));
  }

  /** The holder's answer about a recipient nobody in the household has heard from. */
  async confirm(textId: string, allow: boolean): Promise<void> {
    const request = this.state.pending.find((p) => p.textId === textId);
    if (!request) return;
    this.update((s) => ({ ...s, pending: s.pending.filter((p) => p.textId !== textId) }));
    this.confirmations$.next(this.state.pending);
    if (!allow) {
      await this.finish(
        request,
        'unauthorized',
        `the phone's holder did not allow texts to ${shown(request)}`,
      );
      return;
    }
    this.update((s) => ({ ...s, correspondents: addOnce(s.correspondents, request.recipient) }));
    await this.sendNow(request);
  }

  private async onSendRequest(request: EventData<'sms.send-request'>): Promise<void> {
    const done = this.state.handled[request.textId];
    if (done) {
      // A replay: what it became is known (or still waits for the holder); it is never sent twice.
      if (done.status !== 'confirming' && done.status !== 'waiting')
        await this.reportQuietly(request.textId, done);
      return;
    }
    const grant = this.state.authorized.find((g) => g.profileId === request.fromProfileId);
    if (!grant?.scopes.includes('send')) {
      await this.finish(
        request,
        'unauthorized',
        `${request.fromName} is not on this phone's list of devices that may text`,
      );
      return;
    }
    const over = overLimit(this.state, this.now());
    if (over) {
      await this.finish(request, 'failed', `this phone's limit of ${over} was reached`);
      return;
    }
    if (!this.knows(request.recipient)) {
      this.markHandled(request.textId, { status: 'confirming' });
      this.update((s) => ({ ...s, pending: [...s.pending, request] }));
      this.confirmations$.next(this.state.pending);
      this.addText(outgoing(request, 'waiting', 'waiting for your OK on this phone', this.now()));
      return;
    }
    await this.sendNow(request);
  }

  private async sendNow(request: PendingConfirmation): Promise<void> {
    if (!this.network) {
      await this.finish(request, 'failed', 'the phone has no SIM');
      return;
    }
    // Marked before it goes: if the page dies mid-send, a replay reports instead of sending again.
    this.markHandled(request.textId, { status: 'waiting' });
    let smsId: string;
    try {
      smsId = await this.network.send(request.recipient, request.payload);
    } catch (error) {
      const reason = error instanceof SmsNetworkError ? error.message : 'the SMS network failed';
      await this.finish(request, 'failed', reason);
      return;
    }
    this.update((s) => withSent(s, this.now()));
    await this.finish(request, 'sent', null, smsId);
  }

  /** Records what became of a request, shows it, and tells the backend (which tells the device that asked). */
  private async finish(
    request: PendingConfirmation,
    status: 'sent' | 'failed' | 'unauthorized',
    reason: string | null,
    smsId?: string,
  ): Promise<void> {
    this.markHandled(request.textId, { status, ...(smsId ? { smsId } : {}) });
    this.addText(outgoing(request, status, reason, this.now()));
    await this.reportQuietly(request.textId, { status, ...(reason ? { reason } : {}) });
  }

  private async reportQuietly(
    textId: string,
    report: { status: PhoneText['status'] | 'confirming'; reason?: string | null },
  ): Promise<void> {
    const status = report.status;
    if (status !== 'sent' && status !== 'delivered' && status !== 'failed' && status !== 'unauthorized')
      return;
    try {
      await this.api.reportText(textId, { status, ...(report.reason ? { reason: report.reason } : {}) });
    } catch (error) {
      // The backend will hear it when the request is replayed (it is not acknowledged until handled).
      if (!(error instanceof ApiRequestError && error.status === 404)) throw error;
    }
  }

  private onTextUpdated(data: EventData<'text.updated'>): void {
    const existing = this.state.texts.find((t) => t.id === data.textId);
    if (!existing) return;
    const status = data.status === 'queued' || data.status === 'sent-to-phone' ? 'waiting' : data.status;
    if (existing.status === status) return;
    this.addText({ ...existing, status, reason: data.reason });
  }

  /** Reads the line's feed for as long as the proxy runs: delivery reports and texts received. */
  private readFeed(): void {
    const abort = new AbortController();
    this.feedAbort = abort;
    const network = this.network!;
    void (async () => {
      let failures = 0;
      while (!abort.signal.aborted) {
        try {
          const events = await network.feed(this.state.feedAfter, FEED_WAIT_MS, abort.signal);
          // Stopped while the request was out: a newer page (or proxy) handles these.
          if (abort.signal.aborted) return;
          for (const event of events) {
            await this.onLineEvent(event);
            this.update((s) => ({ ...s, feedAfter: event.seq }));
          }
          failures = 0;
        } catch (error) {
          if (abort.signal.aborted) return;
          this.log.warn(`SMS feed: ${(error as Error).message}`);
          await new Promise((resolve) =>
            setTimeout(resolve, backoffDelay(failures++, Math.random, 500, 15_000)),
          );
        }
      }
    })();
  }

  private async onLineEvent(event: LineEvent): Promise<void> {
    if (event.type === 'sms.report') {
      const textId = Object.keys(this.state.handled).find(
        (id) => this.state.handled[id]!.smsId === event.messageId,
      );
      if (!textId) return;
      this.markHandled(textId, { status: event.status, smsId: event.messageId });
      const text = this.state.texts.find((t) => t.id === textId);
      if (text) this.addText({ ...text, status: event.status, reason: event.reason });
      await this.reportQuietly(textId, { status: event.status, reason: event.reason });
      return;
    }
    this.update((s) => ({ ...s, correspondents: addOnce(s.correspondents, event.from) }));
    this.addText({
      id: event.messageId,
      direction: 'in',
      number: event.from,
      text: event.text,
      via: null,
      status: 'received',
      reason: null,
      at: event.at,
    });
    await this.api.reportIncomingText({
      smsId: event.messageId,
      from: event.from,
      text: event.text,
      receivedAt: event.at,
    });
  }

  private async announce(): Promise<void> {
    await this.api.announcePresence({
      capabilities: PHONE_CAPABILITIES,
      authorized: this.state.authorized.map(({ profileId, scopes }) => ({ profileId, scopes })),
    });
  }

  private async loadRequests(): Promise<void> {
    const requests = await this.api.smsRequests();
    this.requests$.next(requests.map(({ profileId, name }) => ({ profileId, name })));
  }

  /** The list changes on the server first: if the backend refuses, the phone's list stays as it was. */
  private async setMasterList(list: GrantedDevice[]): Promise<void> {
    await this.api.announcePresence({
      capabilities: PHONE_CAPABILITIES,
      authorized: list.map(({ profileId, scopes }) => ({ profileId, scopes })),
    });
    this.update((s) => ({ ...s, authorized: list }));
    this.masterList$.next(list);
  }

  private knows(number: string): boolean {
    if (this.state.correspondents.includes(number)) return true;
    for (const caller of this.knownCallers()) if (caller === number) return true;
    return false;
  }

  private markHandled(textId: string, entry: ProxyState['handled'][string]): void {
    this.update((s) => withHandled(s, textId, entry));
  }

  private addText(text: PhoneText): void {
    this.update((s) => withText(s, text));
    this.texts$.next(this.state.texts);
  }

  private update(change: (state: ProxyState) => ProxyState): void {
    this.state = change(this.state);
    // A stopped proxy (its page closed or switched phones) must not write over what a newer one keeps.
    if (!this.stopped) this.storage.setItem(this.key, JSON.stringify(this.state));
  }
}

function shown(request: PendingConfirmation): string {
  return formatPhoneNumber(request.recipient);
}
