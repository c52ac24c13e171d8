import type { EventData } from '../../protocol/index.ts';
import type { Session } from '../store/session.ts';

/** A voicemail alert held for a quiet display until its programme ends. */
export interface DeferredAlert {
  deviceId: string;
  /** ms since the epoch. */
  until: number;
  programmeTitle: string;
  /** The `voicemail.new` data as that display may see it. */
  data: EventData<'voicemail.new'>;
}

/** Alerts held while a display is quiet for a programme. */
export interface HeldAlertRepository {
  hold(alert: DeferredAlert): Promise<void>;
  /** Removes and returns the held alerts that are due at `now` (all of one device's with `deviceId`), oldest first. */
  take(now: number, deviceId?: string): Promise<DeferredAlert[]>;
  /** When the next held alert is due, or null. */
  nextDueAt(): Promise<number | null>;
}

export function heldAlertRepository(session: Session): HeldAlertRepository {
  return {
    async hold(alert) {
      await session
        .query()
        .insertInto('deferred_alerts')
        .values({
          device_id: alert.deviceId,
          until: alert.until,
          programme_title: alert.programmeTitle,
          data: JSON.stringify(alert.data),
        })
        .execute();
    },
    async take(now, deviceId) {
      // One DELETE … RETURNING claims the rows: of two processes whose timers fire at once, PostgreSQL makes the
      // second wait on the rows' locks and then find them gone, so each held alert is delivered by one process.
      const claim = session.query().deleteFrom('deferred_alerts');
      const rows = await (
        deviceId === undefined ? claim.where('until', '<=', now) : claim.where('device_id', '=', deviceId)
      )
        .returningAll()
        .execute();
      return rows
        .sort((a, b) => Number(a.id) - Number(b.id))
        .map((r) => ({
          deviceId: r.device_id,
          until: Number(r.until),
          programmeTitle: r.programme_title,
          data: JSON.parse(r.data) as DeferredAlert['data'],
        }));
    },
    async nextDueAt() {
      const row = await session
        .query()
        .selectFrom('deferred_alerts')
        .select((eb) => eb.fn.min('until').as('next'))
        .executeTakeFirst();
      return row?.next == null ? null : Number(row.next);
    },
  };
}
