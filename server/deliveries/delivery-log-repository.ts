import type { ContentType } from '../../protocol/index.ts';
import type { Session } from '../store/session.ts';

/** One line of the delivery log: what the policy engine decided for one device, or what the device reported. */
export interface DeliveryLogEntry {
  at: string;
  contentType: ContentType;
  /** What it was about: a message id, a call id. */
  subject: string;
  deviceId: string;
  /** deliver, defer, suppress; later also what devices report (displayed, dismissed, …). */
  outcome: string;
  /** The rest, as the engine or the device said it: reasons, privacy level, relationship. */
  detail: Record<string, unknown>;
}

/** Each household's delivery log: every decision and every device's report, so the household can see why. */
export interface DeliveryLogRepository {
  append(householdId: string, entries: readonly DeliveryLogEntry[]): Promise<void>;
  /** Whether the policy engine sent (or held for) this device anything about `subject`. */
  wasSent(householdId: string, subject: string, deviceId: string): Promise<boolean>;
  /** Newest first. */
  list(householdId: string, limit: number): Promise<DeliveryLogEntry[]>;
}

export function deliveryLogRepository(session: Session): DeliveryLogRepository {
  return {
    async append(householdId, entries) {
      if (entries.length === 0) return;
      await session
        .query()
        .insertInto('delivery_log')
        .values(
          entries.map((e) => ({
            household_id: householdId,
            at: e.at,
            content_type: e.contentType,
            subject: e.subject,
            device_id: e.deviceId,
            outcome: e.outcome,
            detail: JSON.stringify(e.detail),
          })),
        )
        .execute();
    },
    async wasSent(householdId, subject, deviceId) {
      const row = await session
        .query()
        .selectFrom('delivery_log')
        .select('id')
        .where('household_id', '=', householdId)
        .where('subject', '=', subject)
        .where('device_id', '=', deviceId)
        .where('outcome', 'in', ['deliver', 'defer'])
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },
    async list(householdId, limit) {
      const rows = await session
        .query()
        .selectFrom('delivery_log')
        .selectAll()
        .where('household_id', '=', householdId)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        at: r.at,
        contentType: r.content_type as ContentType,
        subject: r.subject,
        deviceId: r.device_id,
        outcome: r.outcome,
        detail: JSON.parse(r.detail) as Record<string, unknown>,
      }));
    },
  };
}
