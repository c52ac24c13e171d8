/**
 * AMR-NB storage format (RFC 4867 §5): the magic "#!AMR\n", then frames of one header byte and a payload whose
 * size the frame type fixes. Every frame, silence (SID) and NO_DATA included, stands for 20 ms — which is why
 * counting frames gives the honest duration that ffmpeg's decoder loses when it drops DTX frames (DESIGN.md §4).
 */
const MAGIC = Buffer.from('#!AMR\n', 'latin1');
/** Bytes per frame including its header byte, by frame type 0–15; `undefined` for the reserved types 12–14. */
const FRAME_BYTES: readonly (number | undefined)[] = [
  13,
  14,
  16,
  18,
  20,
  21,
  27,
  32,
  6,
  1,
  1,
  1,
  undefined,
  undefined,
  undefined,
  1,
];
const FRAME_MS = 20;

export class AmrFormatError extends Error {
  override name = 'AmrFormatError';
}

/** Checks the whole file and returns its duration in milliseconds. Throws {@link AmrFormatError} on anything malformed. */
export function amrNbDurationMs(file: Uint8Array): number {
  const buffer = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  if (buffer.length < MAGIC.length || !buffer.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new AmrFormatError('not an AMR-NB file (missing "#!AMR" header)');
  }
  let offset = MAGIC.length;
  let frames = 0;
  while (offset < buffer.length) {
    const header = buffer[offset]!;
    // Bit 7 and bits 1–0 are padding and must be zero; bits 6–3 are the frame type.
    if ((header & 0x83) !== 0) throw new AmrFormatError(`bad frame header at byte ${offset}`);
    const size = FRAME_BYTES[(header >> 3) & 0x0f];
    if (size === undefined) throw new AmrFormatError(`reserved frame type at byte ${offset}`);
    if (offset + size > buffer.length) throw new AmrFormatError(`truncated frame at byte ${offset}`);
    offset += size;
    frames++;
  }
  if (frames === 0) throw new AmrFormatError('AMR-NB file has no frames');
  return frames * FRAME_MS;
}
