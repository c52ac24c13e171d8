import type { Insertable, Selectable } from 'kysely';
import { preparedInsert, preparedQuery } from '../store/prepared-query.ts';
import type { Session } from '../store/session.ts';
import type { Tables } from '../store/tables.ts';

export interface OutboxEntry {
  deviceId: string;
  seq: number;
  id: string;
  name: string;
  /** JSON text of the event's data, as validated when it was enqueued. */
  data: string;
  at: string;
  expiresAt: number;
}

export interface NewOutboxEvent {
  id: string;
  name: string;
  data: unknown;
  at: string;
  expiresAt: number;
}

/** Each device's durable queue of events, numbered per device, kept until the device acknowledges them. */
export interface OutboxRepository {
  /** Identifies this outbox: sequence numbers from another epoch mean nothing here. */
  readonly epoch: string;
  /**
   * Adds an event to a device's outbox with the next sequence number. Idempotent by `(deviceId, id)`:
   * enqueuing the same event id again returns the existing entry and `created: false`.
   */
  enqueue(deviceId: string, event: NewOutboxEvent): Promise<{ entry: OutboxEntry; created: boolean }>;
  /** Unacknowledged, unexpired events of one device after `afterSeq`, in sequence order. */
  pending(deviceId: string, afterSeq: number, now: number): Promise<OutboxEntry[]>;
  /** The highest sequence number ever assigned to the device (0 if none). */
  lastSeq(deviceId: string): Promise<number>;
  /**
   * {@link lastSeq} of many devices in one query (a gateway comparing all its sockets with the outbox): the
   * devices that exist, each with its number. At most {@link MAX_DEVICES_PER_QUERY} at a time.
   */
  lastSeqs(deviceIds: readonly string[]): Promise<Map<string, number>>;
  /** Acknowledges every event of the device up to and including `seq`. Returns how many were removed. */
  ack(deviceId: string, seq: number): Promise<number>;
  /** Drops events whose time to live has passed. Returns how many. */
  purgeExpired(now: number): Promise<number>;
  /**
   * Every device's unacknowledged events together, for operators (`/metrics`): how many rows, and when the oldest
   * was committed (null when there are none). One aggregate over the table, no rows leave the database.
   */
  backlog(): Promise<OutboxBacklog>;
}

export interface OutboxBacklog {
  depth: number;
  /** ISO time of the oldest unacknowledged event. */
  oldestAt: string | null;
}

/** Bound parameters per query stay far below both engines' limits (SQLite's 32,766, PostgreSQL's 65,535). */
export const MAX_DEVICES_PER_QUERY = 1000;

const toEntry = (r: Selectable<Tables['outbox']>): OutboxEntry => ({
  deviceId: r.device_id,
  seq: Number(r.seq),
  id: r.event_id,
  name: r.name,
  data: r.data,
  at: r.at,
  expiresAt: Number(r.expires_at),
});

export function outboxRepository(session: Session, epoch: string): OutboxRepository {
  // Every event runs these (queued, sent, acknowledged): compiled once.
  const nextSeq = preparedQuery(session, (db, p: { deviceId: string }) =>
    db
      .updateTable('devices')
      .set((eb) => ({ last_seq: eb('last_seq', '+', 1) }))
      .where('id', '=', p.deviceId)
      .returning('last_seq'),
  );
  const insert = preparedInsert(session, (db, rows: Insertable<Tables['outbox']>[]) =>
    db
      .insertInto('outbox')
      .values(rows)
      .onConflict((c) => c.columns(['device_id', 'event_id']).doNothing()),
  );
  // PostgreSQL only: the device's next number and the event under it, in one statement. The row comes back with the
  // number even when the event id was there already (`inserted` null): the WITH's update happened either way.
  const numberedInsert = preparedQuery(
    session,
    (
      db,
      p: { deviceId: string; event_id: string; name: string; data: string; at: string; expires_at: number },
    ) =>
      db
        .with('numbered', (w) =>
          w
            .updateTable('devices')
            .set((eb) => ({ last_seq: eb('last_seq', '+', 1) }))
            .where('id', '=', p.deviceId)
            .returning(['id', 'last_seq']),
        )
        .with('inserted', (w) =>
          w
            .insertInto('outbox')
            .columns(['device_id', 'seq', 'event_id', 'name', 'data', 'at', 'expires_at'])
            .expression((eb) =>
              eb
                .selectFrom('numbered')
                .select((s) => [
                  'numbered.id',
                  'numbered.last_seq',
                  s.val(p.event_id).as('event_id'),
                  s.val(p.name).as('name'),
                  s.val(p.data).as('data'),
                  s.val(p.at).as('at'),
                  s.cast<number>(s.val(p.expires_at), 'bigint').as('expires_at'),
                ]),
            )
            .onConflict((c) => c.columns(['device_id', 'event_id']).doNothing())
            .returning('seq'),
        )
        .selectFrom('numbered')
        .leftJoin('inserted', (j) => j.onTrue())
        .select(['numbered.last_seq', 'inserted.seq as inserted']),
  );
  const pending = preparedQuery(session, (db, p: { deviceId: string; afterSeq: number; now: number }) =>
    db
      .selectFrom('outbox')
      .selectAll()
      .where('device_id', '=', p.deviceId)
      .where('seq', '>', p.afterSeq)
      .where('expires_at', '>', p.now)
      .orderBy('seq'),
  );
  const lastSeq = preparedQuery(session, (db, p: { deviceId: string }) =>
    db.selectFrom('devices').select('last_seq').where('id', '=', p.deviceId),
  );
  const ack = preparedQuery(session, (db, p: { deviceId: string; seq: number }) =>
    db.deleteFrom('outbox').where('device_id', '=', p.deviceId).where('seq', '<=', p.seq),
  );
  return {
    epoch,
    enqueue(deviceId, event) {
      const data = JSON.stringify(event.data);
      const row = { event_id: event.id, name: event.name, data, at: event.at, expires_at: event.expiresAt };
      return session.transaction(async () => {
        // The device's row is the sequence: incrementing it takes the row's lock, so two producers never share a
        // number. On PostgreSQL the increment and the insert are one statement (a data-modifying WITH): one round
        // trip per recipient less on every alert's way. SQLite has no such WITH; there the two are free.
        let seq: number;
        let inserted: boolean;
        if (session.engine === 'postgres') {
          const numbered = await numberedInsert.first({ deviceId, ...row });
          if (!numbered) throw new Error(`no device ${deviceId} to queue an event for`);
          seq = Number(numbered.last_seq);
          inserted = numbered.inserted !== null;
        } else {
          const next = await nextSeq.first({ deviceId });
          if (!next) throw new Error(`no device ${deviceId} to queue an event for`);
          seq = Number(next.last_seq);
          inserted = (await insert.insert([{ device_id: deviceId, seq, ...row }])) === 1;
        }
        const entry: OutboxEntry = {
          deviceId,
          seq,
          id: event.id,
          name: event.name,
          data,
          at: event.at,
          expiresAt: event.expiresAt,
        };
        if (inserted) return { entry, created: true };
        // A repeated event id (a retried webhook): the number goes back, and the answer is the first entry.
        await session
          .query()
          .updateTable('devices')
          .set((eb) => ({ last_seq: eb('last_seq', '-', 1) }))
          .where('id', '=', deviceId)
          .execute();
        const existing = await session
          .query()
          .selectFrom('outbox')
          .selectAll()
          .where('device_id', '=', deviceId)
          .where('event_id', '=', event.id)
          .executeTakeFirstOrThrow();
        return { entry: toEntry(existing), created: false };
      });
    },
    async pending(deviceId, afterSeq, now) {
      return (await pending.rows({ deviceId, afterSeq, now })).map(toEntry);
    },
    async lastSeq(deviceId) {
      const row = await lastSeq.first({ deviceId });
      return row ? Number(row.last_seq) : 0;
    },
    async lastSeqs(deviceIds) {
      if (deviceIds.length > MAX_DEVICES_PER_QUERY)
        throw new RangeError(
          `lastSeqs takes at most ${MAX_DEVICES_PER_QUERY} devices, not ${deviceIds.length}`,
        );
      if (deviceIds.length === 0) return new Map();
      const rows = await session
        .query()
        .selectFrom('devices')
        .select(['id', 'last_seq'])
        .where('id', 'in', deviceIds)
        .execute();
      return new Map(rows.map((r) => [r.id, Number(r.last_seq)]));
    },
    ack(deviceId, seq) {
      return ack.affected({ deviceId, seq });
    },
    async purgeExpired(now) {
      const result = await session
        .query()
        .deleteFrom('outbox')
        .where('expires_at', '<=', now)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async backlog() {
      const row = await session
        .query()
        .selectFrom('outbox')
        .select((eb) => [eb.fn.countAll().as('depth'), eb.fn.min('at').as('oldest')])
        .executeTakeFirstOrThrow();
      return { depth: Number(row.depth), oldestAt: row.oldest ?? null };
    },
  };
}
