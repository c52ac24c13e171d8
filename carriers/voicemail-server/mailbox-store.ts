import { DatabaseSync } from 'node:sqlite';
import type { FailureLog } from '../kit/attempt-guard.ts';
import type { AudioFormat, Folder } from '../../protocol/index.ts';
import { migrate } from '../kit/migrate.ts';

/**
 * The carrier's own data, in its own database: mailboxes (with the PIN hash and recent wrong tries) and the
 * messages left in them, audio in its original format. Nothing of ours reads these tables; our backend only sees
 * the simulator's HTTP interface.
 */
export interface StoredMessage {
  id: string;
  mailbox: string;
  callerName: string;
  callerNumber: string;
  receivedAt: string;
  durationMs: number;
  format: AudioFormat;
  folder: Folder;
  transcript: string | null;
}

export interface Mailbox {
  number: string;
  ownerName: string;
  pinHash: string | null;
}

const MIGRATIONS = [
  /* 1: mailboxes and messages (IF NOT EXISTS adopts databases made before migrations were versioned) */ `
  CREATE TABLE IF NOT EXISTS mailboxes (number TEXT PRIMARY KEY, owner_name TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS messages (
    id TEXT PRIMARY KEY,
    mailbox TEXT NOT NULL REFERENCES mailboxes(number),
    caller_name TEXT NOT NULL,
    caller_number TEXT NOT NULL,
    received_at TEXT NOT NULL,
    duration_ms INTEGER NOT NULL,
    format TEXT NOT NULL,
    audio BLOB NOT NULL,
    transcript TEXT,
    folder TEXT NOT NULL DEFAULT 'new'
  );
  CREATE INDEX IF NOT EXISTS messages_mailbox ON messages(mailbox, received_at);
  `,
  /* 2: PINs and the wrong tries that limit guessing */ `
  ALTER TABLE mailboxes ADD COLUMN pin_hash TEXT;
  CREATE TABLE pin_failures (mailbox TEXT NOT NULL REFERENCES mailboxes(number), at INTEGER NOT NULL);
  CREATE INDEX pin_failures_mailbox ON pin_failures(mailbox, at);
  `,
];

type Row = Record<string, string | number | null>;

const toMessage = (r: Row): StoredMessage => ({
  id: String(r.id),
  mailbox: String(r.mailbox),
  callerName: String(r.caller_name),
  callerNumber: String(r.caller_number),
  receivedAt: String(r.received_at),
  durationMs: Number(r.duration_ms),
  format: r.format as AudioFormat,
  folder: r.folder as Folder,
  transcript: r.transcript === null ? null : String(r.transcript),
});

const MESSAGE_COLUMNS =
  'id, mailbox, caller_name, caller_number, received_at, duration_ms, format, folder, transcript';

export class MailboxStore implements FailureLog {
  private readonly db: DatabaseSync;

  constructor(path: string) {
    this.db = new DatabaseSync(path);
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
    migrate(this.db, MIGRATIONS);
  }

  ensureMailbox(number: string, ownerName: string): void {
    this.db
      .prepare('INSERT OR IGNORE INTO mailboxes (number, owner_name) VALUES (?, ?)')
      .run(number, ownerName);
  }

  getMailbox(number: string): Mailbox | undefined {
    const row = this.db
      .prepare('SELECT number, owner_name, pin_hash FROM mailboxes WHERE number = ?')
      .get(number) as Row | undefined;
    return (
      row && {
        number: String(row.number),
        ownerName: String(row.owner_name),
        pinHash: row.pin_hash as string | null,
      }
    );
  }

  hasMailbox(number: string): boolean {
    return this.getMailbox(number) !== undefined;
  }

  setPinHash(number: string, pinHash: string): void {
    this.db.prepare('UPDATE mailboxes SET pin_hash = ? WHERE number = ?').run(pinHash, number);
  }

  recordFailure(number: string, at: number): void {
    this.db.prepare('INSERT INTO pin_failures (mailbox, at) VALUES (?, ?)').run(number, at);
  }

  /** Times of wrong PINs since `since`, oldest first. */
  failuresSince(number: string, since: number): number[] {
    const rows = this.db
      .prepare('SELECT at FROM pin_failures WHERE mailbox = ? AND at > ? ORDER BY at')
      .all(number, since);
    return (rows as Row[]).map((r) => Number(r.at));
  }

  clearFailures(number: string): void {
    this.db.prepare('DELETE FROM pin_failures WHERE mailbox = ?').run(number);
  }

  addMessage(message: Omit<StoredMessage, 'folder'>, audio: Uint8Array): void {
    this.db
      .prepare(
        `INSERT INTO messages (id, mailbox, caller_name, caller_number, received_at, duration_ms, format, audio, transcript)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        message.id,
        message.mailbox,
        message.callerName,
        message.callerNumber,
        message.receivedAt,
        message.durationMs,
        message.format,
        audio,
        message.transcript,
      );
  }

  listMessages(mailbox: string, folders: readonly Folder[] = ['new', 'saved']): StoredMessage[] {
    const rows = this.db
      .prepare(
        `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE mailbox = ? AND folder IN (${folders.map(() => '?').join(', ')})
         ORDER BY received_at`,
      )
      .all(mailbox, ...folders);
    return (rows as Row[]).map(toMessage);
  }

  getMessage(mailbox: string, id: string): StoredMessage | undefined {
    const row = this.db
      .prepare(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE mailbox = ? AND id = ?`)
      .get(mailbox, id) as Row | undefined;
    return row && toMessage(row);
  }

  getAudio(mailbox: string, id: string): Uint8Array | undefined {
    const row = this.db
      .prepare('SELECT audio FROM messages WHERE mailbox = ? AND id = ?')
      .get(mailbox, id) as { audio: Uint8Array } | undefined;
    return row?.audio;
  }

  moveMessage(mailbox: string, id: string, folder: Folder): boolean {
    return (
      this.db.prepare('UPDATE messages SET folder = ? WHERE mailbox = ? AND id = ?').run(folder, mailbox, id)
        .changes > 0
    );
  }

  close(): void {
    this.db.close();
  }
}
