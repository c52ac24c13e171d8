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

/** A message shown this long after it was left is late: its alert says when it was left. */
export const LATE_AFTER_MS = 5 * 60_000;

/**
 * When a late message was left, for its alert: "Left 25 minutes ago", "Left at 7:42 PM · 2 hours ago",
 * "Left yesterday at 7:42 PM", "Left Mon 22 Nov at 7:42 PM"; null when it is not late (it came as it was left).
 */
export function leftWhen(iso: string, now = new Date()): string | null {
  const date = new Date(iso);
  const ageMs = now.getTime() - date.getTime();
  if (!Number.isFinite(ageMs) || ageMs < LATE_AFTER_MS) return null;
  const minutes = Math.floor(ageMs / 60_000);
  if (minutes < 60) return `Left ${minutes} minutes ago`;
  const time = date.toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' });
  const days = Math.floor(
    (new Date(now.toDateString()).getTime() - new Date(date.toDateString()).getTime()) / 86_400_000,
  );
  if (days === 0) {
    const hours = Math.floor(minutes / 60);
    return `Left at ${time} · ${hours === 1 ? '1 hour' : `${hours} hours`} ago`;
  }
  if (days === 1) return `Left yesterday at ${time}`;
  const day = date.toLocaleDateString([], { weekday: 'short', day: 'numeric', month: 'short' });
  return `Left ${day} at ${time}`;
}

/** "Closes in 12 s", or "Closes in 9:58" from a minute up: how long an alert stays on screen. */
export function closesIn(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds < 60) return `Closes in ${seconds} s`;
  return `Closes in ${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** "✉ 3 new": the resting count of new voicemail on the picture; empty for none. */
export function unreadText(count: number): string {
  return count > 0 ? `✉ ${count} new` : '';
}
