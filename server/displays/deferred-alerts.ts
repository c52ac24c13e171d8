import type { EventData } from '../../protocol/index.ts';
import type { Logger } from '../log.ts';
import type { Publisher } from '../push/publisher.ts';
import type { DeferredAlert } from './held-alert-repository.ts';
import type { Database } from '../store/database.ts';

/** The most messages a summary carries itself (the frame stays small); a display told of more fetches its list. */
const SUMMARY_MESSAGES = 10;
/** setTimeout's longest delay; a later due time is simply re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/**
 * How often a process looks again at what is held. Another backend process may have held an alert (and died):
 * its due time is in the database, not in this process's timer, so each process re-reads the next due time.
 */
const RECHECK_MS = 15_000;

/**
 * Alerts held for a display that is quiet for a programme. They are kept in the database (a restart loses none)
 * and, when the programme ends, go to the display as one `voicemail.summary` ("While you watched The Evening News:
 * 2 voicemails from Jane and Simon"), each logged as delivered. With several backend processes, every process arms
 * a timer for the next due time and taking the due alerts claims them, so one process delivers each summary.
 */
export class DeferredAlerts {
  private readonly store: Pick<Database, 'deliveryLog' | 'devices' | 'heldAlerts' | 'transaction'>;
  private readonly gateway: Publisher;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly recheckMs: number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private recheck: ReturnType<typeof setInterval> | undefined;
  private stopped = false;

  constructor(deps: {
    store: Pick<Database, 'deliveryLog' | 'devices' | 'heldAlerts' | 'transaction'>;
    gateway: Publisher;
    log: Logger;
    now?: () => number;
    recheckMs?: number;
  }) {
    this.store = deps.store;
    this.gateway = deps.gateway;
    this.log = deps.log;
    this.now = deps.now ?? Date.now;
    this.recheckMs = deps.recheckMs ?? RECHECK_MS;
  }

  /** Arms the timer for what an earlier run left held. */
  start(): void {
    this.stopped = false;
    const arm = () =>
      this.arm().catch((error: unknown) => this.log.error('held alerts not armed', { error: String(error) }));
    void arm();
    clearInterval(this.recheck);
    this.recheck = setInterval(() => void arm(), this.recheckMs);
    this.recheck.unref();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.recheck);
  }

  async hold(alert: DeferredAlert): Promise<void> {
    await this.store.heldAlerts.hold(alert);
    await this.arm();
  }

  /** The viewer wants alerts again before the programme ends: what waited comes now. */
  async release(deviceId: string): Promise<number> {
    // Taken and announced in one transaction: a summary that fails to queue leaves the alerts held.
    return this.store.transaction(async () =>
      this.deliver(await this.store.heldAlerts.take(this.now(), deviceId)),
    );
  }

  /** Delivers everything due now; returns how many alerts. */
  async flush(): Promise<number> {
    const count = await this.store.transaction(async () =>
      this.deliver(await this.store.heldAlerts.take(this.now())),
    );
    await this.arm();
    return count;
  }

  private flushLogged(): Promise<void> {
    return this.flush().then(
      () => undefined,
      (error: unknown) => this.log.error('held alerts not delivered', { error: String(error) }),
    );
  }

  private async deliver(alerts: DeferredAlert[]): Promise<number> {
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
      await this.gateway.publish(
        deviceId,
        'voicemail.summary',
        `voicemail.summary:${deviceId}:${until}:${group[0]!.data.messageId}`,
        summary,
      );
      const device = await this.store.devices.get(deviceId);
      if (device) {
        const at = new Date(this.now()).toISOString();
        await this.store.deliveryLog.append(
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

  private async arm(): Promise<void> {
    const next = await this.store.heldAlerts.nextDueAt();
    // Cleared after the answer, so of two arms at once the later one's timer is the one left.
    clearTimeout(this.timer);
    if (this.stopped || next === null) return;
    this.timer = setTimeout(
      () => void this.flushLogged(),
      Math.min(Math.max(0, next - this.now()), MAX_TIMER_MS),
    );
    this.timer.unref?.();
  }
}
