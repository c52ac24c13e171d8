/**
 * AMR storage format (RFC 4867 §5): a magic line, then frames of one header byte and a payload whose size the
 * frame type fixes. Every frame, silence (SID) and NO_DATA included, stands for 20 ms — which is why counting
 * frames gives the honest duration that ffmpeg's decoder loses when it drops DTX frames (DESIGN.md §4).
 */
const MAGIC = { 'amr-nb': Buffer.from('#!AMR\n', 'latin1'), 'amr-wb': Buffer.from('#!AMR-WB\n', 'latin1') };

/** Bytes per frame including its header byte, by frame type 0–15; `undefined` for reserved types. */
const FRAME_BYTES: Record<'amr-nb' | 'amr-wb', readonly (number | undefined)[]> = {
  'amr-nb': [13, 14, 16, 18, 20, 21, 27, 32, 6, 1, 1, 1, undefined, undefined, undefined, 1],
  'amr-wb': [18, 24, 33, 37, 41, 47, 51, 59, 61, 6, undefined, undefined, undefined, undefined, 1, 1],
};
const FRAME_MS = 20;

export class AmrFormatError extends Error {
  override name = 'AmrFormatError';
}

/** Checks the whole file and returns where each frame starts and how long it is. Throws {@link AmrFormatError}. */
export function amrFrames(
  file: Uint8Array,
  variant: 'amr-nb' | 'amr-wb' = 'amr-nb',
): { offset: number; bytes: number }[] {
  const buffer = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  const magic = MAGIC[variant];
  if (buffer.length < magic.length || !buffer.subarray(0, magic.length).equals(magic)) {
    throw new AmrFormatError(
      `not an ${variant.toUpperCase()} file (missing "${magic.toString('latin1').trim()}" header)`,
    );
  }
  const frames: { offset: number; bytes: number }[] = [];
  let offset = magic.length;
  while (offset < buffer.length) {
    const header = buffer[offset]!;
    // Bit 7 and bits 1–0 are padding and must be zero; bits 6–3 are the frame type.
    if ((header & 0x83) !== 0) throw new AmrFormatError(`bad frame header at byte ${offset}`);
    const bytes = FRAME_BYTES[variant][(header >> 3) & 0x0f];
    if (bytes === undefined) throw new AmrFormatError(`reserved frame type at byte ${offset}`);
    if (offset + bytes > buffer.length) throw new AmrFormatError(`truncated frame at byte ${offset}`);
    frames.push({ offset, bytes });
    offset += bytes;
  }
  if (frames.length === 0) throw new AmrFormatError('the file has no frames');
  return frames;
}

/** Checks the whole file and returns its duration in milliseconds. Throws {@link AmrFormatError} on anything malformed. */
export function amrDurationMs(file: Uint8Array, variant: 'amr-nb' | 'amr-wb' = 'amr-nb'): number {
  return amrFrames(file, variant).length * FRAME_MS;
}
