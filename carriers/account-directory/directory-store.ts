import { DatabaseSync } from 'node:sqlite';
import type { ConsentState, DirectoryDevice, DirectoryKind } from '../../protocol/index.ts';
import type { FailureLog } from '../kit/attempt-guard.ts';
import { migrate } from '../kit/migrate.ts';

/**
 * A carrier's own account data, in its own database: accounts (user name, password hash, holder), the phone
 * lines or set-top boxes on each, wrong login tries, and consents asked of line holders. Our backend only sees
 * the directory's HTTP interface.
 */
export interface DirectoryAccountRow {
  id: string;
  username: string;
  passwordHash: string;
  holderName: string;
}

export interface ConsentRow {
  id: string;
  line: string;
  holderName: string;
  requesterName: string;
  purpose: string;
  state: ConsentState;
  createdAt: number;
  decidedAt: number | null;
}

const MIGRATIONS = [
  /* 1: accounts, their devices, wrong tries, consents */ `
  CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    holder_name TEXT NOT NULL
  );
  CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('phone', 'stb')),
    name TEXT NOT NULL,
    phone_number TEXT UNIQUE,
    room TEXT,
    owner_name TEXT NOT NULL
  );
  CREATE INDEX devices_account ON devices(account_id);
  CREATE TABLE login_failures (username TEXT NOT NULL COLLATE NOCASE, at INTEGER NOT NULL);
  CREATE INDEX login_failures_username ON login_failures(username, at);
  CREATE TABLE consents (
    id TEXT PRIMARY KEY,
    line TEXT NOT NULL,
    holder_name TEXT NOT NULL,
    requester_name TEXT NOT NULL,
    purpose TEXT NOT NULL,
    state TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    decided_at INTEGER
  );
  CREATE INDEX consents_line ON consents(line, state);
  `,
  /* 2: the id each box's platform knows it by (DUID, LGUDID, Firebolt device id), and the directory's own keys */ `
  ALTER TABLE devices ADD COLUMN platform_id TEXT;
  CREATE UNIQUE INDEX devices_platform_id ON devices(platform_id) WHERE platform_id IS NOT NULL;
  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  `,
];

/** A device as the carrier keeps it: a box may have the id its platform knows it by. */
export type CarrierDevice = DirectoryDevice & { platformId?: string | null };

type Row = Record<string, string | number | null>;

const toDevice = (r: Row): DirectoryDevice => ({
  id: String(r.id),
  kind: r.kind === 'stb' ? 'stb' : 'phone',
  name: String(r.name),
  phoneNumber: r.phone_number === null ? null : String(r.phone_number),
  room: r.room === null ? null : String(r.room),
  ownerName: String(r.owner_name),
});

const toConsent = (r: Row): ConsentRow => ({
  id: String(r.id),
  line: String(r.line),
  holderName: String(r.holder_name),
  requesterName: String(r.requester_name),
  purpose: String(r.purpose),
  state: String(r.state) as ConsentState,
  createdAt: Number(r.created_at),
  decidedAt: r.decided_at === null ? null : Number(r.decided_at),
});

export class DirectoryStore implements FailureLog {
  readonly kind: DirectoryKind;
  private readonly db: DatabaseSync;

  constructor(path: string, kind: DirectoryKind) {
    this.kind = kind;
    this.db = new DatabaseSync(path);
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 2000;');
    migrate(this.db, MIGRATIONS);
  }

  /** Adds an account with its devices, or does nothing if the user name exists. Returns whether it was added. */
  addAccount(account: DirectoryAccountRow, devices: readonly CarrierDevice[]): boolean {
    if (this.findAccount(account.username)) return false;
    this.db.exec('BEGIN');
    try {
      this.db
        .prepare('INSERT INTO accounts (id, username, password_hash, holder_name) VALUES (?, ?, ?, ?)')
        .run(account.id, account.username, account.passwordHash, account.holderName);
      for (const d of devices) this.addDevice(account.id, d);
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
    return true;
  }

  /** A device put on an existing account (a box the operator installs later). */
  addDevice(accountId: string, d: CarrierDevice): void {
    this.db
      .prepare(
        'INSERT INTO devices (id, account_id, kind, name, phone_number, room, owner_name, platform_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(d.id, accountId, d.kind, d.name, d.phoneNumber, d.room, d.ownerName, d.platformId ?? null);
  }

  /** The box a platform id belongs to, with its account. */
  findDeviceByPlatformId(platformId: string): (DirectoryDevice & { accountId: string }) | undefined {
    const r = this.db.prepare('SELECT * FROM devices WHERE platform_id = ?').get(platformId) as
      Row | undefined;
    return r && { ...toDevice(r), accountId: String(r.account_id) };
  }

  getSetting(key: string): string | undefined {
    const r = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as Row | undefined;
    return r ? String(r.value) : undefined;
  }

  setSetting(key: string, value: string): void {
    this.db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)').run(key, value);
  }

  setPasswordHash(username: string, passwordHash: string): void {
    this.db.prepare('UPDATE accounts SET password_hash = ? WHERE username = ?').run(passwordHash, username);
  }

  findAccount(username: string): DirectoryAccountRow | undefined {
    const r = this.db.prepare('SELECT * FROM accounts WHERE username = ?').get(username) as Row | undefined;
    return r && this.toAccount(r);
  }

  getAccount(id: string): DirectoryAccountRow | undefined {
    const r = this.db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as Row | undefined;
    return r && this.toAccount(r);
  }

  listDevices(accountId: string): DirectoryDevice[] {
    const rows = this.db
      .prepare('SELECT * FROM devices WHERE account_id = ? ORDER BY kind, name')
      .all(accountId);
    return (rows as Row[]).map(toDevice);
  }

  getDevice(id: string): (DirectoryDevice & { accountId: string }) | undefined {
    const r = this.db.prepare('SELECT * FROM devices WHERE id = ?').get(id) as Row | undefined;
    return r && { ...toDevice(r), accountId: String(r.account_id) };
  }

  /** The account a phone line is on. */
  findLine(line: string): { account: DirectoryAccountRow; device: DirectoryDevice } | undefined {
    const r = this.db.prepare('SELECT * FROM devices WHERE phone_number = ?').get(line) as Row | undefined;
    if (!r) return undefined;
    const account = this.getAccount(String(r.account_id));
    return account && { account, device: toDevice(r) };
  }

  recordFailure(username: string, at: number): void {
    this.db.prepare('INSERT INTO login_failures (username, at) VALUES (?, ?)').run(username, at);
  }

  failuresSince(username: string, since: number): number[] {
    const rows = this.db
      .prepare('SELECT at FROM login_failures WHERE username = ? AND at > ? ORDER BY at')
      .all(username, since);
    return (rows as Row[]).map((r) => Number(r.at));
  }

  clearFailures(username: string): void {
    this.db.prepare('DELETE FROM login_failures WHERE username = ?').run(username);
  }

  addConsent(consent: ConsentRow): void {
    this.db
      .prepare(
        `INSERT INTO consents (id, line, holder_name, requester_name, purpose, state, created_at, decided_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        consent.id,
        consent.line,
        consent.holderName,
        consent.requesterName,
        consent.purpose,
        consent.state,
        consent.createdAt,
        consent.decidedAt,
      );
  }

  getConsent(id: string): ConsentRow | undefined {
    const r = this.db.prepare('SELECT * FROM consents WHERE id = ?').get(id) as Row | undefined;
    return r && toConsent(r);
  }

  listConsents(line: string, state: ConsentState): ConsentRow[] {
    const rows = this.db
      .prepare('SELECT * FROM consents WHERE line = ? AND state = ? ORDER BY created_at')
      .all(line, state);
    return (rows as Row[]).map(toConsent);
  }

  /** Moves a pending consent to its answer; false if it was no longer pending. */
  decideConsent(id: string, state: Exclude<ConsentState, 'pending'>, at: number): boolean {
    const result = this.db
      .prepare("UPDATE consents SET state = ?, decided_at = ? WHERE id = ? AND state = 'pending'")
      .run(state, at, id);
    return Number(result.changes) === 1;
  }

  close(): void {
    this.db.close();
  }

  private toAccount(r: Row): DirectoryAccountRow {
    return {
      id: String(r.id),
      username: String(r.username),
      passwordHash: String(r.password_hash),
      holderName: String(r.holder_name),
    };
  }
}
