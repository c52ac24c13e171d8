import { BehaviorSubject } from 'rxjs';
import type { EventBus } from '../../core/event-bus.ts';
import type { AppEvents } from '../../core/events.ts';
import type { VoicemailAlert } from './voicemail-alert.ts';

/**
 * The alerts waiting to be shown: one on screen at a time, each for `displayMs` unless dismissed sooner.
 * The overlay reads `current$`; nothing else decides what is on screen.
 */
export class AlertQueue {
  readonly current$ = new BehaviorSubject<VoicemailAlert | null>(null);
  private readonly waiting: VoicemailAlert[] = [];
  private readonly displayMs: number;
  private readonly bus: EventBus<AppEvents>;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(displayMs: number, bus: EventBus<AppEvents>) {
    this.displayMs = displayMs;
    this.bus = bus;
  }

  push(alert: VoicemailAlert): void {
    if (this.current$.value) this.waiting.push(alert);
    else this.show(alert);
  }

  dismiss(reason: 'user' | 'timeout' | 'withdrawn' = 'user'): void {
    const alert = this.current$.value;
    if (!alert) return;
    clearTimeout(this.timer);
    this.bus.emit('voicemail:dismissed', { alert, reason });
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

  /** Takes every matching alert off screen and out of the queue (a mailbox this screen no longer follows). */
  withdrawWhere(matches: (alert: VoicemailAlert) => boolean): void {
    for (let i = this.waiting.length - 1; i >= 0; i--)
      if (matches(this.waiting[i]!)) this.waiting.splice(i, 1);
    const current = this.current$.value;
    if (current && matches(current)) this.dismiss('withdrawn');
  }

  dispose(): void {
    clearTimeout(this.timer);
  }

  private show(alert: VoicemailAlert | null): void {
    this.current$.next(alert);
    if (!alert) return;
    this.bus.emit('voicemail:shown', { alert });
    this.timer = setTimeout(() => this.dismiss('timeout'), this.displayMs);
  }
}
