import type { ContentType, DeviceKind, PolicyConfig, PrivacyLevel } from '../../protocol/index.ts';

/**
 * Everything the backend keeps, behind one interface. The embedded default is SQLite (sqlite-store.ts);
 * past one machine the same interface is what a PostgreSQL implementation would provide (DESIGN.md §7).
 */
export interface Household {
  id: string;
  name: string;
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

export interface Store {
  /** Identifies this outbox: sequence numbers from another epoch mean nothing here. */
  readonly epoch: string;

  createHousehold(input: { id?: string; name: string }): Household;
  listHouseholds(): Household[];
  createDevice(input: Omit<Device, 'id'> & { id?: string }): Device;
  getDevice(id: string): Device | undefined;
  listDevices(householdId: string): Device[];
  findPhoneByNumber(phoneNumber: string): Device | undefined;

  addDeviceToken(deviceId: string, tokenHash: string): void;
  findDeviceByTokenHash(tokenHash: string): Device | undefined;

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
  /** Newest first. */
  listDeliveryLog(householdId: string, limit: number): DeliveryLogEntry[];

  getSetting(key: string): string | undefined;
  setSetting(key: string, value: string): void;

  transaction<T>(fn: () => T): T;
  close(): void;
}
