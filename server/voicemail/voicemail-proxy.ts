import type { VoicemailDepositedHook } from '../../protocol/index.ts';
import type { Logger } from '../log.ts';
import type { PushGateway } from '../push/gateway.ts';
import type { Device, Store } from '../store/store.ts';

/**
 * Our voicemail proxy: told by the carrier's voicemail server that a message was left, it decides which devices
 * hear of it and queues `voicemail.new` for each. Recipients today: the mailbox's phone plus the STBs its
 * voicemail relationship names (the full policy engine replaces `recipientsFor` later).
 */
export class VoicemailProxy {
  private readonly store: Store;
  private readonly gateway: PushGateway;
  private readonly log: Logger;

  constructor(deps: { store: Store; gateway: PushGateway; log: Logger }) {
    this.store = deps.store;
    this.gateway = deps.gateway;
    this.log = deps.log;
  }

  /** Returns the ids of the devices the alert was queued for (empty for a mailbox we don't serve). */
  onDeposited(hook: VoicemailDepositedHook): string[] {
    const phone = this.store.findPhoneByNumber(hook.mailbox);
    if (!phone) {
      this.log.info('deposit for a mailbox no household follows', { messageId: hook.messageId });
      return [];
    }
    const recipients = this.recipientsFor(phone);
    this.store.recordVoicemail(
      {
        messageId: hook.messageId,
        mailbox: hook.mailbox,
        callerName: hook.callerName,
        receivedAt: hook.receivedAt,
      },
      recipients.map((d) => d.id),
    );
    const eventId = `voicemail.new:${hook.messageId}`;
    for (const device of recipients) {
      this.gateway.publish(device.id, 'voicemail.new', eventId, {
        messageId: hook.messageId,
        mailbox: hook.mailbox,
        mailboxOwner: phone.ownerName,
        callerName: hook.callerName,
        callerNumber: hook.callerNumber,
        receivedAt: hook.receivedAt,
        durationSec: hook.durationSec,
        transcript: hook.transcript ?? null,
      });
    }
    this.log.info('voicemail alert queued', { messageId: hook.messageId, recipients: recipients.length });
    return recipients.map((d) => d.id);
  }

  private recipientsFor(phone: Device): Device[] {
    return [phone, ...this.store.listRelationshipTargets(phone.id, 'voicemail')];
  }
}
