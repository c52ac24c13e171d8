import { type ContentType, type DeliveryReport, type DeliveryReportsAccepted } from '../../protocol/index.ts';
import type { Device } from '../identity/device-repository.ts';
import type { OutboxEntry } from '../push/outbox-repository.ts';
import type { Database } from '../store/database.ts';

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

  /** The gateway's acknowledgement of events that reached a device. */
  async reached(deviceId: string, entries: readonly OutboxEntry[]): Promise<void> {
    const device = await this.store.devices.get(deviceId);
    if (!device) return;
    const at = this.now().toISOString();
    const lines = entries.flatMap((entry) => {
      const kind = SUBJECTS[entry.name];
      if (!kind) return [];
      return kind.subjects(JSON.parse(entry.data) as Record<string, unknown>).map((subject) => ({
        at,
        contentType: kind.contentType,
        subject,
        deviceId,
        outcome: 'delivered',
        detail: { event: entry.name },
      }));
    });
    if (lines.length > 0) await this.store.deliveryLog.append(device.householdId, lines);
  }

  /** What the device says happened. Reports on anything it was not sent are ignored (and counted). */
  async report(device: Device, reports: readonly DeliveryReport[]): Promise<DeliveryReportsAccepted> {
    const at = this.now().toISOString();
    const known: DeliveryReport[] = [];
    for (const r of reports) {
      if (await this.store.deliveryLog.wasSent(device.householdId, r.subject, device.id)) known.push(r);
    }
    await this.store.deliveryLog.append(
      device.householdId,
      known.map((r) => ({
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
      })),
    );
    return { recorded: known.length, ignored: reports.length - known.length };
  }
}
