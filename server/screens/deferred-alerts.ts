import type { EventData } from '../../protocol/index.ts';
import type { Logger } from '../log.ts';
import type { Publisher } from '../push/publisher.ts';
import type { DeferredAlert, Store } from '../store/store.ts';

/** The most messages a summary carries itself (the frame stays small); a screen told of more fetches its list. */
const SUMMARY_MESSAGES = 10;
/** setTimeout's longest delay; a later due time is simply re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Alerts held for a screen that is quiet for a programme. They are kept in the database (a restart loses none)
 * and, when the programme ends, go to the screen as one `voicemail.summary` ("While you watched The Evening News:
 * 2 voicemails from Jane and Simon"), each logged as delivered.
 */
export class DeferredAlerts {
  private readonly store: Store;
  private readonly gateway: Publisher;
  private readonly log: Logger;
  private readonly now: () => number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(deps: { store: Store; gateway: Publisher; log: Logger; now?: () => number }) {
    this.store = deps.store;
    this.gateway = deps.gateway;
    this.log = deps.log;
    this.now = deps.now ?? Date.now;
  }

  /** Arms the timer for what an earlier run left held. */
  start(): void {
    this.stopped = false;
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  hold(alert: DeferredAlert): void {
    this.store.deferAlert(alert);
    this.arm();
  }

  /** The viewer wants alerts again before the programme ends: what waited comes now. */
  release(deviceId: string): number {
    return this.deliver(this.store.takeDeferredAlerts(this.now(), deviceId));
  }

  /** Delivers everything due now; returns how many alerts. */
  flush(): number {
    const count = this.deliver(this.store.takeDeferredAlerts(this.now()));
    this.arm();
    return count;
  }

  private deliver(alerts: DeferredAlert[]): number {
    const groups = new Map<string, DeferredAlert[]>();
    for (const alert of alerts) {
      const key = `${alert.deviceId}\u0000${alert.until}\u0000${alert.programmeTitle}`;
      groups.set(key, [...(groups.get(key) ?? []), alert]);
    }
    for (const group of groups.values()) {
      const { deviceId, until, programmeTitle } = group[0]!;
      const summary: EventData<'voicemail.summary'> = {
        programmeTitle,
        count: group.length,
        messages: group.slice(-SUMMARY_MESSAGES).map((a) => ({ ...a.data, transcript: null })),
      };
      this.gateway.publish(
        deviceId,
        'voicemail.summary',
        `voicemail.summary:${deviceId}:${until}:${group[0]!.data.messageId}`,
        summary,
      );
      const device = this.store.getDevice(deviceId);
      if (device) {
        const at = new Date(this.now()).toISOString();
        this.store.appendDeliveryLog(
          device.householdId,
          group.map((a) => ({
            at,
            contentType: 'voicemail',
            subject: a.data.messageId,
            deviceId,
            outcome: 'deliver',
            detail: { show: a.data.show ?? 'name-and-number', after: 'quiet-for-programme', programmeTitle },
          })),
        );
      }
      this.log.info('held alerts delivered as a summary', { deviceId, count: group.length });
    }
    return alerts.length;
  }

  private arm(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    const next = this.store.nextDeferredAt();
    if (next === null) return;
    this.timer = setTimeout(() => this.flush(), Math.min(Math.max(0, next - this.now()), MAX_TIMER_MS));
    this.timer.unref?.();
  }
}
