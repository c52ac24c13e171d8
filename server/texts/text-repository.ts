import type { Selectable } from 'kysely';
import type { TextStatus } from '../../protocol/index.ts';
import type { Session } from '../store/session.ts';
import type { Tables } from '../store/tables.ts';

/** A text a device asked a proxy to send as SMS. */
export interface StoredText {
  id: string;
  clientId: string;
  householdId: string;
  fromDevice: string;
  proxyDevice: string;
  recipient: string;
  payload: string;
  status: TextStatus;
  reason: string | null;
  createdAt: number;
  /** Until when it may wait for an offline proxy. */
  expiresAt: number;
}

/** Texts sent through a proxy phone, and where each is. */
export interface TextRepository {
  add(text: StoredText): Promise<void>;
  get(id: string): Promise<StoredText | undefined>;
  /** The text a device sent under its own id (a retry finds the first try). */
  find(fromDevice: string, clientId: string): Promise<StoredText | undefined>;
  /**
   * Moves the text to `status` only if it stands at one of `from` now, and returns it moved; undefined when it had
   * already moved on. One conditional UPDATE, so of two processes racing (a phone's report and another process's
   * deadline sweep) exactly one moves it.
   */
  moveStatus(
    id: string,
    status: TextStatus,
    reason: string | null,
    from: readonly TextStatus[],
  ): Promise<StoredText | undefined>;
  /** When each text `fromDevice` asked to send (refused ones aside) went in, since `since`, oldest first. */
  sentTimes(fromDevice: string, since: number): Promise<number[]>;
  /** Texts still waiting for their proxy after `now`'s deadline. */
  overdue(now: number): Promise<StoredText[]>;
}

const toText = (r: Selectable<Tables['texts']>): StoredText => ({
  id: r.id,
  clientId: r.client_id,
  householdId: r.household_id,
  fromDevice: r.from_device,
  proxyDevice: r.proxy_device,
  recipient: r.recipient,
  payload: r.payload,
  status: r.status as TextStatus,
  reason: r.reason,
  createdAt: Number(r.created_at),
  expiresAt: Number(r.expires_at),
});

export function textRepository(session: Session): TextRepository {
  const texts = () => session.query().selectFrom('texts').selectAll();
  return {
    async add(text) {
      await session
        .query()
        .insertInto('texts')
        .values({
          id: text.id,
          client_id: text.clientId,
          household_id: text.householdId,
          from_device: text.fromDevice,
          proxy_device: text.proxyDevice,
          recipient: text.recipient,
          payload: text.payload,
          status: text.status,
          reason: text.reason,
          created_at: text.createdAt,
          expires_at: text.expiresAt,
        })
        .execute();
    },
    async get(id) {
      const row = await texts().where('id', '=', id).executeTakeFirst();
      return row && toText(row);
    },
    async find(fromDevice, clientId) {
      const row = await texts()
        .where('from_device', '=', fromDevice)
        .where('client_id', '=', clientId)
        .executeTakeFirst();
      return row && toText(row);
    },
    async moveStatus(id, status, reason, from) {
      if (from.length === 0) return undefined;
      const row = await session
        .query()
        .updateTable('texts')
        .set({ status, reason })
        .where('id', '=', id)
        .where('status', 'in', [...from])
        .returningAll()
        .executeTakeFirst();
      return row && toText(row);
    },
    async sentTimes(fromDevice, since) {
      const rows = await session
        .query()
        .selectFrom('texts')
        .select('created_at')
        .where('from_device', '=', fromDevice)
        .where('created_at', '>', since)
        .where('status', '!=', 'unauthorized')
        .orderBy('created_at')
        .execute();
      return rows.map((r) => Number(r.created_at));
    },
    async overdue(now) {
      const rows = await texts()
        .where('status', '=', 'queued')
        .where('expires_at', '<=', now)
        .orderBy('created_at')
        .execute();
      return rows.map(toText);
    },
  };
}
