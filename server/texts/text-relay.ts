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
import { logEntries, noRules } from '../policy/decisions.ts';
import { decide } from '../policy/policy-engine.ts';
import type { Publisher } from '../push/publisher.ts';
import type { ScreenStates } from '../screens/screen-states.ts';
import type { Device, OutboxEntry, Store, StoredProfile, StoredText } from '../store/store.ts';
import { redact } from '../policy/redaction.ts';

/** How long a text waits for an offline phone unless the sender says otherwise. */
const DEFAULT_WAIT_MINUTES = 60;
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

/**
 * The push channel's side of texting through the phone. A device asks to send a text through a proxy it chose from
 * the profiles; the relay checks the proxy's master list first (an unauthorized request ends there, "unauthorized",
 * and never reaches the phone or the SMS network), queues `sms.send-request` for the proxy, and follows the text:
 * queued → sent to phone (the proxy's acknowledgement) → sent → delivered, or failed / unauthorized with the reason
 * the phone gives, or failed when an offline phone did not come back in time. Every step goes to the sender, the
 * proxy, and the devices the proxy lets receive texts (`text.updated`).
 */
export class TextRelay {
  private readonly store: Store;
  private readonly gateway: Publisher;
  private readonly log: Logger;
  private readonly now: () => number;
  private sweeper: ReturnType<typeof setInterval> | undefined;

  private readonly screens: ScreenStates;

  constructor(deps: {
    store: Store;
    gateway: Publisher;
    log: Logger;
    screens: ScreenStates;
    now?: () => number;
  }) {
    this.store = deps.store;
    this.screens = deps.screens;
    this.gateway = deps.gateway;
    this.log = deps.log;
    this.now = deps.now ?? Date.now;
  }

  start(): void {
    this.sweep();
    this.sweeper = setInterval(() => this.sweep(), SWEEP_MS);
    this.sweeper.unref();
  }

  stop(): void {
    clearInterval(this.sweeper);
  }

  /** Returns the text as it stands, and whether the proxy refused it outright. */
  send(device: Device, request: SendTextRequest): { text: TextView; refused: boolean } {
    const existing = this.store.findText(device.id, request.clientId);
    if (existing) return { text: this.view(existing), refused: existing.status === 'unauthorized' };
    const proxyProfile = this.store.findProfile(request.proxyProfileId);
    const proxy = proxyProfile && this.store.getDevice(proxyProfile.deviceId);
    if (
      !proxy ||
      proxy.householdId !== device.householdId ||
      proxy.id === device.id ||
      !proxyProfile.capabilities.includes('sms')
    ) {
      throw new ApiError(
        404,
        ErrorCode.DeviceNotFound,
        'no device of this household can send SMS by that profile',
        {
          field: 'proxyProfileId',
        },
      );
    }
    const mine = this.store.getProfile(device.id);
    const grant = mine && proxyProfile.authorized.find((a) => a.profileId === mine.profileId);
    const allowed = grant?.scopes.includes('send') ?? false;
    const now = this.now();
    if (allowed) this.checkLimits(device, now);
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
    this.store.transaction(() => {
      this.store.addText(text);
      if (allowed) {
        this.gateway.publish(
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
      this.fanOut(text);
    });
    this.log.info('text relayed', { textId: text.id, status: text.status });
    return { text: this.view(text), refused: !allowed };
  }

  /** Beyond 10 texts an hour or 50 a day from one device: refused before anything is stored or sent. */
  private checkLimits(device: Device, now: number): void {
    const times = this.store.listTextTimes(device.id, now - DAY_MS);
    const lastHour = times.filter((t) => t > now - HOUR_MS);
    const over =
      lastHour.length >= TEXT_LIMITS.perHour
        ? { limit: `${TEXT_LIMITS.perHour} texts an hour`, freesAt: lastHour[0]! + HOUR_MS }
        : times.length >= TEXT_LIMITS.perDay
          ? { limit: `${TEXT_LIMITS.perDay} texts a day`, freesAt: times[0]! + DAY_MS }
          : null;
    if (!over) return;
    throw new ApiError(
      429,
      ErrorCode.TextRateLimited,
      `${device.name} has sent ${over.limit}, the most it may`,
      {
        retryAfterSec: Math.ceil((over.freesAt - now) / 1000),
      },
    );
  }

  /** The proxy acknowledged its send requests: the texts are on the phone. */
  onAcked(deviceId: string, entries: readonly OutboxEntry[]): void {
    for (const entry of entries) {
      if (entry.name !== 'sms.send-request') continue;
      const { textId } = JSON.parse(entry.data) as { textId: string };
      const text = this.store.getText(textId);
      if (text?.proxyDevice === deviceId) this.advance(text, 'sent-to-phone', null);
    }
  }

  /** The proxy's report: only the proxy the text went to may give one. */
  report(device: Device, textId: string, report: TextStatusReport): TextView {
    const text = this.store.getText(textId);
    if (!text || text.proxyDevice !== device.id)
      throw new ApiError(404, ErrorCode.NotFound, 'no such text for this phone');
    return this.view(this.advance(text, report.status, report.reason ?? null));
  }

  get(device: Device, textId: string): TextView {
    const text = this.store.getText(textId);
    if (!text || (text.fromDevice !== device.id && text.proxyDevice !== device.id)) {
      throw new ApiError(404, ErrorCode.NotFound, 'no such text');
    }
    return this.view(text);
  }

  /**
   * A text arrived on the proxy. Each other device of the household gets it if the proxy lets it receive texts
   * and, for a screen, the household's rules deliver SMS there now (windows, suspensions, caller lists, privacy).
   * Every decision is logged. Returns the devices told.
   */
  async incoming(proxy: Device, report: IncomingTextReport): Promise<string[]> {
    const profile = this.store.getProfile(proxy.id);
    if (proxy.kind !== 'phone' || !proxy.phoneNumber || !profile?.capabilities.includes('sms')) {
      throw new ApiError(403, ErrorCode.Forbidden, 'only a phone that said it can send SMS reports texts');
    }
    const now = new Date(this.now());
    const receivers = this.copyReceivers(profile);
    const decisions = decide(
      { type: 'sms', sourceDeviceId: proxy.id, callerNumber: report.from },
      this.store.getPolicy(proxy.householdId) ?? noRules(),
      now,
      await this.screens.statesFor(proxy.householdId, now),
    ).filter((d) => d.deviceId !== proxy.id);
    const told: string[] = [];
    const data: EventData<'text.incoming'> = {
      smsId: report.smsId,
      line: proxy.phoneNumber,
      lineOwner: proxy.ownerName,
      from: report.from,
      text: report.text,
      receivedAt: report.receivedAt,
    };
    this.store.transaction(() => {
      for (const d of decisions) {
        if (d.outcome !== 'deliver' || !receivers.has(d.deviceId)) continue;
        this.gateway.publish(
          d.deviceId,
          'text.incoming',
          `text.incoming:${report.smsId}`,
          redact('text.incoming', d.show, data),
        );
        told.push(d.deviceId);
      }
      // The engine's decision, except where the phone's master list does not share texts with the device.
      const entries = logEntries(decisions, 'sms', report.smsId, now).map((e) =>
        e.outcome === 'deliver' && !receivers.has(e.deviceId)
          ? {
              ...e,
              outcome: 'suppress',
              detail: { reasons: ['not-on-master-list'], relationshipId: e.detail['relationshipId'] },
            }
          : e,
      );
      this.store.appendDeliveryLog(proxy.householdId, entries);
    });
    return told;
  }

  /** Texts whose phone stayed away past their wait fail, and say why; the sender keeps the draft. */
  sweep(): number {
    const overdue = this.store.listOverdueTexts(this.now());
    for (const text of overdue) {
      const minutes = Math.round((text.expiresAt - text.createdAt) / 60_000);
      this.advance(
        text,
        'failed',
        `the phone was offline for ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`,
      );
    }
    return overdue.length;
  }

  private advance(text: StoredText, status: TextStatus, reason: string | null): StoredText {
    if (!NEXT[text.status].includes(status)) return text;
    const next = { ...text, status, reason };
    this.store.transaction(() => {
      this.store.setTextStatus(text.id, status, reason);
      this.fanOut(next);
    });
    return next;
  }

  /** The sender, the proxy, and every device the proxy lets receive texts hear where the text is. */
  private fanOut(text: StoredText): void {
    const receivers = new Set([text.fromDevice, text.proxyDevice]);
    const proxyProfile = this.store.getProfile(text.proxyDevice);
    if (proxyProfile) for (const deviceId of this.copyReceivers(proxyProfile)) receivers.add(deviceId);
    const data = this.updated(text);
    for (const deviceId of receivers) {
      this.gateway.publish(deviceId, 'text.updated', `text.updated:${text.id}:${text.status}`, data);
    }
  }

  /** The devices a proxy's master list lets receive copies of texts. */
  private copyReceivers(profile: StoredProfile): Set<string> {
    return new Set(
      profile.authorized
        .filter((a) => a.scopes.includes('receive'))
        .flatMap((a) => this.store.findProfile(a.profileId)?.deviceId ?? []),
    );
  }

  /** Where a text is, as every device that may see it is told. */
  private updated(text: StoredText): EventData<'text.updated'> {
    return {
      textId: text.id,
      clientId: text.clientId,
      fromName: this.store.getDevice(text.fromDevice)?.name ?? '',
      recipient: text.recipient,
      payload: text.payload,
      status: text.status,
      reason: text.reason,
    };
  }

  private view(text: StoredText): TextView {
    return { ...this.updated(text), at: new Date(text.createdAt).toISOString() };
  }
}
