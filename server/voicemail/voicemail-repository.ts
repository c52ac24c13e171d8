import type { PrivacyLevel } from '../../protocol/index.ts';
import type { Session } from '../store/session.ts';

export interface VoicemailRecord {
  messageId: string;
  mailbox: string;
  callerName: string;
  receivedAt: string;
}

/** A device told of a voicemail, and how much of the caller it was shown (its display's privacy). */
export interface VoicemailRecipient {
  deviceId: string;
  show: PrivacyLevel;
}

/** The voicemails we were told of and the devices we told, so later actions can be checked and fanned out. */
export interface VoicemailRepository {
  record(message: VoicemailRecord, recipients: readonly VoicemailRecipient[]): Promise<void>;
  get(messageId: string): Promise<VoicemailRecord | undefined>;
  recipients(messageId: string): Promise<VoicemailRecipient[]>;
}

export function voicemailRepository(session: Session): VoicemailRepository {
  return {
    record(message, recipients) {
      return session.transaction(async () => {
        await session
          .query()
          .insertInto('voicemail_messages')
          .values({
            message_id: message.messageId,
            mailbox: message.mailbox,
            caller_name: message.callerName,
            received_at: message.receivedAt,
          })
          .onConflict((c) => c.doNothing())
          .execute();
        if (recipients.length === 0) return;
        await session
          .query()
          .insertInto('voicemail_recipients')
          .values(
            recipients.map((r) => ({ message_id: message.messageId, device_id: r.deviceId, show: r.show })),
          )
          .onConflict((c) => c.doNothing())
          .execute();
      });
    },
    async get(messageId) {
      const row = await session
        .query()
        .selectFrom('voicemail_messages')
        .selectAll()
        .where('message_id', '=', messageId)
        .executeTakeFirst();
      return (
        row && {
          messageId: row.message_id,
          mailbox: row.mailbox,
          callerName: row.caller_name,
          receivedAt: row.received_at,
        }
      );
    },
    async recipients(messageId) {
      const rows = await session
        .query()
        .selectFrom('voicemail_recipients')
        .select(['device_id', 'show'])
        .where('message_id', '=', messageId)
        .orderBy('device_id')
        .execute();
      return rows.map((r) => ({ deviceId: r.device_id, show: r.show as PrivacyLevel }));
    },
  };
}
