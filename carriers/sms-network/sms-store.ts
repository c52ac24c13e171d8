import { DatabaseSync } from 'node:sqlite';
import type { LineEvent } from '../../protocol/index.ts';
import { migrate } from '../kit/migrate.ts';

/**
 * The SMS network's own data, in its own database: the lines it serves (each with the hash of its SIM key), every
 * message with its status, each line's feed of what its handset should see (texts received, delivery reports),
 * and the faults a test asked for.
 */
export type SmsStatus = 'accepted' | 'delivered' | 'failed';

export interface SmsMessage {
  id: string;
  from: string;
  to: string;
  text: string;
  status: SmsStatus;
  reason: string | null;
  createdAt: number;
}

const MIGRATIONS = [
  /* 1: lines, messages, feeds, faults */ `
  CREATE TABLE lines (number TEXT PRIMARY KEY, holder TEXT NOT NULL, sim_key_hash TEXT NOT NULL UNIQUE);
  CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    from_number TEXT NOT NULL,
    to_number TEXT NOT NULL,
    text TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE feed (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    line TEXT NOT NULL REFERENCES lines(number),
    event TEXT NOT NULL
  );
  CREATE INDEX feed_line ON feed(line, seq);
  CREATE TABLE faults (number TEXT PRIMARY KEY, reason TEXT NOT NULL);
  `,
];

type Row = Record<string, string | number | null>;
/** `Omit` member by member, so each kind of event keeps its own fields. */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export class SmsStore {
  private readonly db: DatabaseSync;

  constructor(path: string) {
    this.db = new DatabaseSync(path);
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 2000;');
    migrate(this.db, MIGRATIONS);
  }

  /** Adds a line, or does nothing if it exists. Returns whether it was added. */
  addLine(number: string, holder: string, simKeyHash: string): boolean {
    const result = this.db
      .prepare('INSERT OR IGNORE INTO lines (number, holder, sim_key_hash) VALUES (?, ?, ?)')
      .run(number, holder, simKeyHash);
    return Number(result.changes) === 1;
  }

  hasLine(number: string): boolean {
    return this.db.prepare('SELECT 1 FROM lines WHERE number = ?').get(number) !== undefined;
  }

  lineBySimKeyHash(hash: string): string | undefined {
    const row = this.db.prepare('SELECT number FROM lines WHERE sim_key_hash = ?').get(hash) as
      Row | undefined;
    return row ? String(row.number) : undefined;
  }

  setSimKeyHash(number: string, hash: string): void {
    this.db.prepare('UPDATE lines SET sim_key_hash = ? WHERE number = ?').run(hash, number);
  }

  addMessage(message: SmsMessage): void {
    this.db
      .prepare(
        'INSERT INTO messages (id, from_number, to_number, text, status, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        message.id,
        message.from,
        message.to,
        message.text,
        message.status,
        message.reason,
        message.createdAt,
      );
  }

  getMessage(id: string): SmsMessage | undefined {
    const r = this.db.prepare('SELECT * FROM messages WHERE id = ?').get(id) as Row | undefined;
    if (!r) return undefined;
    return {
      id: String(r.id),
      from: String(r.from_number),
      to: String(r.to_number),
      text: String(r.text),
      status: String(r.status) as SmsStatus,
      reason: r.reason === null ? null : String(r.reason),
      createdAt: Number(r.created_at),
    };
  }

  setStatus(id: string, status: SmsStatus, reason: string | null): void {
    this.db.prepare('UPDATE messages SET status = ?, reason = ? WHERE id = ?').run(status, reason, id);
  }

  /** Appends to a line's feed; returns the event with its sequence number. */
  append(line: string, event: DistributiveOmit<LineEvent, 'seq'>): LineEvent {
    const result = this.db
      .prepare('INSERT INTO feed (line, event) VALUES (?, ?)')
      .run(line, JSON.stringify(event));
    return { ...event, seq: Number(result.lastInsertRowid) };
  }

  feed(line: string, afterSeq: number, limit = 100): LineEvent[] {
    const rows = this.db
      .prepare('SELECT seq, event FROM feed WHERE line = ? AND seq > ? ORDER BY seq LIMIT ?')
      .all(line, afterSeq, limit) as Row[];
    return rows.map((r) => ({ ...(JSON.parse(String(r.event)) as LineEvent), seq: Number(r.seq) }));
  }

  fault(number: string): string | undefined {
    const row = this.db.prepare('SELECT reason FROM faults WHERE number = ?').get(number) as Row | undefined;
    return row ? String(row.reason) : undefined;
  }

  setFault(number: string, reason: string | null): void {
    if (reason === null) this.db.prepare('DELETE FROM faults WHERE number = ?').run(number);
    else
      this.db
        .prepare(
          'INSERT INTO faults (number, reason) VALUES (?, ?) ON CONFLICT(number) DO UPDATE SET reason = excluded.reason',
        )
        .run(number, reason);
  }

  close(): void {
    this.db.close();
  }
}
