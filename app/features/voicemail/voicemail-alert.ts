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

/** "While you watched The Evening News: 2 voicemails from Jane and Simon" (names as the screen may show them). */
export function summaryText(summary: EventData<'voicemail.summary'>): string {
  const labels = summary.messages.map(
    (m) => m.callerName.trim() || (m.callerNumber ? formatPhoneNumber(m.callerNumber) : ''),
  );
  const names = [...new Set(labels.filter(Boolean))];
  // Callers the screen may not name, or messages the summary did not carry.
  const unnamed = labels.filter((l) => !l).length + (summary.count - summary.messages.length);
  if (names.length > 0 && unnamed > 0) names.push('others');
  const from = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}` : (names[0] ?? '');
  const what = summary.count === 1 ? '1 voicemail' : `${summary.count} voicemails`;
  return `While you watched ${summary.programmeTitle}: ${what}${from ? ` from ${from}` : ''}`;
}
