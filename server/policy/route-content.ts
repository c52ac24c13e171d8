import type { ContentType, EventData } from '../../protocol/index.ts';
import type { Device } from '../identity/device-repository.ts';
import type { Publisher } from '../push/publisher.ts';
import type { DisplayStates } from '../displays/display-states.ts';
import type { Database } from '../store/database.ts';
import { logEntries, noRules } from './decisions.ts';
import { decide, type Decision } from './policy-engine.ts';
import { redact, type RedactedEvent } from './redaction.ts';

/** Something a phone got (a voicemail, a ringing call, a text) to be routed to the household's devices. */
export interface ContentToRoute<N extends RedactedEvent> {
  /** The phone whose content it is. */
  phone: Device;
  contentType: ContentType;
  /** Who called or wrote: caller lists and privacy rules look at it. */
  callerNumber: string;
  /** Their name as the carrier gave it, for the delivery log (which says who each alert was from). */
  callerName?: string;
  /** What the delivery log calls it: a message id, a call id, an SMS id. */
  subject: string;
  /** The event each device that gets it is sent, before its display's privacy is applied. */
  event: { name: N; id: string; data: EventData<N>; ttlMs?: number };
  /**
   * A producer's own last word on each decision, after the household's rules (the text relay's: a phone's master
   * list). Returning null leaves the device out of the routing and the log (the phone a text arrived on).
   */
  review?: (decision: Decision) => Decision | null;
  /** Written in the same transaction as the log lines (the voicemail proxy's record of who was told). */
  record?: (decisions: readonly Decision[]) => Promise<void>;
}

export interface Routed {
  decisions: Decision[];
  delivered: Extract<Decision, { outcome: 'deliver' }>[];
  deferred: Extract<Decision, { outcome: 'defer' }>[];
}

/**
 * The one routing pipeline every producer runs: decide (the policy engine, with the household's rules and its
 * displays' state now) → log every decision, with what the producer records → redact each delivery to its
 * display's privacy → publish, all in one transaction. Deferred deliveries are returned for the producer to hold.
 */
export class ContentRouting {
  private readonly store: Pick<Database, 'policies' | 'deliveryLog' | 'transaction'>;
  private readonly displays: DisplayStates;
  private readonly gateway: Publisher;
  private readonly now: () => Date;

  constructor(deps: {
    store: Pick<Database, 'policies' | 'deliveryLog' | 'transaction'>;
    displays: DisplayStates;
    gateway: Publisher;
    now?: () => Date;
  }) {
    this.store = deps.store;
    this.displays = deps.displays;
    this.gateway = deps.gateway;
    this.now = deps.now ?? (() => new Date());
  }

  async route<N extends RedactedEvent>(content: ContentToRoute<N>): Promise<Routed> {
    const { phone, event } = content;
    const now = this.now();
    const decided = decide(
      { type: content.contentType, sourceDeviceId: phone.id, callerNumber: content.callerNumber },
      (await this.store.policies.get(phone.householdId)) ?? noRules(),
      now,
      await this.displays.statesFor(phone.householdId, now),
    );
    const decisions = content.review ? decided.flatMap((d) => content.review!(d) ?? []) : decided;
    const delivered = decisions.filter((d) => d.outcome === 'deliver');
    // One transaction: the log, what the producer records, and each delivery's outbox row commit together (a
    // device is sent its event once they have).
    await this.store.transaction(async () => {
      await content.record?.(decisions);
      await this.store.deliveryLog.append(
        phone.householdId,
        logEntries(decisions, content.contentType, content.subject, now, {
          name: content.callerName ?? '',
          number: content.callerNumber,
        }),
      );
      for (const d of delivered) {
        await this.gateway.publish(d.deviceId, event.name, event.id, redact(event.name, d.show, event.data), {
          ...(event.ttlMs ? { ttlMs: event.ttlMs } : {}),
        });
      }
    });
    return { decisions, delivered, deferred: decisions.filter((d) => d.outcome === 'defer') };
  }
}
