import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Audio made with sox for tests: a tone of `seconds` as AMR-NB (12.2 kbit/s, as phones record), GSM or WAV. */
export function soxTone(type: 'amr-nb' | 'gsm' | 'wav', seconds: number): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'couchline-fixture-'));
  try {
    const out = join(dir, `tone.${type}`);
    const encoding = type === 'amr-nb' ? ['-t', 'amr-nb', '-C', '7'] : type === 'gsm' ? ['-t', 'gsm'] : [];
    execFileSync('sox', [
      '-n',
      '-r',
      '8000',
      '-c',
      '1',
      ...encoding,
      out,
      'synth',
      String(seconds),
      'sine',
      '440',
    ]);
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * An AMR-NB file with silence suppressed the way phones do it: speech, then `silentFrames` NO_DATA frames (DTX),
 * then speech again. Each frame is 20 ms, so the honest duration counts the silent ones too.
 */
export function amrWithDtx(
  speechSeconds: number,
  silentFrames: number,
): { bytes: Buffer; durationMs: number } {
  const speech = soxTone('amr-nb', speechSeconds);
  const magic = speech.subarray(0, 6);
  const frames = speech.subarray(6);
  const half = Math.floor(frames.length / 32 / 2) * 32; // mode-7 frames are 32 bytes
  const noData = Buffer.alloc(silentFrames, 0x7c); // frame type 15, NO_DATA
  const bytes = Buffer.concat([magic, frames.subarray(0, half), noData, frames.subarray(half)]);
  return { bytes, durationMs: (frames.length / 32 + silentFrames) * 20 };
}

/** The duration ffprobe reads from a file's decoded audio stream, in seconds. */
export function probedSeconds(path: string): number {
  const out = execFileSync('ffprobe', [
    '-v',
    'error',
    '-show_entries',
    'format=duration',
    '-of',
    'csv=p=0',
    path,
  ]);
  return Number.parseFloat(out.toString());
}

/**
 * An AMR-WB file built by the test (neither sox nor ffmpeg here encodes AMR-WB): mode-8 frames (23.85 kbit/s,
 * 60 payload bytes) with varying bits, which the decoder turns into 20 ms of noise each.
 */
export function buildAmrWb(frames: number): Buffer {
  const body = Buffer.alloc(frames * 61);
  for (let i = 0; i < frames; i++) {
    body[i * 61] = (8 << 3) | 0x04; // frame type 8, quality bit set
    for (let j = 1; j < 61; j++) body[i * 61 + j] = (i * 31 + j * 17) & 0xff;
  }
  return Buffer.concat([Buffer.from('#!AMR-WB\n', 'latin1'), body]);
}
