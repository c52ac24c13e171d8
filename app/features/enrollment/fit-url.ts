import { FONT } from '../../ui/theme.ts';

/** The font size and lines a URL is drawn in to fit `width` (measured with the same face, on a 2D canvas). */
export function fitUrl(url: string, width: number): { fontSize: number; lines: string[] } {
  const context = document.createElement('canvas').getContext('2d');
  const widthOf = (line: string, size: number) => {
    if (!context) return line.length * size * 0.6;
    context.font = `bold ${size}px ${FONT.face}`;
    return context.measureText(line).width;
  };
  for (let size = 52; size >= 36; size -= 4) {
    if (widthOf(url, size) <= width) return { fontSize: size, lines: [url] };
  }
  // Smallest size, lines broken after '/' or '.' (or anywhere in a part too long on its own).
  // Each part ends after a '/' or '.' (no lookbehind: WPE 2.38, RDK's engine, has none).
  const parts = (url.match(/[^/.]*[/.]?/g) ?? []).filter((part) => part.length > 0);
  const lines: string[] = [];
  let line = '';
  for (const part of parts) {
    if (widthOf(line + part, 36) <= width) {
      line += part;
      continue;
    }
    if (line) lines.push(line);
    line = '';
    for (const char of part) {
      if (line && widthOf(line + char, 36) > width) {
        lines.push(line);
        line = '';
      }
      line += char;
    }
  }
  if (line) lines.push(line);
  return { fontSize: 36, lines };
}
