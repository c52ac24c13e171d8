import { randomUUID } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import { Kysely } from 'kysely';
import { jointAccountRepository, type JointAccountRepository } from '../accounts/joint-account-repository.ts';
import { deliveryLogRepository, type DeliveryLogRepository } from '../deliveries/delivery-log-repository.ts';
import {
  enrollmentCodeRepository,
  type EnrollmentCodeRepository,
} from '../enrollment/enrollment-code-repository.ts';
import { rateLimitRepository, type RateLimitRepository } from '../identity/rate-limit-repository.ts';
import { deviceRepository, type DeviceRepository } from '../identity/device-repository.ts';
import { profileRepository, type ProfileRepository } from '../identity/profile-repository.ts';
import { tokenRepository, type TokenRepository } from '../identity/token-repository.ts';
import { policyRepository, type PolicyRepository } from '../policy/policy-repository.ts';
import { outboxRepository, type OutboxRepository } from '../push/outbox-repository.ts';
import { heldAlertRepository, type HeldAlertRepository } from '../displays/held-alert-repository.ts';
import { textRepository, type TextRepository } from '../texts/text-repository.ts';
import { voicemailRepository, type VoicemailRepository } from '../voicemail/voicemail-repository.ts';
import { webhookIdRepository, type WebhookIdRepository } from '../voicemail/webhook-id-repository.ts';
import type { Logger } from '../log.ts';
import type { DatabaseLocation } from './database-location.ts';
import { migrate } from './migrate.ts';
import { MIGRATIONS } from './migrations.ts';
import { nodeSqliteDialect } from './node-sqlite-dialect.ts';
import { openPostgresQueries } from './postgres-database.ts';
import { createSession, type Session } from './session.ts';
import { settingsRepository, type SettingsRepository } from './settings-repository.ts';
import { WalCheckpointer } from './wal-checkpointer.ts';
import type { Tables } from './tables.ts';

/**
 * Everything the backend keeps, one repository per domain, each behind an async interface over one query layer
 * (Kysely), so the same code runs on the embedded SQLite and, past one machine, on PostgreSQL (DESIGN.md §7).
 * A service takes the repositories it uses: `Pick<Database, 'devices' | 'tokens' | 'transaction'>`.
 */
export interface Database {
  readonly accounts: JointAccountRepository;
  readonly devices: DeviceRepository;
  readonly tokens: TokenRepository;
  /** The attempt limits' counters (identity/attempt-limits.ts). */
  readonly rateLimits: RateLimitRepository;
  readonly enrollmentCodes: EnrollmentCodeRepository;
  readonly profiles: ProfileRepository;
  readonly outbox: OutboxRepository;
  readonly policies: PolicyRepository;
  readonly deliveryLog: DeliveryLogRepository;
  readonly voicemail: VoicemailRepository;
  readonly webhookIds: WebhookIdRepository;
  readonly heldAlerts: HeldAlertRepository;
  readonly texts: TextRepository;
  readonly settings: SettingsRepository;
  /**
   * Runs `work` in one transaction: every repository call made while it runs (in its async context) is part of
   * it; a call inside one already joins it. Commits when `work` resolves, rolls back when it throws.
   */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Runs `task` once the current transaction commits (at once outside one); never if it rolls back. For effects
   * outside the database, such as closing a revoked device's socket.
   */
  afterCommit(task: () => void): void;
  close(): Promise<void>;
}

/**
 * The database a location names (`databaseLocation()`: the configuration's choice), migrated to the current
 * schema. The one place that picks the engine: every repository runs the same queries on either.
 */
export async function openDatabase(location: DatabaseLocation, log: Logger): Promise<Database> {
  switch (location.engine) {
    case 'sqlite':
      return openSqliteDatabase(location.file, log);
    case 'postgres':
      return repositoriesOver(await openPostgresQueries(location.url, log.child('postgres')), 'postgres');
  }
}

/**
 * The embedded database: Node's built-in `node:sqlite` in WAL mode (readers never block the writer), migrated to
 * the current schema. A file's write-ahead log is folded in by a thread of its own (wal-checkpointer.ts).
 */
export async function openSqliteDatabase(path: string, log?: Logger): Promise<Database> {
  const file = new DatabaseSync(path);
  file.exec(
    'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;',
  );
  migrate(file, MIGRATIONS);
  const inMemory = path === ':memory:' || path === '';
  const checkpointer = inMemory
    ? null
    : new WalCheckpointer({ file, path, ...(log ? { log: log.child('sqlite') } : {}) });
  return repositoriesOver(new Kysely<Tables>({ dialect: nodeSqliteDialect(file) }), 'sqlite', () =>
    checkpointer?.stop(),
  );
}

async function repositoriesOver(
  db: Kysely<Tables>,
  engine: Session['engine'],
  beforeClose?: () => Promise<void> | undefined,
): Promise<Database> {
  const session = createSession(db, engine);
  const settings = settingsRepository(session);
  // Processes starting at once on one PostgreSQL database all end up with the first one's epoch.
  const epoch = await settings.setIfAbsent('outbox.epoch', randomUUID());
  const devices = deviceRepository(session);
  return {
    accounts: jointAccountRepository(session, devices),
    devices,
    tokens: tokenRepository(session),
    rateLimits: rateLimitRepository(session),
    enrollmentCodes: enrollmentCodeRepository(session),
    profiles: profileRepository(session),
    outbox: outboxRepository(session, epoch),
    policies: policyRepository(session),
    deliveryLog: deliveryLogRepository(session),
    voicemail: voicemailRepository(session),
    webhookIds: webhookIdRepository(session),
    heldAlerts: heldAlertRepository(session),
    texts: textRepository(session),
    settings,
    transaction: (work) => session.transaction(work),
    afterCommit: (task) => session.afterCommit(task),
    close: async () => {
      await beforeClose?.();
      await db.destroy();
    },
  };
}
