import type {
  EventData,
  PolicyConfig,
  RoutingRegistration,
  VoicemailDepositedHook,
} from '../../protocol/index.ts';
import type { Logger } from '../log.ts';
import { ContentRouting } from '../policy/route-content.ts';
import type { ContentRouter } from '../provisioning/content-router.ts';
import type { Publisher } from '../push/publisher.ts';
import type { DeferredAlerts } from '../displays/deferred-alerts.ts';
import type { DisplayStates } from '../displays/display-states.ts';
import type { Database } from '../store/database.ts';
import { redact } from '../policy/redaction.ts';

/**
 * Our voicemail proxy: told by the carrier's voicemail server that a message was left, it asks the policy engine
 * what each device of the household gets, queues `voicemail.new` for those that get it — shaped by each display's
 * privacy — and records every decision in the delivery log, deliveries and suppressions alike.
 */
export class VoicemailProxy implements ContentRouter {
  private readonly store: Pick<
    Database,
    'deliveryLog' | 'devices' | 'policies' | 'transaction' | 'voicemail'
  >;
  private readonly routing: ContentRouting;
  private readonly log: Logger;
  private readonly now: () => Date;

  private readonly displays: DisplayStates;
  private readonly held: DeferredAlerts;

  constructor(deps: {
    store: Pick<Database, 'deliveryLog' | 'devices' | 'policies' | 'transaction' | 'voicemail'>;
    gateway: Publisher;
    log: Logger;
    /** What each display shows (its programme, a quiet), for programme rules and "Quiet for this programme". */
    displays: DisplayStates;
    /** Where alerts for a quiet display wait. */
    held: DeferredAlerts;
    now?: () => Date;
  }) {
    this.store = deps.store;
    this.log = deps.log;
    this.displays = deps.displays;
    this.held = deps.held;
    this.now = deps.now ?? (() => new Date());
    this.routing = new ContentRouting({ ...deps, now: this.now });
  }

  /**
   * Takes the household's configuration (provisioning registers every change): from now on deposits are decided
   * by it, and the device API's access checks follow its relationships.
   */
  async register(householdId: string, config: PolicyConfig): Promise<RoutingRegistration> {
    await this.store.policies.set(householdId, config);
    const routes = config.relationships.filter(
      (r) => !r.stopped && r.contentTypes.some((t) => t === 'voicemail' || t === 'callerid'),
    ).length;
    return {
      service: 'voicemail-proxy',
      confirmedAt: this.now().toISOString(),
      summary: `${routes} ${routes === 1 ? 'route' : 'routes'} for voicemail and caller ID`,
    };
  }

  /** Returns the ids of the devices the alert was queued for (empty for a mailbox we don't serve). */
  async onDeposited(hook: VoicemailDepositedHook): Promise<string[]> {
    const phone = await this.store.devices.findPhone(hook.mailbox);
    if (!phone) {
      this.log.info('deposit for a mailbox no household follows', { messageId: hook.messageId });
      return [];
    }
    const data: EventData<'voicemail.new'> = {
      messageId: hook.messageId,
      mailbox: hook.mailbox,
      mailboxOwner: phone.ownerName,
      callerName: hook.callerName,
      callerNumber: hook.callerNumber,
      receivedAt: hook.receivedAt,
      durationSec: hook.durationSec,
      transcript: hook.transcript ?? null,
    };
    const { decisions, delivered, deferred } = await this.routing.route({
      phone,
      contentType: 'voicemail',
      callerNumber: hook.callerNumber,
      callerName: hook.callerName,
      subject: hook.messageId,
      event: { name: 'voicemail.new', id: `voicemail.new:${hook.messageId}`, data },
      // Who was told (or will be, after a quiet programme), so later actions can be checked and fanned out.
      record: (decided) =>
        this.store.voicemail.record(
          {
            messageId: hook.messageId,
            mailbox: hook.mailbox,
            callerName: hook.callerName,
            receivedAt: hook.receivedAt,
          },
          decided.flatMap((d) => (d.outcome === 'suppress' ? [] : [{ deviceId: d.deviceId, show: d.show }])),
        ),
    });
    for (const d of deferred) {
      await this.held.hold({
        deviceId: d.deviceId,
        until: Date.parse(d.until),
        programmeTitle: (await this.displays.quietProgramme(d.deviceId))?.title ?? 'the programme',
        data: redact('voicemail.new', d.show, data),
      });
    }
    this.log.info('voicemail alert decided', {
      messageId: hook.messageId,
      delivered: delivered.length,
      held: decisions.length - delivered.length,
    });
    return delivered.map((d) => d.deviceId);
  }
}
