import { type ContentType, type DeliveryReport, type DeliveryReportsAccepted } from '../../protocol/index.ts';
import type { Device } from '../identity/device-repository.ts';
import type { OutboxEntry } from '../push/outbox-repository.ts';
import type { Database } from '../store/database.ts';
import type { DeliveryLogEntry } from './delivery-log-repository.ts';

/** The events whose arrival is part of the delivery log, and what each was about. */
const SUBJECTS: Record<
  string,
  { contentType: ContentType; subjects: (data: Record<string, unknown>) => string[] }
> = {
  'voicemail.new': { contentType: 'voicemail', subjects: (d) => [String(d['messageId'])] },
  'callerid.incoming': { contentType: 'callerid', subjects: (d) => [String(d['callId'])] },
  'voicemail.summary': {
    contentType: 'voicemail',
    subjects: (d) => (d['messages'] as { messageId: string }[]).map((m) => m.messageId),
  },
};

/**
 * The second half of the delivery log: after the policy engine's decision, what happened on the device. The push
 * gateway's acknowledgements say an alert reached it ("delivered"); the device says the rest (displayed,
 * dismissed, acted on, or not displayed and why). A device may only report on what it was sent.
 */
export class DeliveryOutcomes {
  private readonly store: Pick<Database, 'deliveryLog' | 'devices'>;
  private readonly now: () => Date;

  constructor(deps: { store: Pick<Database, 'deliveryLog' | 'devices'>; now?: () => Date }) {
    this.store = deps.store;
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * The gateway's acknowledgement of events that reached a device. A device acknowledges an event after handling it
   * (the alert is on screen by then), and an acknowledgement lost with a dropped socket comes only with the replay
   * after the device is back — so its report of what it showed may have come first, and said already that the
   * event reached it (see {@link report}): that is not logged twice, nor after what followed it.
   */
  async reached(deviceId: string, entries: readonly OutboxEntry[]): Promise<void> {
    const device = await this.store.devices.get(deviceId);
    if (!device) return;
    const at = this.now().toISOString();
    const lines: DeliveryLogEntry[] = [];
    for (const entry of entries) {
      const kind = SUBJECTS[entry.name];
      if (!kind) continue;
      for (const subject of kind.subjects(JSON.parse(entry.data) as Record<string, unknown>)) {
        if (await this.hasReached(device.householdId, subject, deviceId)) continue;
        lines.push({
          at,
          contentType: kind.contentType,
          subject,
          deviceId,
          outcome: 'delivered',
          detail: { event: entry.name },
        });
      }
    }
    if (lines.length > 0) await this.store.deliveryLog.append(device.householdId, lines);
  }

  /** What the device says happened. Reports on anything it was not sent are ignored (and counted). */
  async report(device: Device, reports: readonly DeliveryReport[]): Promise<DeliveryReportsAccepted> {
    const at = this.now().toISOString();
    const known: DeliveryReport[] = [];
    for (const r of reports) {
      if (await this.store.deliveryLog.wasSent(device.householdId, r.subject, device.id)) known.push(r);
    }
    const lines: DeliveryLogEntry[] = [];
    const reached = new Set<string>();
    for (const r of known) {
      // Whatever the device says of an event, the event reached it: said before what it did with it, when the
      // gateway's acknowledgement has not come yet (see {@link reached}).
      const key = `${r.contentType}:${r.subject}`;
      if (!reached.has(key) && !(await this.hasReached(device.householdId, r.subject, device.id))) {
        lines.push({
          at,
          contentType: r.contentType,
          subject: r.subject,
          deviceId: device.id,
          outcome: 'delivered',
          detail: { reportedBy: 'device' },
        });
      }
      reached.add(key);
      lines.push({
        at,
        contentType: r.contentType,
        subject: r.subject,
        deviceId: device.id,
        outcome: r.outcome,
        detail: {
          reportedBy: 'device',
          ...(r.action ? { action: r.action } : {}),
          ...(r.reason ? { reason: r.reason } : {}),
        },
      });
    }
    await this.store.deliveryLog.append(device.householdId, lines);
    return { recorded: known.length, ignored: reports.length - known.length };
  }

  private async hasReached(householdId: string, subject: string, deviceId: string): Promise<boolean> {
    return (await this.store.deliveryLog.outcomesOf(householdId, subject, deviceId)).includes('delivered');
  }
}
