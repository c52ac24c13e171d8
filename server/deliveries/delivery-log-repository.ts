import type { ContentType } from '../../protocol/index.ts';
import type { Insertable } from 'kysely';
import { preparedInsert, preparedQuery } from '../store/prepared-query.ts';
import type { Session } from '../store/session.ts';
import type { Tables } from '../store/tables.ts';

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
  /** What is logged of `subject` for one device: its outcomes, oldest first. */
  outcomesOf(householdId: string, subject: string, deviceId: string): Promise<string[]>;
  /**
   * A page of alerts (content type and subject), newest first by their latest line, with every line of each (of
   * `deviceId` alone when given), oldest first. `before` is a page's `next`: the alerts whose latest line is older.
   */
  alerts(householdId: string, page: AlertPageQuery): Promise<{ alerts: LoggedAlert[]; next: number | null }>;
}

export interface AlertPageQuery {
  deviceId?: string;
  contentType?: ContentType;
  before?: number;
  limit: number;
}

/** One alert's lines, in the order they were logged. */
export interface LoggedAlert {
  contentType: ContentType;
  subject: string;
  lines: DeliveryLogEntry[];
}

function toEntry(r: {
  at: string;
  content_type: string;
  subject: string;
  device_id: string;
  outcome: string;
  detail: string;
}): DeliveryLogEntry {
  return {
    at: r.at,
    contentType: r.content_type as ContentType,
    subject: r.subject,
    deviceId: r.device_id,
    outcome: r.outcome,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
  };
}

export function deliveryLogRepository(session: Session): DeliveryLogRepository {
  // Every alert logs its decisions and its arrival, and checks what was logged before: compiled once.
  const insert = preparedInsert(session, (db, rows: Insertable<Tables['delivery_log']>[]) =>
    db.insertInto('delivery_log').values(rows),
  );
  const sent = preparedQuery(session, (db, p: { householdId: string; subject: string; deviceId: string }) =>
    db
      .selectFrom('delivery_log')
      .select('id')
      .where('household_id', '=', p.householdId)
      .where('subject', '=', p.subject)
      .where('device_id', '=', p.deviceId)
      .where('outcome', 'in', ['deliver', 'defer'])
      .limit(1),
  );
  const outcomes = preparedQuery(
    session,
    (db, p: { householdId: string; subject: string; deviceId: string }) =>
      db
        .selectFrom('delivery_log')
        .select('outcome')
        .where('household_id', '=', p.householdId)
        .where('subject', '=', p.subject)
        .where('device_id', '=', p.deviceId)
        .orderBy('id'),
  );
  return {
    async append(householdId, entries) {
      await insert.insert(
        entries.map((e) => ({
          household_id: householdId,
          at: e.at,
          content_type: e.contentType,
          subject: e.subject,
          device_id: e.deviceId,
          outcome: e.outcome,
          detail: JSON.stringify(e.detail),
        })),
      );
    },
    async wasSent(householdId, subject, deviceId) {
      return (await sent.first({ householdId, subject, deviceId })) !== undefined;
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
      return rows.map(toEntry);
    },
    async outcomesOf(householdId, subject, deviceId) {
      return (await outcomes.rows({ householdId, subject, deviceId })).map((r) => r.outcome);
    },
    async alerts(householdId, page) {
      let latest = session
        .query()
        .selectFrom('delivery_log')
        .select(['content_type', 'subject', (eb) => eb.fn.max('id').as('last_id')])
        .where('household_id', '=', householdId);
      if (page.deviceId) latest = latest.where('device_id', '=', page.deviceId);
      if (page.contentType) latest = latest.where('content_type', '=', page.contentType);
      let grouped = latest.groupBy(['content_type', 'subject']);
      if (page.before !== undefined) grouped = grouped.having((eb) => eb.fn.max('id'), '<', page.before);
      // One more than asked: whether there is a next page.
      const found = await grouped
        .orderBy('last_id', 'desc')
        .limit(page.limit + 1)
        .execute();
      const shown = found.slice(0, page.limit);
      if (shown.length === 0) return { alerts: [], next: null };
      let lines = session
        .query()
        .selectFrom('delivery_log')
        .selectAll()
        .where('household_id', '=', householdId)
        .where(
          'subject',
          'in',
          shown.map((a) => a.subject),
        );
      if (page.deviceId) lines = lines.where('device_id', '=', page.deviceId);
      const rows = await lines.orderBy('id').execute();
      const alerts = shown.map((a): LoggedAlert => ({
        contentType: a.content_type as ContentType,
        subject: a.subject,
        lines: rows
          .filter((r) => r.subject === a.subject && r.content_type === a.content_type)
          .map((r) => ({
            at: r.at,
            contentType: r.content_type as ContentType,
            subject: r.subject,
            deviceId: r.device_id,
            outcome: r.outcome,
            detail: JSON.parse(r.detail) as Record<string, unknown>,
          })),
      }));
      return { alerts, next: found.length > page.limit ? Number(shown.at(-1)!.last_id) : null };
    },
  };
}
