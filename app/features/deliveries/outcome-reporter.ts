import type { Observable, Subscription } from 'rxjs';
import type { DeliveryReport } from '../../../protocol/index.ts';
import type { EventBus } from '../../core/event-bus.ts';
import type { AppEvents } from '../../core/events.ts';
import type { Logger } from '../../../client/log.ts';
import type { ApiClient } from '../../../client/net/api-client.ts';
import type { IncomingCall } from '../callerid/incoming-call.ts';

/** Reports wait this long to go together. */
const BATCH_MS = 1000;
/** What the server takes in one request. */
const BATCH_MAX = 50;
/** Kept while the server cannot be reached; the oldest go first beyond this. */
const KEPT_MAX = 200;
const RETRY_MS = 15_000;

/**
 * Tells the backend what happened to each alert on this screen — shown, dismissed (by the viewer, by time, or
 * because it was dealt with elsewhere), acted on (and how), or not shown and why — so the household's delivery
 * log can answer "why didn't my TV show that?". Reports are batched, and kept for a while if the server is away.
 */
export class OutcomeReporter {
  private readonly api: ApiClient;
  private readonly log: Logger;
  private readonly queue: DeliveryReport[] = [];
  private readonly offs: (() => void)[] = [];
  private readonly subscriptions: Subscription[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private sending = false;
  /** The alert last acted on: its dismissal is part of the action, not a report of its own. */
  private actedOn: string | null = null;

  constructor(deps: { api: ApiClient; log: Logger }) {
    this.api = deps.api;
    this.log = deps.log;
  }

  watch(
    bus: EventBus<AppEvents>,
    calls$: Observable<IncomingCall | null>,
    summaries$: Observable<{ messageIds: string[] }>,
  ): void {
    const voicemail = (
      subject: string,
      outcome: DeliveryReport['outcome'],
      extra: Partial<DeliveryReport> = {},
    ) => this.record({ contentType: 'voicemail', subject, outcome, ...extra });
    this.offs.push(
      bus.on('voicemail:shown', ({ alert }) => voicemail(alert.messageId, 'displayed')),
      bus.on('voicemail:acted', ({ alert, action }) => {
        this.actedOn = alert.eventId;
        voicemail(alert.messageId, 'acted', { action });
      }),
      bus.on('voicemail:dismissed', ({ alert, reason }) => {
        if (reason === 'user' && this.actedOn === alert.eventId) return;
        voicemail(alert.messageId, 'dismissed', { reason });
      }),
      // A backlog's summary shows each of its messages, by name or by count.
      bus.on('voicemail:backlog-shown', ({ summary }) => {
        for (const alert of summary.alerts) voicemail(alert.messageId, 'displayed');
      }),
      bus.on('voicemail:not-shown', ({ messageId, reason }) =>
        voicemail(messageId, 'not-displayed', { reason }),
      ),
    );
    this.subscriptions.push(
      calls$.subscribe((call) => {
        if (call) this.record({ contentType: 'callerid', subject: call.callId, outcome: 'displayed' });
      }),
      summaries$.subscribe(({ messageIds }) => {
        for (const id of messageIds) voicemail(id, 'displayed');
      }),
    );
  }

  record(report: DeliveryReport): void {
    this.queue.push(report);
    if (this.queue.length > KEPT_MAX) this.queue.splice(0, this.queue.length - KEPT_MAX);
    this.schedule(BATCH_MS);
  }

  /** Sends what is waiting now (tests, and before the app closes). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.sending || this.queue.length === 0) return;
    this.sending = true;
    const batch = this.queue.slice(0, BATCH_MAX);
    try {
      await this.api.reportDeliveries(batch);
      this.queue.splice(0, batch.length);
    } catch (error) {
      this.log.warn(`delivery reports not sent yet: ${(error as Error).message}`);
      this.schedule(RETRY_MS);
      return;
    } finally {
      this.sending = false;
    }
    if (this.queue.length > 0) this.schedule(0);
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const off of this.offs.splice(0)) off();
    for (const s of this.subscriptions.splice(0)) s.unsubscribe();
  }

  private schedule(ms: number): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => void this.flush(), ms);
  }
}
