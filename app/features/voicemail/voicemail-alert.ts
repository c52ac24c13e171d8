import { formatPhoneNumber, type EventData } from '../../../protocol/index.ts';

/** A voicemail alert as the TV shows it. Every text field is data for a text renderer, never markup. */
export interface VoicemailAlert extends EventData<'voicemail.new'> {
  /** The push event's id: what "shown once" is keyed on. */
  eventId: string;
}

/** "Voice mail from Jane 505-555-1313", degrading gracefully when the carrier gave no name or no number. */
export function alertTitle(alert: Pick<VoicemailAlert, 'callerName' | 'callerNumber'>): string {
  const who = [alert.callerName.trim(), alert.callerNumber ? formatPhoneNumber(alert.callerNumber) : '']
    .filter(Boolean)
    .join(' ');
  return who ? `Voice mail from ${who}` : 'New voice mail';
}

/** "For Mary · 0:42" */
export function alertDetail(alert: Pick<VoicemailAlert, 'mailboxOwner' | 'durationSec'>): string {
  const seconds = Math.round(alert.durationSec);
  const length = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  return alert.mailboxOwner ? `For ${alert.mailboxOwner} · ${length}` : length;
}
