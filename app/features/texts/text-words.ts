import { formatPhoneNumber } from '../../../protocol/index.ts';
import type { TvText } from '../../storage/db.ts';

/** Replies one press away: what people send from the sofa. */
export const CANNED_REPLIES = [
  'Watching TV — I’ll call you back',
  'Can’t talk now. Call you later?',
  'Got it, thanks!',
] as const;

/** The names the household knows for numbers (voicemail callers), for "Text from Jane". */
export type NameBook = (number: string) => string | null;

/** "Jane 505-555-1313", or the number alone when nobody named it. */
export function who(number: string, names: NameBook): string {
  const name = names(number)?.trim();
  const shown = formatPhoneNumber(number);
  return name ? `${name} ${shown}` : shown;
}

/** "Text from Jane: On my way" — or, on a private screen, only that one came. */
export function incomingTitle(text: TvText, names: NameBook): string {
  if (text.private || !text.number) return `New text for ${text.lineOwner ?? 'the household'}`;
  const name = names(text.number)?.trim() || formatPhoneNumber(text.number);
  return `Text from ${name}: ${text.text}`;
}

/** Where an outgoing text is, in words: the TV says what happens, and why when it failed. */
export function statusText(text: TvText): string {
  const phone = text.proxyName ?? 'the phone';
  switch (text.status) {
    case 'unsent':
      return text.reason ? `Not sent yet — ${text.reason}` : 'Sending…';
    case 'queued':
      return text.waitMinutes
        ? `Queued — waiting for ${phone} (kept ${duration(text.waitMinutes)} if it is offline)`
        : `Queued — waiting for ${phone}`;
    case 'sent-to-phone':
      return `Sent to ${phone}`;
    case 'sent':
      return 'Sent as SMS';
    case 'delivered':
      return 'Delivered';
    case 'failed':
      return `Failed: ${text.reason ?? 'no reason given'}`;
    case 'unauthorized':
      return `Not allowed: ${text.reason ?? `${phone} has not authorized this TV`}`;
    case 'received':
      return '';
  }
}

/** "1 hour", "90 minutes", "2 hours". */
function duration(minutes: number): string {
  if (minutes % 60 === 0) return minutes === 60 ? '1 hour' : `${minutes / 60} hours`;
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/** A text that ended without reaching the network: its draft can be sent again. */
export function canRetry(text: TvText): boolean {
  return (
    text.direction === 'out' && !text.fromName && (text.status === 'failed' || text.status === 'unauthorized')
  );
}
