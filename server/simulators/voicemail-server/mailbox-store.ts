import { DatabaseSync } from 'node:sqlite';

/**
 * The carrier's own data, in its own database: mailboxes and the messages left in them, audio in its
 * original format. Nothing of ours reads these tables; our backend only sees the simulator's HTTP interface.
 */
export interface StoredMessage {
  id: string;
  mailbox: string;
  callerName: string;
  callerNumber: string;
  receivedAt: string;
  durationMs: number;
  format: string;
  folder: 'new' | 'saved' | 'deleted';
  transcript: string | null;
}

const SCHEMA = `
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
`;

export class MailboxStore {
  private readonly db: DatabaseSync;

  constructor(path: string) {
    this.db = new DatabaseSync(path);
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;');
    this.db.exec(SCHEMA);
  }

  ensureMailbox(number: string, ownerName: string): void {
    this.db
      .prepare('INSERT OR IGNORE INTO mailboxes (number, owner_name) VALUES (?, ?)')
      .run(number, ownerName);
  }

  hasMailbox(number: string): boolean {
    return this.db.prepare('SELECT 1 FROM mailboxes WHERE number = ?').get(number) !== undefined;
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

  listMessages(mailbox: string): StoredMessage[] {
    const rows = this.db
      .prepare(
        `SELECT id, mailbox, caller_name, caller_number, received_at, duration_ms, format, folder, transcript
         FROM messages WHERE mailbox = ? ORDER BY received_at`,
      )
      .all(mailbox) as Record<string, string | number | null>[];
    return rows.map((r) => ({
      id: String(r.id),
      mailbox: String(r.mailbox),
      callerName: String(r.caller_name),
      callerNumber: String(r.caller_number),
      receivedAt: String(r.received_at),
      durationMs: Number(r.duration_ms),
      format: String(r.format),
      folder: r.folder as StoredMessage['folder'],
      transcript: r.transcript === null ? null : String(r.transcript),
    }));
  }

  close(): void {
    this.db.close();
  }
}
