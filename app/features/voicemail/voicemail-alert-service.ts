import { Subject } from 'rxjs';
import { followedMailboxes, type EventFrame } from '../../../protocol/index.ts';
import { AppError, AppErrorCode } from '../../../client/errors.ts';
import type { EventBus } from '../../core/event-bus.ts';
import type { AppEvents } from '../../core/events.ts';
import type { ShownEvents } from '../../../client/storage/shown-events.ts';
import type { AlertQueue } from './alert-queue.ts';
import { BACKLOG_MIN, BacklogGatherer } from './backlog.ts';
import type { VoicemailAlert } from './voicemail-alert.ts';
import { summaryText } from './voicemail-alert.ts';

/**
 * Turns `voicemail.new` events into on-screen alerts, each at most once: an id already shown (a replay after
 * reconnect, or a second delivery) is acknowledged and dropped. Alerts that waited while the TV was away come
 * together on reconnect: {@link BACKLOG_MIN} or more of them go on screen as one summary that opens the inbox.
 */
export class VoicemailAlertService {
  private readonly shown: ShownEvents;
  private readonly queue: AlertQueue;
  private readonly bus: EventBus<AppEvents>;
  /** "While you watched …": one line per quiet programme that ended with alerts waiting. */
  readonly summaries$ = new Subject<{ text: string; messageIds: string[] }>();

  private readonly isVisible: () => boolean;
  private readonly backlog = new BacklogGatherer((batch) => this.release(batch));

  constructor(deps: {
    shown: ShownEvents;
    queue: AlertQueue;
    bus: EventBus<AppEvents>;
    /** Whether the app is on screen: an alert that comes while it is not is left to the inbox. */
    isVisible?: () => boolean;
  }) {
    this.shown = deps.shown;
    this.queue = deps.queue;
    this.bus = deps.bus;
    this.isVisible = deps.isVisible ?? (() => true);
  }

  /** `replayed`: the event waited in the outbox while the TV was away, and came on reconnect. */
  async handle(event: EventFrame, replayed = false): Promise<void> {
    if (event.name === 'voicemail.updated') {
      // Heard or deleted on another screen: this one stops offering it. "Later" leaves it as it is.
      if (event.data.state !== 'later') this.queue.withdraw(event.data.messageId);
      return;
    }
    if (event.name === 'routing.changed') {
      // The household stopped sending a phone's voicemail here: its waiting alerts go too.
      const followed = followedMailboxes(event.data);
      this.queue.withdrawWhere((alert) => !followed.has(alert.mailbox));
      return;
    }
    if (event.name === 'voicemail.summary') {
      if (await this.shown.markShown(event.id)) {
        this.summaries$.next({
          text: summaryText(event.data),
          messageIds: event.data.messages.map((m) => m.messageId),
        });
      }
      return;
    }
    if (event.name !== 'voicemail.new') return;
    const notShown = (reason: 'background' | 'already-shown') =>
      this.bus.emit('voicemail:not-shown', { eventId: event.id, messageId: event.data.messageId, reason });
    // In the background nothing can be drawn; the message is in the inbox when the viewer comes back.
    if (!this.isVisible()) return notShown('background');
    // Checked in memory and recorded in the same task, before it is drawn, without waiting on the database: the
    // write commits while the overlay draws (ShownEvents.claim). A failed write is reported; the alert stays.
    const { fresh, recorded } = await this.shown.claim(event.id);
    if (!fresh) return notShown('already-shown');
    recorded.catch((cause: unknown) =>
      this.bus.emit('app:error', {
        error: new AppError(AppErrorCode.StorageFailed, `could not record ${event.id} as shown`, { cause }),
      }),
    );
    const alert = { ...event.data, eventId: event.id };
    if (replayed) {
      this.backlog.add(alert);
      return;
    }
    // A live alert after a replay: what was gathered goes first, in order.
    this.backlog.flush();
    this.show(alert);
  }

  dispose(): void {
    this.backlog.dispose();
  }

  private show(alert: VoicemailAlert): void {
    this.queue.push(alert);
    this.bus.emit('voicemail:received', { alert });
  }

  private release(batch: VoicemailAlert[]): void {
    if (batch.length < BACKLOG_MIN) {
      for (const alert of batch) this.show(alert);
      return;
    }
    this.queue.push({ kind: 'backlog', alerts: batch });
  }
}
