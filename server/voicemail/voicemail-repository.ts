import type { Insertable } from 'kysely';
import type { PrivacyLevel } from '../../protocol/index.ts';
import { preparedInsert } from '../store/prepared-query.ts';
import type { Session } from '../store/session.ts';
import type { Tables } from '../store/tables.ts';

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
  // Every voicemail alert records its message and who was told: compiled once (per number of recipients).
  const insertMessage = preparedInsert(session, (db, rows: Insertable<Tables['voicemail_messages']>[]) =>
    db
      .insertInto('voicemail_messages')
      .values(rows)
      .onConflict((c) => c.doNothing()),
  );
  const insertRecipients = preparedInsert(session, (db, rows: Insertable<Tables['voicemail_recipients']>[]) =>
    db
      .insertInto('voicemail_recipients')
      .values(rows)
      .onConflict((c) => c.doNothing()),
  );
  return {
    record(message, recipients) {
      return session.transaction(async () => {
        await insertMessage.insert([
          {
            message_id: message.messageId,
            mailbox: message.mailbox,
            caller_name: message.callerName,
            received_at: message.receivedAt,
          },
        ]);
        await insertRecipients.insert(
          recipients.map((r) => ({ message_id: message.messageId, device_id: r.deviceId, show: r.show })),
        );
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
