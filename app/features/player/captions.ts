/**
 * Captions from a transcript without word timings: the text in short chunks spread evenly over the message, so
 * the line on screen moves on with the audio. Speech runs at a steady pace, so this stays close enough to follow.
 */
export function captionAt(
  transcript: string | null | undefined,
  currentTime: number,
  duration: number,
  wordsPerLine = 7,
): string {
  const words = transcript?.trim().split(/\s+/).filter(Boolean) ?? [];
  if (words.length === 0 || !Number.isFinite(duration) || duration <= 0) return '';
  const lines = Math.ceil(words.length / wordsPerLine);
  const index = Math.min(lines - 1, Math.max(0, Math.floor((currentTime / duration) * lines)));
  return words.slice(index * wordsPerLine, (index + 1) * wordsPerLine).join(' ');
}
