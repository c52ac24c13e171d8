import { formatPhoneNumber } from '../protocol/index.ts';

/**
 * How voicemail is put into words and numbers for people, the same on the TV and the phone page. Plain strings
 * only: every screen draws them as text, never as markup.
 */

/** 75 → "1:15"; NaN → "–:––". */
export function clock(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–:––';
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** "Today 20:05", "Mon 09:12", "12 Nov 09:12" — short enough for a TV row. */
export function when(iso: string, now = new Date()): string {
  const date = new Date(iso);
  const time = date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const days = Math.floor(
    (new Date(now.toDateString()).getTime() - new Date(date.toDateString()).getTime()) / 86_400_000,
  );
  if (days === 0) return `Today ${time}`;
  if (days === 1) return `Yesterday ${time}`;
  if (days < 7) return `${date.toLocaleDateString([], { weekday: 'short' })} ${time}`;
  return `${date.toLocaleDateString([], { day: 'numeric', month: 'short' })} ${time}`;
}

/** The first words of a transcript, for a one-line preview. */
export function preview(transcript: string | null, words = 8): string {
  if (!transcript) return '';
  const parts = transcript.trim().split(/\s+/);
  return `“${parts.slice(0, words).join(' ')}${parts.length > words ? '…' : ''}”`;
}

/** How a caller is named in sentences ("Message from Jane deleted"): the name, else the number, else "unknown caller". */
export function callerLabel(message: { callerName: string; callerNumber?: string }): string {
  return message.callerName.trim() || formatPhoneNumber(message.callerNumber ?? '') || 'unknown caller';
}
