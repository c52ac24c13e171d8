import { randomUUID } from 'node:crypto';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { PolicyConfig, PrivacyLevel, TextStatus } from '../../protocol/index.ts';
import type {
  ContentType,
  DeferredAlert,
  DeliveryLogEntry,
  Device,
  DeviceEnrollment,
  DeviceOrigin,
  EnrollmentCodeRecord,
  Household,
  JointAccount,
  LinkedCarrierAccount,
  NewJointAccount,
  NewOutboxEvent,
  OutboxEntry,
  Store,
  StoredProfile,
  StoredText,
  StoredToken,
  VoicemailRecipient,
  VoicemailRecord,
} from './store.ts';
import { migrate } from './migrate.ts';
import { MIGRATIONS } from './migrations.ts';

/**
 * The embedded store: Node's built-in `node:sqlite` (no native build step, unlike better-sqlite3, which has
 * to compile from source here for ~100 s on every fresh install). WAL mode, so readers never block the writer.
 */
export function openSqliteStore(path: string): Store {
  const db = new DatabaseSync(path);
  db.exec(
    'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;',
  );
  migrate(db, MIGRATIONS);
  return new SqliteStore(db);
}

interface DeviceRow {
  id: string;
  household_id: string;
  kind: 'phone' | 'stb';
  name: string;
  phone_number: string | null;
  room: string | null;
  owner_name: string;
}

interface EnrollmentRow {
  platform: string | null;
  model: string | null;
  app_version: string | null;
  enrolled_at: number | null;
  last_seen_at: number | null;
  origin: DeviceOrigin;
  removed_at: number | null;
  held_at: number | null;
}

const optionalNumber = (n: number | bigint | null) => (n === null ? null : Number(n));

interface TokenTimes {
  token_created_at: number;
  token_last_seen_at: number | null;
  token_revoked_at: number | null;
}

interface CodeRow {
  device_code_hash: string;
  user_code: string;
  kind: 'phone' | 'stb';
  platform: string;
  model: string;
  app_version: string;
  created_at: number;
  expires_at: number;
  interval_sec: number;
  last_poll_at: number | null;
  state: EnrollmentCodeRecord['state'];
  device_id: string | null;
}

const toCode = (r: CodeRow): EnrollmentCodeRecord => ({
  deviceCodeHash: r.device_code_hash,
  userCode: r.user_code,
  kind: r.kind,
  platform: r.platform,
  model: r.model,
  appVersion: r.app_version,
  createdAt: Number(r.created_at),
  expiresAt: Number(r.expires_at),
  intervalSec: Number(r.interval_sec),
  lastPollAt: optionalNumber(r.last_poll_at),
  state: r.state,
  deviceId: r.device_id,
});

interface ProfileRow {
  device_id: string;
  profile_id: string;
  capabilities: string;
  authorized: string;
}

const toProfile = (r: ProfileRow): StoredProfile => ({
  deviceId: r.device_id,
  profileId: r.profile_id,
  capabilities: JSON.parse(r.capabilities) as StoredProfile['capabilities'],
  authorized: JSON.parse(r.authorized) as StoredProfile['authorized'],
});

interface TextRow {
  id: string;
  client_id: string;
  household_id: string;
  from_device: string;
  proxy_device: string;
  recipient: string;
  payload: string;
  status: TextStatus;
  reason: string | null;
  created_at: number;
  expires_at: number;
}

const toText = (r: TextRow): StoredText => ({
  id: r.id,
  clientId: r.client_id,
  householdId: r.household_id,
  fromDevice: r.from_device,
  proxyDevice: r.proxy_device,
  recipient: r.recipient,
  payload: r.payload,
  status: r.status,
  reason: r.reason,
  createdAt: Number(r.created_at),
  expiresAt: Number(r.expires_at),
});

interface OutboxRow {
  device_id: string;
  seq: number;
  event_id: string;
  name: string;
  data: string;
  at: string;
  expires_at: number;
}

const toDevice = (r: DeviceRow): Device => ({
  id: r.id,
  householdId: r.household_id,
  kind: r.kind,
  name: r.name,
  phoneNumber: r.phone_number,
  room: r.room,
  ownerName: r.owner_name,
});

const toEntry = (r: OutboxRow): OutboxEntry => ({
  deviceId: r.device_id,
  seq: r.seq,
  id: r.event_id,
  name: r.name,
  data: r.data,
  at: r.at,
  expiresAt: r.expires_at,
});

class SqliteStore implements Store {
  readonly epoch: string;
  private readonly db: DatabaseSync;
  private readonly statements = new Map<string, StatementSync>();
  private depth = 0;
  /** What waits for the outermost transaction to commit (dropped if it rolls back). */
  private readonly committed: (() => void)[] = [];

  constructor(db: DatabaseSync) {
    this.db = db;
    let epoch = this.getSetting('outbox.epoch');
    if (!epoch) {
      epoch = randomUUID();
      this.setSetting('outbox.epoch', epoch);
    }
    this.epoch = epoch;
  }

  /** Statements are prepared once and reused: the outbox path runs for every event. */
  private sql(text: string): StatementSync {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  createHousehold(input: { id?: string; name: string }): Household {
    const household = { id: input.id ?? `hh_${randomUUID()}`, name: input.name };
    this.sql('INSERT INTO households (id, name) VALUES (?, ?)').run(household.id, household.name);
    return household;
  }

  listHouseholds(): Household[] {
    return this.sql('SELECT id, name FROM households ORDER BY name').all() as unknown as Household[];
  }

  createUnjoinedDevice(device: Omit<Device, 'householdId'>): Device {
    return this.transaction(() => {
      const id = `own_${device.id}`;
      this.sql('INSERT INTO households (id, name, joint) VALUES (?, ?, 0)').run(id, device.name);
      return this.createDevice({ ...device, householdId: id });
    });
  }

  getJointAccount(id: string): JointAccount | undefined {
    const row = this.sql('SELECT * FROM households WHERE id = ? AND joint = 1').get(id) as
      { id: string; name: string; password_hash: string | null; billing_code: string | null } | undefined;
    if (!row) return undefined;
    const accounts = this.sql(
      'SELECT directory, account_id, holder_name, via FROM household_accounts WHERE household_id = ? ORDER BY rowid',
    ).all(id) as unknown as {
      directory: 'wireless' | 'cable';
      account_id: string;
      holder_name: string;
      via: 'credentials' | 'consent';
    }[];
    return {
      id: row.id,
      name: row.name,
      passwordHash: row.password_hash,
      billingCode: row.billing_code,
      accounts: accounts.map((a) => ({
        directory: a.directory,
        accountId: a.account_id,
        holderName: a.holder_name,
        via: a.via,
      })),
    };
  }

  findJointAccountOf(directory: 'wireless' | 'cable', accountId: string): string | undefined {
    const row = this.sql(
      'SELECT household_id FROM household_accounts WHERE directory = ? AND account_id = ?',
    ).get(directory, accountId) as { household_id: string } | undefined;
    return row?.household_id;
  }

  createJointAccount(input: NewJointAccount): JointAccount {
    return this.transaction(() => {
      this.sql(
        'INSERT INTO households (id, name, password_hash, billing_code, created_at, joint) VALUES (?, ?, ?, ?, ?, 1)',
      ).run(input.id, input.name, input.passwordHash, input.billingCode, Date.now());
      this.linkAccounts(input.id, input.accounts);
      for (const device of input.devices) {
        const existing = this.getDevice(device.id);
        if (!existing) {
          this.createDevice({ ...device, householdId: input.id });
          continue;
        }
        const joint = this.sql('SELECT joint FROM households WHERE id = ?').get(existing.householdId) as {
          joint: number;
        };
        if (joint.joint === 1)
          throw new Error(`device ${device.id} is in joint account ${existing.householdId}`);
        this.sql('UPDATE devices SET household_id = ? WHERE id = ?').run(input.id, device.id);
        this.sql('DELETE FROM households WHERE id = ? AND joint = 0').run(existing.householdId);
      }
      return this.getJointAccount(input.id)!;
    });
  }

  setJointAccountLogin(
    id: string,
    login: { passwordHash: string; billingCode: string; accounts: readonly LinkedCarrierAccount[] },
  ): void {
    this.transaction(() => {
      this.sql(
        'UPDATE households SET password_hash = ?, billing_code = ?, created_at = COALESCE(created_at, ?) WHERE id = ?',
      ).run(login.passwordHash, login.billingCode, Date.now(), id);
      this.sql('DELETE FROM household_accounts WHERE household_id = ?').run(id);
      this.linkAccounts(id, login.accounts);
    });
  }

  recordFailure(subject: string, at: number): void {
    this.sql('INSERT INTO login_failures (subject, at) VALUES (?, ?)').run(subject, at);
  }

  failuresSince(subject: string, since: number): number[] {
    const rows = this.sql('SELECT at FROM login_failures WHERE subject = ? AND at > ? ORDER BY at').all(
      subject,
      since,
    ) as unknown as { at: number }[];
    return rows.map((r) => Number(r.at));
  }

  clearFailures(subject: string): void {
    this.sql('DELETE FROM login_failures WHERE subject = ?').run(subject);
  }

  private linkAccounts(householdId: string, accounts: readonly LinkedCarrierAccount[]): void {
    for (const a of accounts) {
      this.sql(
        'INSERT INTO household_accounts (household_id, directory, account_id, holder_name, via) VALUES (?, ?, ?, ?, ?)',
      ).run(householdId, a.directory, a.accountId, a.holderName, a.via);
    }
  }

  createDevice(input: Omit<Device, 'id'> & { id?: string; origin?: DeviceOrigin }): Device {
    const { origin = 'carrier', ...rest } = input;
    const device: Device = { ...rest, id: input.id ?? `dev_${randomUUID()}` };
    this.sql(
      'INSERT INTO devices (id, household_id, kind, name, phone_number, room, owner_name, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(
      device.id,
      device.householdId,
      device.kind,
      device.name,
      device.phoneNumber,
      device.room,
      device.ownerName,
      origin,
    );
    return device;
  }

  getDevice(id: string): Device | undefined {
    const row = this.sql('SELECT * FROM devices WHERE id = ?').get(id) as DeviceRow | undefined;
    return row && toDevice(row);
  }

  listDevices(householdId: string, options: { includeRemoved?: boolean } = {}): Device[] {
    const rows = options.includeRemoved
      ? this.sql('SELECT * FROM devices WHERE household_id = ? ORDER BY kind, name').all(householdId)
      : this.sql(
          'SELECT * FROM devices WHERE household_id = ? AND removed_at IS NULL ORDER BY kind, name',
        ).all(householdId);
    return (rows as unknown as DeviceRow[]).map(toDevice);
  }

  getDeviceEnrollment(deviceId: string): DeviceEnrollment | undefined {
    const row = this.sql(
      'SELECT platform, model, app_version, enrolled_at, last_seen_at, origin, removed_at, held_at FROM devices WHERE id = ?',
    ).get(deviceId) as EnrollmentRow | undefined;
    return (
      row && {
        platform: row.platform,
        model: row.model,
        appVersion: row.app_version,
        enrolledAt: optionalNumber(row.enrolled_at),
        lastSeenAt: optionalNumber(row.last_seen_at),
        origin: row.origin,
        removedAt: optionalNumber(row.removed_at),
        heldAt: optionalNumber(row.held_at),
      }
    );
  }

  setDeviceEnrolled(
    deviceId: string,
    description: { platform: string; model: string; appVersion: string },
    at: number,
  ): void {
    this.sql(
      `UPDATE devices SET platform = ?, model = ?, app_version = ?, enrolled_at = ?, last_seen_at = ?,
       removed_at = NULL, held_at = NULL WHERE id = ?`,
    ).run(description.platform, description.model, description.appVersion, at, at, deviceId);
  }

  touchDevice(deviceId: string, at: number): void {
    this.sql('UPDATE devices SET last_seen_at = ? WHERE id = ?').run(at, deviceId);
  }

  renameDevice(deviceId: string, change: { name?: string; room?: string }): void {
    this.sql('UPDATE devices SET name = COALESCE(?, name), room = COALESCE(?, room) WHERE id = ?').run(
      change.name ?? null,
      change.room ?? null,
      deviceId,
    );
  }

  markDeviceRemoved(deviceId: string, at: number): void {
    this.sql('UPDATE devices SET removed_at = ? WHERE id = ?').run(at, deviceId);
  }

  findPhoneByNumber(phoneNumber: string): Device | undefined {
    const row = this.sql("SELECT * FROM devices WHERE kind = 'phone' AND phone_number = ?").get(
      phoneNumber,
    ) as DeviceRow | undefined;
    return row && toDevice(row);
  }

  addDeviceToken(deviceId: string, tokenHash: string, at = Date.now()): void {
    this.sql(
      'INSERT INTO device_tokens (token_hash, device_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)',
    ).run(tokenHash, deviceId, at, at);
  }

  findToken(tokenHash: string): StoredToken | undefined {
    const row = this.sql(
      `SELECT d.*, t.created_at AS token_created_at, t.last_seen_at AS token_last_seen_at,
       t.revoked_at AS token_revoked_at
       FROM device_tokens t JOIN devices d ON d.id = t.device_id
       WHERE t.token_hash = ?`,
    ).get(tokenHash) as (DeviceRow & TokenTimes) | undefined;
    if (!row) return undefined;
    const createdAt = Number(row.token_created_at);
    return {
      device: toDevice(row),
      createdAt,
      lastSeenAt: optionalNumber(row.token_last_seen_at) ?? createdAt,
      revokedAt: optionalNumber(row.token_revoked_at),
    };
  }

  touchToken(tokenHash: string, at: number): void {
    this.sql('UPDATE device_tokens SET last_seen_at = ? WHERE token_hash = ?').run(at, tokenHash);
  }

  deleteToken(tokenHash: string): void {
    this.sql('DELETE FROM device_tokens WHERE token_hash = ?').run(tokenHash);
  }

  revokeDeviceTokens(deviceId: string, at: number): number {
    return Number(
      this.sql('UPDATE device_tokens SET revoked_at = ? WHERE device_id = ? AND revoked_at IS NULL').run(
        at,
        deviceId,
      ).changes,
    );
  }

  purgeRevokedTokens(before: number): number {
    return Number(this.sql('DELETE FROM device_tokens WHERE revoked_at < ?').run(before).changes);
  }

  hasDeviceToken(deviceId: string, usedSince: number): boolean {
    const row = this.sql(
      'SELECT 1 FROM device_tokens WHERE device_id = ? AND revoked_at IS NULL AND last_seen_at > ? LIMIT 1',
    ).get(deviceId, usedSince);
    return row !== undefined;
  }

  deleteEnrollmentCodesFor(deviceId: string): number {
    return Number(this.sql('DELETE FROM enrollment_codes WHERE device_id = ?').run(deviceId).changes);
  }

  purgeFailures(before: number, subjectPrefix: string): number {
    const result = this.sql('DELETE FROM login_failures WHERE at < ? AND subject LIKE ?').run(
      before,
      `${subjectPrefix}%`,
    );
    return Number(result.changes);
  }

  setDeviceHeld(deviceId: string, at: number | null): void {
    this.sql('UPDATE devices SET held_at = ? WHERE id = ?').run(at, deviceId);
  }

  addEnrollmentCode(code: EnrollmentCodeRecord): void {
    this.sql(
      `INSERT INTO enrollment_codes (device_code_hash, user_code, kind, platform, model, app_version, created_at,
       expires_at, interval_sec, last_poll_at, state, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      code.deviceCodeHash,
      code.userCode,
      code.kind,
      code.platform,
      code.model,
      code.appVersion,
      code.createdAt,
      code.expiresAt,
      code.intervalSec,
      code.lastPollAt,
      code.state,
      code.deviceId,
    );
  }

  findEnrollmentCode(
    by: { deviceCodeHash: string } | { userCode: string },
  ): EnrollmentCodeRecord | undefined {
    const row = (
      'deviceCodeHash' in by
        ? this.sql('SELECT * FROM enrollment_codes WHERE device_code_hash = ?').get(by.deviceCodeHash)
        : this.sql('SELECT * FROM enrollment_codes WHERE user_code = ?').get(by.userCode)
    ) as CodeRow | undefined;
    return row && toCode(row);
  }

  updateEnrollmentCode(
    deviceCodeHash: string,
    change: Partial<Pick<EnrollmentCodeRecord, 'state' | 'deviceId' | 'lastPollAt' | 'intervalSec'>>,
  ): void {
    const code = this.findEnrollmentCode({ deviceCodeHash });
    if (!code) return;
    const next = { ...code, ...change };
    this.sql(
      'UPDATE enrollment_codes SET state = ?, device_id = ?, last_poll_at = ?, interval_sec = ? WHERE device_code_hash = ?',
    ).run(next.state, next.deviceId, next.lastPollAt, next.intervalSec, deviceCodeHash);
  }

  deleteEnrollmentCode(deviceCodeHash: string): void {
    this.sql('DELETE FROM enrollment_codes WHERE device_code_hash = ?').run(deviceCodeHash);
  }

  purgeEnrollmentCodes(now: number): number {
    return Number(this.sql('DELETE FROM enrollment_codes WHERE expires_at <= ?').run(now).changes);
  }

  claimOnce(id: string, expiresAt: number, now: number): boolean {
    return this.transaction(() => {
      this.sql('DELETE FROM used_assertions WHERE expires_at <= ?').run(now);
      const result = this.sql('INSERT OR IGNORE INTO used_assertions (id, expires_at) VALUES (?, ?)').run(
        id,
        expiresAt,
      );
      return Number(result.changes) === 1;
    });
  }

  addRelationship(input: { phoneId: string; stbId: string; contentType: ContentType }): void {
    this.sql('INSERT OR IGNORE INTO relationships (phone_id, stb_id, content_type) VALUES (?, ?, ?)').run(
      input.phoneId,
      input.stbId,
      input.contentType,
    );
  }

  listRelationshipTargets(phoneId: string, contentType: ContentType): Device[] {
    const rows = this.sql(
      `SELECT d.* FROM relationships r JOIN devices d ON d.id = r.stb_id
       WHERE r.phone_id = ? AND r.content_type = ? ORDER BY d.name`,
    ).all(phoneId, contentType);
    return (rows as unknown as DeviceRow[]).map(toDevice);
  }

  listRelationshipSources(stbId: string, contentType: ContentType): Device[] {
    const rows = this.sql(
      `SELECT d.* FROM relationships r JOIN devices d ON d.id = r.phone_id
       WHERE r.stb_id = ? AND r.content_type = ? ORDER BY d.name`,
    ).all(stbId, contentType);
    return (rows as unknown as DeviceRow[]).map(toDevice);
  }

  recordVoicemail(message: VoicemailRecord, recipients: readonly VoicemailRecipient[]): void {
    this.transaction(() => {
      this.sql(
        'INSERT OR IGNORE INTO voicemail_messages (message_id, mailbox, caller_name, received_at) VALUES (?, ?, ?, ?)',
      ).run(message.messageId, message.mailbox, message.callerName, message.receivedAt);
      const insert = this.sql(
        'INSERT OR IGNORE INTO voicemail_recipients (message_id, device_id, show) VALUES (?, ?, ?)',
      );
      for (const r of recipients) insert.run(message.messageId, r.deviceId, r.show);
    });
  }

  getVoicemail(messageId: string): VoicemailRecord | undefined {
    const row = this.sql('SELECT * FROM voicemail_messages WHERE message_id = ?').get(messageId) as
      { message_id: string; mailbox: string; caller_name: string; received_at: string } | undefined;
    return (
      row && {
        messageId: row.message_id,
        mailbox: row.mailbox,
        callerName: row.caller_name,
        receivedAt: row.received_at,
      }
    );
  }

  listVoicemailRecipients(messageId: string): VoicemailRecipient[] {
    const rows = this.sql(
      'SELECT device_id, show FROM voicemail_recipients WHERE message_id = ? ORDER BY device_id',
    ).all(messageId);
    return (rows as { device_id: string; show: PrivacyLevel }[]).map((r) => ({
      deviceId: r.device_id,
      show: r.show,
    }));
  }

  enqueue(deviceId: string, event: NewOutboxEvent): { entry: OutboxEntry; created: boolean } {
    return this.transaction(() => {
      const existing = this.sql('SELECT * FROM outbox WHERE device_id = ? AND event_id = ?').get(
        deviceId,
        event.id,
      ) as OutboxRow | undefined;
      if (existing) return { entry: toEntry(existing), created: false };
      const { last_seq: seq } = this.sql(
        'UPDATE devices SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq',
      ).get(deviceId) as { last_seq: number };
      const entry: OutboxEntry = {
        deviceId,
        seq,
        id: event.id,
        name: event.name,
        data: JSON.stringify(event.data),
        at: event.at,
        expiresAt: event.expiresAt,
      };
      this.sql(
        'INSERT INTO outbox (device_id, seq, event_id, name, data, at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ).run(deviceId, seq, entry.id, entry.name, entry.data, entry.at, entry.expiresAt);
      return { entry, created: true };
    });
  }

  pending(deviceId: string, afterSeq: number, now: number): OutboxEntry[] {
    const rows = this.sql(
      'SELECT * FROM outbox WHERE device_id = ? AND seq > ? AND expires_at > ? ORDER BY seq',
    ).all(deviceId, afterSeq, now);
    return (rows as unknown as OutboxRow[]).map(toEntry);
  }

  lastSeq(deviceId: string): number {
    const row = this.sql('SELECT last_seq FROM devices WHERE id = ?').get(deviceId) as
      { last_seq: number } | undefined;
    return row?.last_seq ?? 0;
  }

  ack(deviceId: string, seq: number): number {
    return Number(this.sql('DELETE FROM outbox WHERE device_id = ? AND seq <= ?').run(deviceId, seq).changes);
  }

  purgeExpired(now: number): number {
    return Number(this.sql('DELETE FROM outbox WHERE expires_at <= ?').run(now).changes);
  }

  getPolicy(householdId: string): PolicyConfig | undefined {
    const row = this.sql('SELECT config FROM household_policies WHERE household_id = ?').get(householdId) as
      { config: string } | undefined;
    return row ? (JSON.parse(row.config) as PolicyConfig) : undefined;
  }

  setPolicy(householdId: string, config: PolicyConfig): void {
    this.transaction(() => {
      this.sql(
        `INSERT INTO household_policies (household_id, config, updated_at) VALUES (?, ?, ?)
         ON CONFLICT(household_id) DO UPDATE SET config = excluded.config, updated_at = excluded.updated_at`,
      ).run(householdId, JSON.stringify(config), Date.now());
      this.sql(
        'DELETE FROM relationships WHERE phone_id IN (SELECT id FROM devices WHERE household_id = ?)',
      ).run(householdId);
      for (const r of config.relationships) {
        if (r.stopped) continue;
        for (const contentType of r.contentTypes) {
          this.addRelationship({ phoneId: r.sourceDeviceId, stbId: r.targetDeviceId, contentType });
        }
      }
    });
  }

  appendDeliveryLog(householdId: string, entries: readonly DeliveryLogEntry[]): void {
    this.transaction(() => {
      for (const e of entries) {
        this.sql(
          `INSERT INTO delivery_log (household_id, at, content_type, subject, device_id, outcome, detail)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        ).run(householdId, e.at, e.contentType, e.subject, e.deviceId, e.outcome, JSON.stringify(e.detail));
      }
    });
  }

  wasSent(householdId: string, subject: string, deviceId: string): boolean {
    return (
      this.sql(
        `SELECT 1 FROM delivery_log WHERE household_id = ? AND subject = ? AND device_id = ?
         AND outcome IN ('deliver', 'defer') LIMIT 1`,
      ).get(householdId, subject, deviceId) !== undefined
    );
  }

  listDeliveryLog(householdId: string, limit: number): DeliveryLogEntry[] {
    const rows = this.sql('SELECT * FROM delivery_log WHERE household_id = ? ORDER BY id DESC LIMIT ?').all(
      householdId,
      limit,
    ) as unknown as {
      at: string;
      content_type: ContentType;
      subject: string;
      device_id: string;
      outcome: string;
      detail: string;
    }[];
    return rows.map((r) => ({
      at: r.at,
      contentType: r.content_type,
      subject: r.subject,
      deviceId: r.device_id,
      outcome: r.outcome,
      detail: JSON.parse(r.detail) as Record<string, unknown>,
    }));
  }

  deferAlert(alert: DeferredAlert): void {
    this.sql('INSERT INTO deferred_alerts (device_id, until, programme_title, data) VALUES (?, ?, ?, ?)').run(
      alert.deviceId,
      alert.until,
      alert.programmeTitle,
      JSON.stringify(alert.data),
    );
  }

  takeDeferredAlerts(now: number, deviceId?: string): DeferredAlert[] {
    return this.transaction(() => {
      const where = deviceId === undefined ? 'until <= ?' : 'device_id = ?';
      const rows = this.sql(`SELECT * FROM deferred_alerts WHERE ${where} ORDER BY id`).all(
        deviceId ?? now,
      ) as unknown as {
        id: number;
        device_id: string;
        until: number;
        programme_title: string;
        data: string;
      }[];
      for (const row of rows) this.sql('DELETE FROM deferred_alerts WHERE id = ?').run(row.id);
      return rows.map((r) => ({
        deviceId: r.device_id,
        until: Number(r.until),
        programmeTitle: r.programme_title,
        data: JSON.parse(r.data) as DeferredAlert['data'],
      }));
    });
  }

  nextDeferredAt(): number | null {
    const row = this.sql('SELECT MIN(until) AS next FROM deferred_alerts').get() as { next: number | null };
    return row.next === null ? null : Number(row.next);
  }

  getProfile(deviceId: string): StoredProfile | undefined {
    const row = this.sql('SELECT * FROM device_profiles WHERE device_id = ?').get(deviceId) as
      ProfileRow | undefined;
    return row && toProfile(row);
  }

  findProfile(profileId: string): StoredProfile | undefined {
    const row = this.sql('SELECT * FROM device_profiles WHERE profile_id = ?').get(profileId) as
      ProfileRow | undefined;
    return row && toProfile(row);
  }

  setProfile(profile: StoredProfile): void {
    this.sql(
      `INSERT INTO device_profiles (device_id, profile_id, capabilities, authorized, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(device_id) DO UPDATE SET capabilities = excluded.capabilities, authorized = excluded.authorized,
         updated_at = excluded.updated_at`,
    ).run(
      profile.deviceId,
      profile.profileId,
      JSON.stringify(profile.capabilities),
      JSON.stringify(profile.authorized),
      Date.now(),
    );
  }

  addCapabilityRequest(requesterId: string, proxyId: string, at: number): void {
    this.sql(
      `INSERT INTO capability_requests (requester_id, proxy_id, created_at) VALUES (?, ?, ?)
       ON CONFLICT(requester_id, proxy_id) DO UPDATE SET created_at = excluded.created_at`,
    ).run(requesterId, proxyId, at);
  }

  listCapabilityRequests(proxyId: string): { requesterId: string; at: number }[] {
    const rows = this.sql(
      'SELECT requester_id, created_at FROM capability_requests WHERE proxy_id = ? ORDER BY created_at',
    ).all(proxyId) as unknown as { requester_id: string; created_at: number }[];
    return rows.map((r) => ({ requesterId: r.requester_id, at: Number(r.created_at) }));
  }

  clearCapabilityRequest(requesterId: string, proxyId: string): void {
    this.sql('DELETE FROM capability_requests WHERE requester_id = ? AND proxy_id = ?').run(
      requesterId,
      proxyId,
    );
  }

  addText(text: StoredText): void {
    this.sql(
      `INSERT INTO texts (id, client_id, household_id, from_device, proxy_device, recipient, payload, status, reason,
         created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      text.id,
      text.clientId,
      text.householdId,
      text.fromDevice,
      text.proxyDevice,
      text.recipient,
      text.payload,
      text.status,
      text.reason,
      text.createdAt,
      text.expiresAt,
    );
  }

  getText(id: string): StoredText | undefined {
    const row = this.sql('SELECT * FROM texts WHERE id = ?').get(id) as TextRow | undefined;
    return row && toText(row);
  }

  findText(fromDevice: string, clientId: string): StoredText | undefined {
    const row = this.sql('SELECT * FROM texts WHERE from_device = ? AND client_id = ?').get(
      fromDevice,
      clientId,
    ) as TextRow | undefined;
    return row && toText(row);
  }

  setTextStatus(id: string, status: TextStatus, reason: string | null): void {
    this.sql('UPDATE texts SET status = ?, reason = ? WHERE id = ?').run(status, reason, id);
  }

  listTextTimes(fromDevice: string, since: number): number[] {
    const rows = this.sql(
      "SELECT created_at FROM texts WHERE from_device = ? AND created_at > ? AND status != 'unauthorized' ORDER BY created_at",
    ).all(fromDevice, since) as { created_at: number }[];
    return rows.map((r) => r.created_at);
  }

  listOverdueTexts(now: number): StoredText[] {
    const rows = this.sql(
      "SELECT * FROM texts WHERE status = 'queued' AND expires_at <= ? ORDER BY created_at",
    ).all(now) as unknown as TextRow[];
    return rows.map(toText);
  }

  getSetting(key: string): string | undefined {
    const row = this.sql('SELECT value FROM settings WHERE key = ?').get(key) as
      { value: string } | undefined;
    return row?.value;
  }

  setSetting(key: string, value: string): void {
    this.sql(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    ).run(key, value);
  }

  /** Nested calls join the outer transaction. */
  transaction<T>(fn: () => T): T {
    if (this.depth > 0) return fn();
    this.db.exec('BEGIN IMMEDIATE');
    this.depth++;
    let committed = false;
    try {
      const result = fn();
      this.db.exec('COMMIT');
      committed = true;
      return result;
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    } finally {
      this.depth--;
      const after = this.committed.splice(0);
      if (committed) for (const task of after) task();
    }
  }

  afterCommit(task: () => void): void {
    if (this.depth > 0) this.committed.push(task);
    else task();
  }

  close(): void {
    this.statements.clear();
    this.db.close();
  }
}
