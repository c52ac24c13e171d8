import { randomUUID } from 'node:crypto';
import {
  ErrorCode,
  type IncomingTextReport,
  type SendTextRequest,
  TEXT_LIMITS,
  type TextStatusReport,
  type EventData,
  type TextStatus,
  type TextView,
} from '../../protocol/index.ts';
import { ApiError } from '../http/api-error.ts';
import type { Logger } from '../log.ts';
import { noRules } from '../policy/decisions.ts';
import { displayPrivacy, SuppressReason } from '../policy/policy-engine.ts';
import { redact } from '../policy/redaction.ts';
import { ContentRouting } from '../policy/route-content.ts';
import type { Publisher } from '../push/publisher.ts';
import type { DisplayStates } from '../displays/display-states.ts';
import type { Device } from '../identity/device-repository.ts';
import type { OutboxEntry } from '../push/outbox-repository.ts';
import type { Database } from '../store/database.ts';
import type { StoredProfile } from '../identity/profile-repository.ts';
import type { StoredText } from './text-repository.ts';

/** How long a text waits for an offline phone unless the sender says otherwise. */
const DEFAULT_WAIT_MINUTES = 60;
/** How often each backend process looks for texts past their deadline (every process does; one moves each). */
const SWEEP_MS = 15_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Where a status may go next: forward only, and a final status stays. */
const NEXT: Record<TextStatus, readonly TextStatus[]> = {
  queued: ['sent-to-phone', 'sent', 'delivered', 'failed', 'unauthorized'],
  'sent-to-phone': ['sent', 'delivered', 'failed', 'unauthorized'],
  sent: ['delivered', 'failed'],
  delivered: [],
  failed: [],
  unauthorized: [],
};

/** Where a text may stand to move to `to`: NEXT read backwards. */
function previous(to: TextStatus): TextStatus[] {
  return (Object.keys(NEXT) as TextStatus[]).filter((from) => NEXT[from].includes(to));
}

/**
 * The push channel's side of texting through the phone. A device asks to send a text through a proxy it chose from
 * the profiles; the relay checks the proxy's master list first (an unauthorized request ends there, "unauthorized",
 * and never reaches the phone or the SMS network), queues `sms.send-request` for the proxy, and follows the text:
 * queued → sent to phone (the proxy's acknowledgement) → sent → delivered, or failed / unauthorized with the reason
 * the phone gives, or failed when an offline phone did not come back in time. Every step goes to the sender, the
 * proxy, and the devices the proxy lets receive texts (`text.updated`).
 */
export class TextRelay {
  private readonly store: Pick<
    Database,
    'deliveryLog' | 'devices' | 'policies' | 'profiles' | 'texts' | 'transaction'
  >;
  private readonly gateway: Publisher;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly sweepMs: number;
  private sweeper: ReturnType<typeof setInterval> | undefined;
  private readonly routing: ContentRouting;

  constructor(deps: {
    store: Pick<Database, 'deliveryLog' | 'devices' | 'policies' | 'profiles' | 'texts' | 'transaction'>;
    gateway: Publisher;
    log: Logger;
    displays: DisplayStates;
    now?: () => number;
    sweepMs?: number;
  }) {
    this.store = deps.store;
    this.gateway = deps.gateway;
    this.log = deps.log;
    this.now = deps.now ?? Date.now;
    this.sweepMs = deps.sweepMs ?? SWEEP_MS;
    this.routing = new ContentRouting({ ...deps, now: () => new Date(this.now()) });
  }

  start(): void {
    const sweep = () =>
      this.sweep().catch((error: unknown) => this.log.error('text sweep failed', { error: String(error) }));
    void sweep();
    this.sweeper = setInterval(() => void sweep(), this.sweepMs);
    this.sweeper.unref();
  }

  stop(): void {
    clearInterval(this.sweeper);
  }

  /** Returns the text as it stands, and whether the proxy refused it outright. */
  async send(device: Device, request: SendTextRequest): Promise<{ text: TextView; refused: boolean }> {
    const existing = await this.store.texts.find(device.id, request.clientId);
    if (existing) return { text: await this.view(existing), refused: existing.status === 'unauthorized' };
    const proxyProfile = await this.store.profiles.find(request.proxyProfileId);
    const proxy = proxyProfile && (await this.store.devices.get(proxyProfile.deviceId));
    if (
      !proxy ||
      proxy.householdId !== device.householdId ||
      proxy.id === device.id ||
      !proxyProfile.capabilities.includes('sms')
    ) {
      throw new ApiError(
        ErrorCode.DeviceNotFound,
        'no device of this household can send SMS by that profile',
        {
          field: 'proxyProfileId',
        },
      );
    }
    const mine = await this.store.profiles.get(device.id);
    const grant = mine && proxyProfile.authorized.find((a) => a.profileId === mine.profileId);
    const allowed = grant?.scopes.includes('send') ?? false;
    const now = this.now();
    if (allowed) await this.checkLimits(device, now);
    const waitMs = (request.waitMinutes ?? DEFAULT_WAIT_MINUTES) * 60_000;
    const text: StoredText = {
      id: `txt_${randomUUID()}`,
      clientId: request.clientId,
      householdId: device.householdId,
      fromDevice: device.id,
      proxyDevice: proxy.id,
      recipient: request.recipient,
      payload: request.payload,
      status: allowed ? 'queued' : 'unauthorized',
      reason: allowed ? null : `${proxy.name} has not authorized ${device.name} to send texts`,
      createdAt: now,
      expiresAt: now + waitMs,
    };
    await this.store.transaction(async () => {
      await this.store.texts.add(text);
      if (allowed) {
        await this.gateway.publish(
          proxy.id,
          'sms.send-request',
          `sms.send-request:${text.id}`,
          {
            textId: text.id,
            fromProfileId: mine!.profileId,
            fromName: device.name,
            recipient: text.recipient,
            payload: text.payload,
            sendAsSms: true,
          },
          { ttlMs: waitMs },
        );
      }
      await this.fanOut(text);
    });
    this.log.info('text relayed', { textId: text.id, status: text.status });
    return { text: await this.view(text), refused: !allowed };
  }

  /** Beyond 10 texts an hour or 50 a day from one device: refused before anything is stored or sent. */
  private async checkLimits(device: Device, now: number): Promise<void> {
    const times = await this.store.texts.sentTimes(device.id, now - DAY_MS);
    const lastHour = times.filter((t) => t > now - HOUR_MS);
    const over =
      lastHour.length >= TEXT_LIMITS.perHour
        ? { limit: `${TEXT_LIMITS.perHour} texts an hour`, freesAt: lastHour[0]! + HOUR_MS }
        : times.length >= TEXT_LIMITS.perDay
          ? { limit: `${TEXT_LIMITS.perDay} texts a day`, freesAt: times[0]! + DAY_MS }
          : null;
    if (!over) return;
    throw new ApiError(ErrorCode.TextRateLimited, `${device.name} has sent ${over.limit}, the most it may`, {
      retryAfterSec: Math.ceil((over.freesAt - now) / 1000),
    });
  }

  /** The proxy acknowledged its send requests: the texts are on the phone. */
  async onAcked(deviceId: string, entries: readonly OutboxEntry[]): Promise<void> {
    for (const entry of entries) {
      if (entry.name !== 'sms.send-request') continue;
      const { textId } = JSON.parse(entry.data) as { textId: string };
      const text = await this.store.texts.get(textId);
      if (text?.proxyDevice === deviceId) await this.advance(text, 'sent-to-phone', null);
    }
  }

  /** The proxy's report: only the proxy the text went to may give one. */
  async report(device: Device, textId: string, report: TextStatusReport): Promise<TextView> {
    const text = await this.store.texts.get(textId);
    if (!text || text.proxyDevice !== device.id)
      throw new ApiError(ErrorCode.NotFound, 'no such text for this phone');
    return this.view(await this.advance(text, report.status, report.reason ?? null));
  }

  async get(device: Device, textId: string): Promise<TextView> {
    const text = await this.store.texts.get(textId);
    if (!text || (text.fromDevice !== device.id && text.proxyDevice !== device.id)) {
      throw new ApiError(ErrorCode.NotFound, 'no such text');
    }
    return this.view(text);
  }

  /**
   * A text arrived on the proxy. Each other device of the household gets it if the proxy lets it receive texts
   * and, for a display, the household's rules deliver SMS there now (windows, suspensions, caller lists, privacy).
   * Every decision is logged. Returns the devices told.
   */
  async incoming(proxy: Device, report: IncomingTextReport): Promise<string[]> {
    const profile = await this.store.profiles.get(proxy.id);
    if (proxy.kind !== 'phone' || !proxy.phoneNumber || !profile?.capabilities.includes('sms')) {
      throw new ApiError(ErrorCode.Forbidden, 'only a phone that said it can send SMS reports texts');
    }
    const receivers = await this.copyReceivers(profile);
    const data: EventData<'text.incoming'> = {
      smsId: report.smsId,
      line: proxy.phoneNumber,
      lineOwner: proxy.ownerName,
      from: report.from,
      text: report.text,
      receivedAt: report.receivedAt,
    };
    const { delivered } = await this.routing.route({
      phone: proxy,
      contentType: 'sms',
      callerNumber: report.from,
      subject: report.smsId,
      event: { name: 'text.incoming', id: `text.incoming:${report.smsId}`, data },
      // The engine's decision, except where the phone's master list does not share texts with the device.
      review: (d) => {
        if (d.deviceId === proxy.id) return null;
        if (d.outcome !== 'deliver' || receivers.has(d.deviceId)) return d;
        return {
          deviceId: d.deviceId,
          outcome: 'suppress',
          reasons: [SuppressReason.NotOnMasterList],
          relationshipId: d.relationshipId,
        };
      },
    });
    return delivered.map((d) => d.deviceId);
  }

  /** Texts whose phone stayed away past their wait fail, and say why; the sender keeps the draft. */
  async sweep(): Promise<number> {
    const overdue = await this.store.texts.overdue(this.now());
    for (const text of overdue) {
      const minutes = Math.round((text.expiresAt - text.createdAt) / 60_000);
      await this.advance(
        text,
        'failed',
        `the phone was offline for ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`,
      );
    }
    return overdue.length;
  }

  /**
   * Moves a text on, if it may go there from where it stands now. The move is one conditional update, so a report
   * and a deadline sweep racing — in this process or another — move it once, and only the mover tells the devices.
   */
  private advance(text: StoredText, status: TextStatus, reason: string | null): Promise<StoredText> {
    return this.store.transaction(async () => {
      const moved = await this.store.texts.moveStatus(text.id, status, reason, previous(status));
      if (!moved) return (await this.store.texts.get(text.id)) ?? text;
      await this.fanOut(moved);
      return moved;
    });
  }

  /**
   * The sender, the proxy, and every device the proxy lets receive texts hear where the text is. The sender and the
   * proxy wrote and sent it; a copy shows what the receiving display's privacy allows of whom it went to.
   */
  private async fanOut(text: StoredText): Promise<void> {
    const data = await this.updated(text);
    const id = `text.updated:${text.id}:${text.status}`;
    for (const deviceId of new Set([text.fromDevice, text.proxyDevice])) {
      await this.gateway.publish(deviceId, 'text.updated', id, data);
    }
    const proxyProfile = await this.store.profiles.get(text.proxyDevice);
    if (!proxyProfile) return;
    const copies = await this.copyReceivers(proxyProfile);
    copies.delete(text.fromDevice);
    copies.delete(text.proxyDevice);
    if (copies.size === 0) return;
    const config = (await this.store.policies.get(text.householdId)) ?? noRules();
    for (const deviceId of copies) {
      const show = displayPrivacy(config, deviceId, text.recipient);
      await this.gateway.publish(deviceId, 'text.updated', id, redact('text.updated', show, data));
    }
  }

  /** The devices a proxy's master list lets receive copies of texts. */
  private async copyReceivers(profile: StoredProfile): Promise<Set<string>> {
    const receivers = new Set<string>();
    for (const a of profile.authorized) {
      if (!a.scopes.includes('receive')) continue;
      const found = await this.store.profiles.find(a.profileId);
      if (found) receivers.add(found.deviceId);
    }
    return receivers;
  }

  /** Where a text is, as every device that may see it is told. */
  private async updated(text: StoredText): Promise<EventData<'text.updated'>> {
    return {
      textId: text.id,
      clientId: text.clientId,
      fromName: (await this.store.devices.get(text.fromDevice))?.name ?? '',
      recipient: text.recipient,
      payload: text.payload,
      status: text.status,
      reason: text.reason,
    };
  }

  private async view(text: StoredText): Promise<TextView> {
    return { ...(await this.updated(text)), at: new Date(text.createdAt).toISOString() };
  }
}
