import type {
  Authorization,
  Capability,
  ContentType,
  DeviceDescription,
  DeviceKind,
  DirectoryKind,
  EventData,
  PolicyConfig,
  PrivacyLevel,
  TextStatus,
} from '../../protocol/index.ts';
import type { FailureLog } from '../identity/attempt-limits.ts';

/**
 * Everything the backend keeps, behind one interface. The embedded default is SQLite (sqlite-store.ts);
 * past one machine the same interface is what a PostgreSQL implementation would provide (DESIGN.md §7).
 */
export interface Household {
  id: string;
  name: string;
}

/** A carrier account a joint account joins, and how it was linked. */
export interface LinkedCarrierAccount {
  directory: DirectoryKind;
  accountId: string;
  holderName: string;
  via: 'credentials' | 'consent';
}

/** A household that is a joint account: its own login and billing code, and the carrier accounts it joins. */
export interface JointAccount extends Household {
  passwordHash: string | null;
  billingCode: string | null;
  accounts: LinkedCarrierAccount[];
}

export interface NewJointAccount {
  id: string;
  name: string;
  passwordHash: string;
  billingCode: string;
  accounts: readonly LinkedCarrierAccount[];
  /** The devices of those accounts; ones already known (paired before) are taken in, the rest created. */
  devices: readonly Omit<Device, 'householdId'>[];
}

export interface Device {
  id: string;
  householdId: string;
  kind: DeviceKind;
  name: string;
  /** Digits; phones only. */
  phoneNumber: string | null;
  /** The room an STB is in; STBs only. */
  room: string | null;
  /** Who the device belongs to ("Mary"): the owner shown on shared screens. */
  ownerName: string;
}

export type { ContentType };

/** Where a device of a household comes from. */
export type DeviceOrigin =
  /** A phone line or set-top box of a linked carrier account. */
  | 'carrier'
  /** A screen the household added by code, named by room. */
  | 'screen';

/** What a device said of itself when it enrolled, and when it was last heard from (ms since the epoch). */
export interface DeviceEnrollment {
  platform: string | null;
  model: string | null;
  appVersion: string | null;
  enrolledAt: number | null;
  lastSeenAt: number | null;
  origin: DeviceOrigin;
  /** Set when the household removed a screen it had added; the device is kept only so the log can name it. */
  removedAt: number | null;
  /**
   * Set when the household removed a line or box of its accounts: only the household's approval of a code brings
   * it back, not its operator identity, bulk enrollment or the demo route.
   */
  heldAt: number | null;
}

/** A device token, as kept: only its hash, with its times. */
export interface StoredToken {
  device: Device;
  createdAt: number;
  lastSeenAt: number;
  /** When it was revoked (the device removed, or enrolled again); null while it is valid. */
  revokedAt: number | null;
}

export type EnrollmentCodeState = 'pending' | 'approved' | 'denied';

/** A code a device showed to be approved (RFC 8628's device code and user code); the device code only hashed. */
export interface EnrollmentCodeRecord extends Omit<DeviceDescription, 'kind'> {
  deviceCodeHash: string;
  userCode: string;
  kind: DeviceKind;
  createdAt: number;
  expiresAt: number;
  intervalSec: number;
  lastPollAt: number | null;
  state: EnrollmentCodeState;
  /** The device it was approved as. */
  deviceId: string | null;
}

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

export interface VoicemailRecord {
  messageId: string;
  mailbox: string;
  callerName: string;
  receivedAt: string;
}

/** A device told of a voicemail, and how much of the caller it was shown (its screen's privacy). */
export interface VoicemailRecipient {
  deviceId: string;
  show: PrivacyLevel;
}

/** A voicemail alert held for a quiet screen until its programme ends. */
export interface DeferredAlert {
  deviceId: string;
  /** ms since the epoch. */
  until: number;
  programmeTitle: string;
  /** The `voicemail.new` data as that screen may see it. */
  data: EventData<'voicemail.new'>;
}

/** A device's identity profile: what it can do and, for a proxy, its master list of authorized devices. */
export interface StoredProfile {
  deviceId: string;
  /** What other devices address it by: opaque, unlike the device id. */
  profileId: string;
  capabilities: Capability[];
  authorized: Authorization[];
}

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

/** Wrong joint-account logins are a {@link FailureLog} too, under the subject `joint:<id>`. */
export interface Store extends FailureLog {
  /** Identifies this outbox: sequence numbers from another epoch mean nothing here. */
  readonly epoch: string;

  createHousehold(input: { id?: string; name: string }): Household;
  listHouseholds(): Household[];
  createDevice(input: Omit<Device, 'id'> & { id?: string; origin?: DeviceOrigin }): Device;
  /**
   * A device of no joint account yet, in a place of its own (demo pairing of a device a carrier directory knows):
   * a joint account that links its carrier account later takes it in.
   */
  createUnjoinedDevice(device: Omit<Device, 'householdId'>): Device;

  getJointAccount(id: string): JointAccount | undefined;
  /** The joint account a carrier account is in, if any. */
  findJointAccountOf(directory: DirectoryKind, accountId: string): string | undefined;
  /**
   * Creates a joint account in one transaction: the household with its password hash and billing code, the
   * linked carrier accounts, and the devices (taking in unjoined ones). Its rules come with the registration that
   * follows. Throws if a device or carrier account is in another joint account already.
   */
  createJointAccount(input: NewJointAccount): JointAccount;
  /** Sets a joint account's login on a household made before joint accounts had one (the demo's). */
  setJointAccountLogin(
    id: string,
    login: { passwordHash: string; billingCode: string; accounts: readonly LinkedCarrierAccount[] },
  ): void;
  getDevice(id: string): Device | undefined;
  /** The household's devices; screens it removed only with `includeRemoved` (the delivery log still names them). */
  listDevices(householdId: string, options?: { includeRemoved?: boolean }): Device[];
  findPhoneByNumber(phoneNumber: string): Device | undefined;

  getDeviceEnrollment(deviceId: string): DeviceEnrollment | undefined;
  /** Records what an enrolling device said of itself; a removed screen enrolled again is back. */
  setDeviceEnrolled(
    deviceId: string,
    description: { platform: string; model: string; appVersion: string },
    at: number,
  ): void;
  /** The device was heard from (a request or a connection). */
  touchDevice(deviceId: string, at: number): void;
  renameDevice(deviceId: string, change: { name?: string; room?: string }): void;
  /** Marks a screen the household added as removed (its tokens are revoked separately). */
  markDeviceRemoved(deviceId: string, at: number): void;

  addDeviceToken(deviceId: string, tokenHash: string, at?: number): void;
  findToken(tokenHash: string): StoredToken | undefined;
  touchToken(tokenHash: string, at: number): void;
  deleteToken(tokenHash: string): void;
  /** Revokes every valid token of a device at `at`. Returns how many there were. */
  revokeDeviceTokens(deviceId: string, at: number): number;
  /** Forgets tokens revoked before `before`. */
  purgeRevokedTokens(before: number): number;
  /** Whether the device holds a valid token now: not revoked, and used after `usedSince`. */
  hasDeviceToken(deviceId: string, usedSince: number): boolean;
  /** Marks a line or box the household removed (or clears that with null). */
  setDeviceHeld(deviceId: string, at: number | null): void;

  addEnrollmentCode(code: EnrollmentCodeRecord): void;
  findEnrollmentCode(by: { deviceCodeHash: string } | { userCode: string }): EnrollmentCodeRecord | undefined;
  updateEnrollmentCode(
    deviceCodeHash: string,
    change: Partial<Pick<EnrollmentCodeRecord, 'state' | 'deviceId' | 'lastPollAt' | 'intervalSec'>>,
  ): void;
  deleteEnrollmentCode(deviceCodeHash: string): void;
  /** Drops every code approved as this device and not yet collected (the device was removed). */
  deleteEnrollmentCodesFor(deviceId: string): number;
  /** Forgets attempts older than `before` whose subject starts with `subjectPrefix`. */
  purgeFailures(before: number, subjectPrefix: string): number;
  /** Drops codes whose time has passed. Returns how many. */
  purgeEnrollmentCodes(now: number): number;
  /** True the first time an id (a signed assertion's) is seen before it expires; false for a replay. */
  claimOnce(id: string, expiresAt: number, now: number): boolean;

  addRelationship(input: { phoneId: string; stbId: string; contentType: ContentType }): void;
  /** The STBs a phone's content of this type goes to. */
  listRelationshipTargets(phoneId: string, contentType: ContentType): Device[];

  /**
   * Adds an event to a device's outbox with the next sequence number. Idempotent by `(deviceId, id)`:
   * enqueuing the same event id again returns the existing entry and `created: false`.
   */
  enqueue(deviceId: string, event: NewOutboxEvent): { entry: OutboxEntry; created: boolean };
  /** Unacknowledged, unexpired events of one device after `afterSeq`, in sequence order. */
  pending(deviceId: string, afterSeq: number, now: number): OutboxEntry[];
  /** The highest sequence number ever assigned to the device (0 if none). */
  lastSeq(deviceId: string): number;
  /** Acknowledges every event of the device up to and including `seq`. Returns how many were removed. */
  ack(deviceId: string, seq: number): number;
  /** Drops events whose time to live has passed. Returns how many. */
  purgeExpired(now: number): number;

  /** The phones whose content of this type goes to an STB (the reverse of {@link listRelationshipTargets}). */
  listRelationshipSources(stbId: string, contentType: ContentType): Device[];

  /** Remembers a voicemail we were told of and the devices we told, so later actions can be checked and fanned out. */
  recordVoicemail(message: VoicemailRecord, recipients: readonly VoicemailRecipient[]): void;
  getVoicemail(messageId: string): VoicemailRecord | undefined;
  listVoicemailRecipients(messageId: string): VoicemailRecipient[];

  /** The household's routing rules, as provisioning stored them (validated before they are stored). */
  getPolicy(householdId: string): PolicyConfig | undefined;
  /**
   * Replaces the household's routing rules, and with them the relationship index the device API reads
   * (which STB follows which mailbox): both change in one transaction.
   */
  setPolicy(householdId: string, config: PolicyConfig): void;
  appendDeliveryLog(householdId: string, entries: readonly DeliveryLogEntry[]): void;
  /** Whether the policy engine sent (or held for) this device anything about `subject`. */
  wasSent(householdId: string, subject: string, deviceId: string): boolean;
  /** Newest first. */
  listDeliveryLog(householdId: string, limit: number): DeliveryLogEntry[];

  deferAlert(alert: DeferredAlert): void;
  /** Removes and returns the held alerts that are due at `now` (all of one device's with `deviceId`), oldest first. */
  takeDeferredAlerts(now: number, deviceId?: string): DeferredAlert[];
  /** When the next held alert is due, or null. */
  nextDeferredAt(): number | null;

  getProfile(deviceId: string): StoredProfile | undefined;
  findProfile(profileId: string): StoredProfile | undefined;
  setProfile(profile: StoredProfile): void;
  /** A device asked a proxy to use its SMS; one request per pair, the latest time kept. */
  addCapabilityRequest(requesterId: string, proxyId: string, at: number): void;
  listCapabilityRequests(proxyId: string): { requesterId: string; at: number }[];
  clearCapabilityRequest(requesterId: string, proxyId: string): void;

  addText(text: StoredText): void;
  getText(id: string): StoredText | undefined;
  findText(fromDevice: string, clientId: string): StoredText | undefined;
  setTextStatus(id: string, status: TextStatus, reason: string | null): void;
  /** When each text `fromDevice` asked to send (refused ones aside) went in, since `since`, oldest first. */
  listTextTimes(fromDevice: string, since: number): number[];
  /** Texts still waiting for their proxy after `now`'s deadline. */
  listOverdueTexts(now: number): StoredText[];

  getSetting(key: string): string | undefined;
  setSetting(key: string, value: string): void;

  transaction<T>(fn: () => T): T;
  /**
   * Runs `task` once the current transaction commits (at once outside one); never if it rolls back. For effects
   * outside the database, such as closing a revoked device's socket.
   */
  afterCommit(task: () => void): void;
  close(): void;
}
