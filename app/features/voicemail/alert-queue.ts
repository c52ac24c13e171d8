import { BehaviorSubject } from 'rxjs';
import type { EventBus } from '../../core/event-bus.ts';
import type { AppEvents } from '../../core/events.ts';
import type { BacklogSummary } from './backlog.ts';
import type { VoicemailAlert } from './voicemail-alert.ts';

type Queued = VoicemailAlert | BacklogSummary;
const isSummary = (item: Queued): item is BacklogSummary => 'kind' in item && item.kind === 'backlog';

/**
 * The alerts waiting to be shown: one on screen at a time — an alert (`current$`) or a backlog's summary
 * (`backlog$`) — each for `displayMs` unless dismissed sooner. The overlays read those two; nothing else decides
 * what is on screen.
 */
export class AlertQueue {
  readonly current$ = new BehaviorSubject<VoicemailAlert | null>(null);
  readonly backlog$ = new BehaviorSubject<BacklogSummary | null>(null);
  /** When the item on screen leaves by itself (epoch ms); null when nothing is on screen. */
  leavesAt: number | null = null;
  private readonly waiting: Queued[] = [];
  private readonly displayMs: number;
  private readonly bus: EventBus<AppEvents>;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(displayMs: number, bus: EventBus<AppEvents>) {
    this.displayMs = displayMs;
    this.bus = bus;
  }

  push(alert: Queued): void {
    if (this.onScreen) this.waiting.push(alert);
    else this.show(alert);
  }

  private get onScreen(): Queued | null {
    return this.current$.value ?? this.backlog$.value;
  }

  dismiss(reason: 'user' | 'timeout' | 'withdrawn' = 'user'): void {
    const item = this.onScreen;
    if (!item) return;
    clearTimeout(this.timer);
    if (!isSummary(item)) this.bus.emit('voicemail:dismissed', { alert: item, reason });
    this.show(this.waiting.shift() ?? null);
  }

  /** The viewer chose an action on the alert on screen (Dismiss is only a dismissal); it leaves the screen. */
  choose(action: 'listen' | 'later' | 'delete' | 'quiet' | 'reply' | 'dismiss'): void {
    const alert = this.current$.value;
    if (!alert) return;
    if (action !== 'dismiss') this.bus.emit('voicemail:acted', { alert, action });
    this.dismiss('user');
  }

  /** Takes a message's alert off screen and out of the queue: it was heard or deleted on another device. */
  withdraw(messageId: string): void {
    this.withdrawWhere((alert) => alert.messageId === messageId);
  }

  /**
   * Takes every matching alert off screen and out of the queue (a mailbox this screen no longer follows); a
   * summary loses them, and goes when it has none left.
   */
  withdrawWhere(matches: (alert: VoicemailAlert) => boolean): void {
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      const item = this.waiting[i]!;
      if (isSummary(item)) {
        item.alerts = item.alerts.filter((a) => !matches(a));
        if (item.alerts.length === 0) this.waiting.splice(i, 1);
      } else if (matches(item)) this.waiting.splice(i, 1);
    }
    const current = this.current$.value;
    if (current && matches(current)) this.dismiss('withdrawn');
    const summary = this.backlog$.value;
    if (summary && summary.alerts.some(matches)) {
      const left = summary.alerts.filter((a) => !matches(a));
      if (left.length === 0) this.dismiss('withdrawn');
      else this.backlog$.next({ ...summary, alerts: left });
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
  }

  private show(item: Queued | null): void {
    this.leavesAt = item ? Date.now() + this.displayMs : null;
    const summary = item && isSummary(item) ? item : null;
    const alert = item && !isSummary(item) ? item : null;
    // The one going first, then the one coming: never two on screen.
    if (!alert) this.current$.next(null);
    // A summary after a summary: the first one goes, so the next opens afresh.
    if (!summary || this.backlog$.value) this.backlog$.next(null);
    if (alert) this.current$.next(alert);
    if (summary) this.backlog$.next(summary);
    if (!item) return;
    if (alert) this.bus.emit('voicemail:shown', { alert });
    if (summary) this.bus.emit('voicemail:backlog-shown', { summary });
    this.timer = setTimeout(() => this.dismiss('timeout'), this.displayMs);
  }
}
